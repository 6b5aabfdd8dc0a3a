import Foundation
import Testing
@testable import DescentMonitor

/// The fast paths (radix sort, branch-free KS merge) against plain reference implementations.
@Suite struct SortingAndKSStatisticTests {
    @Test func radixSortEqualsStandardSort() {
        var rng = SplitMix64(seed: 5)
        var x: [Double] = (0..<60_000).map { i in
            let u = Double(rng.next() >> 11) / 9_007_199_254_740_992
            switch i % 6 {
            case 0: return (u - 0.5) * 1e6
            case 1: return Double(Int(u * 20) - 10)       // many ties
            case 2: return (u - 0.5) * 1e-300             // tiny magnitudes, subnormals near zero
            case 3: return -0.0
            case 4: return 0.0
            default: return u < 0.01 ? -.infinity : (u > 0.99 ? .infinity : u)
            }
        }
        x.append(.greatestFiniteMagnitude)
        x.append(-.greatestFiniteMagnitude)
        let radix = Sorting.radixSorted(x)
        let reference = x.sorted()
        #expect(radix.count == reference.count)
        #expect(zip(radix, reference).allSatisfy { $0 == $1 })
    }

    /// scipy's definition: max over pooled values of |searchsorted(a, v, right)/n1 − searchsorted(b, v, right)/n2|.
    static func naiveStatistic(_ a: [Double], _ b: [Double]) -> Double {
        let sa = a.sorted(), sb = b.sorted()
        func right(_ s: [Double], _ v: Double) -> Int { s.firstIndex { $0 > v } ?? s.count }
        var d = 0.0
        for v in sa + sb {
            d = max(d, abs(Double(right(sa, v)) / Double(sa.count) - Double(right(sb, v)) / Double(sb.count)))
        }
        return d
    }

    @Test func mergedStatisticEqualsTheDefinition() {
        var rng = SplitMix64(seed: 8)
        for trial in 0..<300 {
            let n1 = 1 + Int(rng.next() % 40), n2 = 1 + Int(rng.next() % 40)
            let levels = trial % 3 == 0 ? 4 : 1000
            let a = (0..<n1).map { _ in Double(rng.next() % UInt64(levels)) + (trial % 2 == 0 ? 0 : 0.5) }
            let b = (0..<n2).map { _ in Double(rng.next() % UInt64(levels)) }
            let fast = KolmogorovSmirnovTest.statistic(sortedA: a.sorted(), sortedB: b.sorted())
            #expect(abs(fast - Self.naiveStatistic(a, b)) < 1e-15, "trial \(trial)")
        }
    }

    @Test func largeSamplesUseRadixAndAgree() {
        var rng = SplitMix64(seed: 9)
        let a = (0..<70_000).map { _ in Double(rng.next() % 5000) / 7 }
        let b = (0..<55_000).map { _ in Double(rng.next() % 5003) / 7 }
        let r = KolmogorovSmirnovTest.test(a, b)
        let d = KolmogorovSmirnovTest.statistic(sortedA: a.sorted(), sortedB: b.sorted())
        #expect(r.statistic == d)
        #expect(r.method == .asymptotic)
    }
}

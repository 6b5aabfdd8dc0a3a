import Foundation

/// The two-sample Kolmogorov–Smirnov test (Evidently `ks`), equal to `scipy.stats.ks_2samp`
/// (two-sided): the exact p-value when both samples have at most 10,000 values, otherwise
/// `kstwo.sf(D, round(n·m/(n+m)))`; O(n log n) via sorting (radix sort for large samples,
/// both samples sorted in parallel) and one merge pass.
public enum KolmogorovSmirnovTest {
    /// How the p-value is computed (scipy's `method`).
    public enum Method: String, Sendable { case auto, exact, asymptotic }

    /// The statistic D = sup |F_ref − F_cur| and its p-value.
    public struct Result: Sendable, Equatable {
        /// The KS statistic (in exact mode rounded to the lattice h / lcm(n, m), as scipy does).
        public let statistic: Double
        /// Two-sided p-value.
        public let pValue: Double
        /// The method actually used.
        public let method: Method
    }

    /// Tests whether `reference` and `current` come from the same continuous distribution.
    public static func test(_ reference: [Double], _ current: [Double], method: Method = .auto) -> Result {
        precondition(!reference.isEmpty && !current.isEmpty, "samples must not be empty")
        let sorted = Sorting.sortedAll([reference, current])
        return test(sortedReference: sorted[0], sortedCurrent: sorted[1], method: method)
    }

    /// As ``test(_:_:method:)`` for samples already sorted ascending.
    public static func test(sortedReference a: [Double], sortedCurrent b: [Double], method: Method = .auto) -> Result {
        let d = statistic(sortedA: a, sortedB: b)
        return pValue(d: d, n1: a.count, n2: b.count, method: method)
    }

    /// sup over the pooled values of |F_a(x) − F_b(x)| (right-continuous ECDFs), by one
    /// branch-free merge: the difference is evaluated after each pooled value's last copy.
    static func statistic(sortedA a: [Double], sortedB b: [Double]) -> Double {
        let n1 = a.count, n2 = b.count
        let inv1 = 1 / Double(n1), inv2 = 1 / Double(n2)
        var maxS = 0.0, minS = 0.0
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                var i = 0, j = 0
                var x = a[0], y = b[0]
                var v = 0.0
                while i < n1 && j < n2 {
                    let takeA = x <= y
                    v = takeA ? x : y
                    i &+= takeA ? 1 : 0
                    j &+= takeA ? 0 : 1
                    x = i < n1 ? a[Swift.min(i, n1 &- 1)] : .infinity
                    y = j < n2 ? b[Swift.min(j, n2 &- 1)] : .infinity
                    let next = Swift.min(x, y)
                    let diff = Double(i) * inv1 - Double(j) * inv2
                    let last = next != v
                    maxS = last && diff > maxS ? diff : maxS
                    minS = last && diff < minS ? diff : minS
                }
                // One sample is exhausted; finish the tie group of the last value, where the
                // remaining sample's contribution is extreme.
                if i == n1 {
                    while j < n2 && b[j] == v { j &+= 1 }
                    maxS = Swift.max(maxS, 1 - Double(j) * inv2)
                } else {
                    while i < n1 && a[i] == v { i &+= 1 }
                    minS = Swift.min(minS, Double(i) * inv1 - 1)
                }
            }
        }
        let minD = Swift.min(Swift.max(-minS, 0), 1)
        return minD > maxS ? minD : maxS
    }

    /// The two-sided p-value for statistic `d` with sample sizes n1, n2 (scipy's rules).
    public static func pValue(d rawD: Double, n1: Int, n2: Int, method: Method = .auto) -> Result {
        var d = rawD
        let g = gcd(n1, n2)
        var mode = method
        if mode == .auto { mode = max(n1, n2) <= 10_000 ? .exact : .asymptotic }
        if mode == .exact && n1 / g >= Int(Int32.max) / (n2 / g) { mode = .asymptotic }
        if mode == .exact {
            let lcm = (n1 / g) * n2
            let h = Int((d * Double(lcm)).rounded(.toNearestOrEven))
            d = Double(h) / Double(lcm)
            if h == 0 { return Result(statistic: d, pValue: 1, method: .exact) }
            let prob = n1 == n2 ? probOutsideSquare(n1, h) : outerProbInside(n1, n2, g, h)
            if prob.isFinite && prob >= 0 && prob <= 1 {
                return Result(statistic: d, pValue: prob, method: .exact)
            }
            mode = .asymptotic
        }
        let m = Double(max(n1, n2)), n = Double(min(n1, n2))
        let en = m * n / (m + n)
        let p = KolmogorovDistribution.sf(d, n: Int(en.rounded(.toNearestOrEven)))
        return Result(statistic: d, pValue: min(max(p, 0), 1), method: .asymptotic)
    }

    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }

    /// Proportion of lattice paths outside |x − y| < h for n == m (scipy `_compute_prob_outside_square`).
    static func probOutsideSquare(_ n: Int, _ h: Int) -> Double {
        var P = 0.0
        var k = Int((Double(n) / Double(h)).rounded(.down))
        while k >= 0 {
            var p1 = 1.0
            for j in 0..<h {
                p1 = Double(n - k * h - j) * p1 / Double(n + k * h + j + 1)
            }
            P = p1 * (1 - P)
            k -= 1
        }
        return 2 * P
    }

    /// 1 − proportion of paths staying strictly inside the band (scipy `_compute_outer_prob_inside_method`).
    static func outerProbInside(_ m0: Int, _ n0: Int, _ g: Int, _ h: Int) -> Double {
        let (m, n) = m0 < n0 ? (n0, m0) : (m0, n0)
        let mg = m / g, ng = n / g
        var minj = 0
        var maxj = min(Int((Double(h) / Double(mg)).rounded(.up)), n + 1)
        var curlen = maxj - minj
        let lenA = min(2 * maxj + 2, n + 1)
        var A = [Double](repeating: 1, count: lenA)
        for q in minj..<min(maxj, lenA) { A[q] = 0 }
        return A.withUnsafeMutableBufferPointer { A -> Double in
            for i in 1...m {
                let lastminj = minj, lastlen = curlen
                minj = max(Int((Double(ng * i - h) / Double(mg)).rounded(.down)) + 1, 0)
                minj = min(minj, n)
                maxj = min(Int((Double(ng * i + h) / Double(mg)).rounded(.up)), n + 1)
                if maxj <= minj { return 1 }
                var val = minj == 0 ? 0.0 : 1.0
                let di = Double(i)
                for jj in 0..<(maxj - minj) {
                    let j = jj + minj
                    val = (A[jj + minj - lastminj] * di + val * Double(j)) / (di + Double(j))
                    A[jj] = val
                }
                curlen = maxj - minj
                if lastlen > curlen {
                    for q in (maxj - minj)..<(maxj - minj + (lastlen - curlen)) where q < A.count { A[q] = 1 }
                }
            }
            return A[maxj - minj - 1]
        }
    }
}

import Foundation
import Testing
@testable import DescentMonitor

/// The permutation p-value of `empirical_mmd` (the statistic itself is checked against numpy in the parity suite).
@Suite struct MaximumMeanDiscrepancyTests {
    static func uniform(_ n: Int, seed: UInt64, shift: Double = 0) -> [Double] {
        var rng = SplitMix64(seed: seed)
        return (0..<n).map { _ in Double(rng.next() >> 11) / 9_007_199_254_740_992 + shift }
    }

    @Test func permutationPValueSeparatesShiftFromNoShift() {
        let ref = Self.uniform(300, seed: 1)
        let same = MaximumMeanDiscrepancy.test(ref, Self.uniform(250, seed: 2), permutations: 50)
        let shifted = MaximumMeanDiscrepancy.test(ref, Self.uniform(250, seed: 3, shift: 0.3), permutations: 50)
        #expect(same.pValue > 0.05)
        #expect(shifted.pValue == 0)
        #expect(shifted.statistic > same.statistic)
        // Reproducible: the same seed gives the same permutations.
        let again = MaximumMeanDiscrepancy.test(ref, Self.uniform(250, seed: 2), permutations: 50)
        #expect(again.pValue == same.pValue && again.statistic == same.statistic)
    }

    @Test func largeSamplesAreSubsampled() {
        let r = MaximumMeanDiscrepancy.test(Self.uniform(5000, seed: 4), Self.uniform(5000, seed: 5, shift: 0.2), permutations: 5)
        #expect(r.pValue == 0)
        #expect(r.statistic.isFinite)
    }
}

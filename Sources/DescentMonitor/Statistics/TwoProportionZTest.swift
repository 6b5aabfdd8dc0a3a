import Foundation

/// The two-proportion z-test (Evidently `z`): Evidently codes the first category in sorted
/// order as 0 and every other value as 1, and compares the shares of 1s with a pooled
/// standard error, two-sided.
public enum TwoProportionZTest {
    /// z = (p₁ − p₂) / √(P(1−P)(1/n₁+1/n₂)) and the two-sided p-value 2·P(Z > |z|).
    public static func test(referenceHits k1: Double, referenceTotal n1: Double, currentHits k2: Double, currentTotal n2: Double)
        -> (statistic: Double, pValue: Double)
    {
        let p1 = k1 / n1, p2 = k2 / n2
        let P = (p1 * n1 + p2 * n2) / (n1 + n2)
        let z = (p1 - p2) / (P * (1 - P) * (1 / n1 + 1 / n2)).squareRoot()
        return (z, 2 * SpecialFunctions.normalSF(abs(z)))
    }

    /// Evidently's z-test on a column: p = 1 when both samples hold the same single value.
    public static func test(_ sample: DriftSample) -> (statistic: Double, pValue: Double) {
        switch sample {
        case .numeric(let r, let c): return test(r, c)
        case .categorical(let r, let c): return test(r, c)
        }
    }

    private static func test<T: Comparable & Hashable>(_ r: [T], _ c: [T]) -> (statistic: Double, pValue: Double) {
        let ur = Set(r), uc = Set(c)
        if ur.count == 1 && uc.count == 1 && ur == uc { return (0, 1) }
        let first = ur.union(uc).min()!
        let k1 = Double(r.lazy.filter { $0 != first }.count)
        let k2 = Double(c.lazy.filter { $0 != first }.count)
        return test(referenceHits: k1, referenceTotal: Double(r.count), currentHits: k2, currentTotal: Double(c.count))
    }
}

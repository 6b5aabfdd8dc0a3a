/// Pearson's chi-square goodness-of-fit test of the current category counts against the
/// reference shares scaled to the current size (Evidently `chisquare`; `scipy.stats.chisquare`).
public enum ChiSquareTest {
    /// Returns the statistic Σ (obs − exp)² / exp and its p-value with k − 1 degrees of freedom.
    public static func test(_ table: FrequencyTable) -> (statistic: Double, pValue: Double) {
        let kNorm = table.currentTotal / table.referenceTotal
        var stat = 0.0
        for i in 0..<table.categoryCount {
            let expected = table.referenceCounts[i] * kNorm
            let observed = table.currentCounts[i]
            let diff = observed - expected
            stat += expected == 0 ? (diff == 0 ? Double.nan : .infinity) : diff * diff / expected
        }
        let df = Double(table.categoryCount - 1)
        return (stat, SpecialFunctions.chiSquareSF(stat, df: df))
    }
}

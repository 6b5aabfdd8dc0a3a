import Foundation

/// The population stability index Σ (r − c) ln(r / c) over bins (Evidently `psi`).
public enum PopulationStabilityIndex {
    /// PSI of a column with Evidently's binning and zero filling.
    public static func index(_ sample: DriftSample) -> Double {
        let (r, c) = Histogram.binnedShares(sample, fillZeroes: true)
        var s = 0.0
        for i in r.indices { s += (r[i] - c[i]) * log(r[i] / c[i]) }
        return s
    }
}

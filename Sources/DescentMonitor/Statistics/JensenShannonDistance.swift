import Foundation

/// The Jensen–Shannon distance (natural log) between the binned reference and current
/// distributions (Evidently `jensenshannon`; `scipy.spatial.distance.jensenshannon`).
public enum JensenShannonDistance {
    /// Distance between two (not necessarily normalised) probability vectors.
    public static func distance(_ p0: [Double], _ q0: [Double]) -> Double {
        let sp = p0.reduce(0, +), sq = q0.reduce(0, +)
        var left = 0.0, right = 0.0
        for i in p0.indices {
            let p = p0[i] / sp, q = q0[i] / sq
            let m = (p + q) / 2
            left += relativeEntropy(p, m)
            right += relativeEntropy(q, m)
        }
        return ((left + right) / 2).squareRoot()
    }

    /// Evidently's JS distance for a column: shares per bin without zero filling.
    public static func distance(_ sample: DriftSample) -> Double {
        let (r, c) = Histogram.binnedShares(sample, fillZeroes: false)
        return distance(r, c)
    }

    /// `scipy.special.rel_entr(x, y)`.
    static func relativeEntropy(_ x: Double, _ y: Double) -> Double {
        if x > 0 && y > 0 { return x * log(x / y) }
        if x == 0 && y >= 0 { return 0 }
        return .infinity
    }
}

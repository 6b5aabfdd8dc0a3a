import Foundation

/// The Kullback–Leibler divergence KL(reference ‖ current) over bins (Evidently `kl_div`;
/// `scipy.stats.entropy(ref, cur)`, which renormalises both vectors).
public enum KullbackLeiblerDivergence {
    /// KL divergence between two (not necessarily normalised) vectors.
    public static func divergence(_ p0: [Double], _ q0: [Double]) -> Double {
        let sp = p0.reduce(0, +), sq = q0.reduce(0, +)
        var s = 0.0
        for i in p0.indices { s += JensenShannonDistance.relativeEntropy(p0[i] / sp, q0[i] / sq) }
        return s
    }

    /// KL divergence of a column with Evidently's binning and zero filling.
    public static func divergence(_ sample: DriftSample) -> Double {
        let (r, c) = Histogram.binnedShares(sample, fillZeroes: true)
        return divergence(r, c)
    }
}

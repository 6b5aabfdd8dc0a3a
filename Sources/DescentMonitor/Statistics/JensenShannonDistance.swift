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

/// The Hellinger distance between reference and current (Evidently `hellinger`): category
/// shares for categorical columns; for numeric columns, density histograms on Sturges bins
/// over the distinct values of both samples.
public enum HellingerDistance {
    /// Returns √(1 − BC), BC the Bhattacharyya coefficient clipped to [0, 1].
    public static func distance(_ sample: DriftSample) -> Double {
        var bc = 0.0
        switch sample {
        case .categorical:
            let t = sample.frequencyTable
            let nr = t.referenceTotal, nc = t.currentTotal
            for i in 0..<t.categoryCount { bc += (t.referenceCounts[i] / nr * t.currentCounts[i] / nc).squareRoot() }
        case .numeric(let r, let c):
            let keys = Array(Set(r + c))
            let edges = Histogram.sturgesEdges(keys)
            let h1 = density(r, edges), h2 = density(c, edges)
            let width = (edges.last! - edges.first!) / Double(edges.count - 1)
            for i in h1.indices { bc += (h1[i] * h2[i]).squareRoot() * width }
        }
        bc = min(max(bc, 0), 1)
        return (1 - bc).squareRoot()
    }

    private static func density(_ x: [Double], _ edges: [Double]) -> [Double] {
        let counts = Histogram.counts(x, edges: edges)
        let total = counts.reduce(0, +)
        return counts.indices.map { counts[$0] / total / (edges[$0 + 1] - edges[$0]) }
    }
}

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

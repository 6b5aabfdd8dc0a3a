import Foundation

/// Equal-width histograms as numpy computes them: `np.histogram_bin_edges(x, bins="sturges")`
/// and `np.histogram(x, edges)` (bins half-open, the last one closed; values outside not counted).
public enum Histogram {
    /// numpy's Sturges bin edges for `values` (which must be non-empty and finite).
    public static func sturgesEdges(_ values: [Double]) -> [Double] {
        var lo = Double.infinity, hi = -Double.infinity
        for v in values { lo = min(lo, v); hi = max(hi, v) }
        return sturgesEdges(min: lo, max: hi, count: values.count)
    }

    /// numpy's Sturges edges given the range and size of the data.
    public static func sturgesEdges(min lo0: Double, max hi0: Double, count: Int) -> [Double] {
        var lo = lo0, hi = hi0
        if lo == hi { lo -= 0.5; hi += 0.5 }
        let width = (hi0 - lo0) / (log2(Double(count)) + 1.0)
        let bins = width != 0 ? Int(((hi - lo) / width).rounded(.up)) : 1
        return linspace(lo, hi, bins + 1)
    }

    /// `np.linspace(start, stop, num)` with the endpoint.
    static func linspace(_ start: Double, _ stop: Double, _ num: Int) -> [Double] {
        let div = Double(num - 1)
        let delta = stop - start
        let step = delta / div
        var y = (0..<num).map { Double($0) }
        if step == 0 {
            for i in y.indices { y[i] = y[i] / div * delta + start }
        } else {
            for i in y.indices { y[i] = y[i] * step + start }
        }
        if num > 1 { y[num - 1] = stop }
        return y
    }

    /// Counts per bin, `np.histogram(values, edges)[0]`.
    public static func counts(_ values: [Double], edges: [Double]) -> [Double] {
        let nb = edges.count - 1
        var counts = [Double](repeating: 0, count: nb)
        guard nb > 0 else { return counts }
        let lo = edges[0], hi = edges[nb]
        let scale = Double(nb) / (hi - lo)
        edges.withUnsafeBufferPointer { e in
            for v in values {
                if !(v >= lo && v <= hi) { continue }
                var b = Int(((v - lo) * scale).rounded(.down))
                if b >= nb { b = nb - 1 }
                if b < 0 { b = 0 }
                while b > 0 && v < e[b] { b -= 1 }
                while b < nb - 1 && v >= e[b + 1] { b += 1 }
                counts[b] += 1
            }
        }
        return counts
    }

    /// Evidently's `get_binned_data`: the share of each sample per bin (numeric columns with
    /// more than 20 distinct reference values, Sturges bins over both samples) or per category;
    /// with `fillZeroes`, empty bins get a small positive share as Evidently does.
    static func binnedShares(_ sample: DriftSample, fillZeroes: Bool) -> (reference: [Double], current: [Double]) {
        var ref: [Double], cur: [Double]
        let nRef: Double, nCur: Double
        switch sample {
        case .numeric(let r, let c) where DriftSample.distinct([r], limit: 20) > 20:
            let edges = sturgesEdges(r + c)
            ref = counts(r, edges: edges)
            cur = counts(c, edges: edges)
            nRef = Double(r.count); nCur = Double(c.count)
        default:
            let table = sample.frequencyTable
            ref = table.referenceCounts; cur = table.currentCounts
            nRef = table.referenceTotal; nCur = table.currentTotal
        }
        for i in ref.indices { ref[i] /= nRef; cur[i] /= nCur }
        if fillZeroes {
            fill(&ref)
            fill(&cur)
        }
        return (ref, cur)
    }

    private static func fill(_ p: inout [Double]) {
        let nonzeroMin = p.filter { $0 != 0 }.min() ?? 0
        let fillValue = nonzeroMin <= 0.0001 ? nonzeroMin / 1_000_000 : 0.0001
        for i in p.indices where p[i] == 0 { p[i] = fillValue }
    }
}

import Foundation

/// Multivariate drift by PCA reconstruction error, NannyML's method: fit PCA on the
/// standardized reference keeping the fewest components that explain at least
/// `varianceToKeep` (65%) of the variance; a chunk's error is the mean Euclidean distance
/// between its rows and their reconstructions; the band is the mean ± 3 standard deviations
/// of the reference chunks' errors (lower bound at least 0), and a current chunk outside it alerts.
public struct PCAReconstructionDrift: Sendable {
    /// One chunk's reconstruction error.
    public struct Chunk: Sendable {
        /// Row range within its sample.
        public let rows: Range<Int>
        /// Mean reconstruction error of the chunk.
        public let error: Double
        /// Whether the error is outside the reference band (current chunks only).
        public let alert: Bool
    }

    /// Number of principal components kept.
    public let components: Int
    /// Share of variance the kept components explain.
    public let explainedVariance: Double
    /// Reference chunks.
    public let referenceChunks: [Chunk]
    /// Current chunks.
    public let currentChunks: [Chunk]
    /// Lower edge of the band: mean − 3σ of the reference chunk errors (at least 0).
    public let lowerThreshold: Double
    /// Upper edge of the band: mean + 3σ of the reference chunk errors.
    public let upperThreshold: Double
    /// Mean reconstruction error of the whole reference sample.
    public let referenceError: Double
    /// Mean reconstruction error of the whole current sample.
    public let currentError: Double

    /// Whether any current chunk is outside the band.
    public var drift: Bool { currentChunks.contains { $0.alert } }

    /// Fits on the reference and scores both samples in chunks of `chunkSize` rows
    /// (default: the reference split into `referenceChunks` (10) chunks).
    public init(_ m: FeatureMatrix, varianceToKeep: Double = 0.65, referenceChunks chunkCount: Int = 10,
                chunkSize: Int? = nil, sigmas: Double = 3) throws(DriftInputError) {
        let d = m.width, n = m.referenceRows
        guard n >= 2 else { throw DriftInputError("PCA reconstruction needs at least 2 reference rows") }
        guard m.currentRows >= 1 else { throw DriftInputError("PCA reconstruction needs current rows") }
        // Covariance of the (already centred and scaled) reference.
        var cov = [Double](repeating: 0, count: d * d)
        m.reference.withUnsafeBufferPointer { x in
            for i in 0..<n {
                let row = i * d
                for a in 0..<d {
                    let xa = x[row + a]
                    if xa == 0 { continue }
                    for b in a..<d { cov[a * d + b] += xa * x[row + b] }
                }
            }
        }
        for a in 0..<d { for b in a..<d { cov[a * d + b] /= Double(n - 1); cov[b * d + a] = cov[a * d + b] } }
        // Components by decreasing variance: reverse the ascending decomposition.
        let (ascending, ascendingVectors) = SymmetricEigen.decompose(cov, n: d)
        let values = Array(ascending.reversed())
        var vectors = [Double](repeating: 0, count: d * d)
        for column in 0..<d { for k in 0..<d { vectors[k * d + column] = ascendingVectors[k * d + (d - 1 - column)] } }
        let total = values.reduce(0) { $0 + max($1, 0) }
        var k = d, cumulative = 0.0
        // sklearn: searchsorted(cumulative ratios, 0.65, side="right") + 1
        var below = 0
        for i in 0..<d {
            cumulative += max(values[i], 0) / total
            if cumulative <= varianceToKeep { below += 1 }
        }
        k = min(below + 1, d)
        let kept = values.prefix(k).reduce(0) { $0 + max($1, 0) } / total
        // Kept components V_k (d × k, row-major); reconstruction x̂ = V_k (V_kᵀ x): O(d·k) per row.
        var V = [Double](repeating: 0, count: d * k)
        for a in 0..<d { for c in 0..<k { V[a * k + c] = vectors[a * d + c] } }
        func rowErrors(_ x: [Double], _ rows: Int) -> [Double] {
            var out = [Double](repeating: 0, count: rows)
            var proj = [Double](repeating: 0, count: k)
            x.withUnsafeBufferPointer { x in
                V.withUnsafeBufferPointer { V in
                    for i in 0..<rows {
                        let row = i * d
                        for c in 0..<k { proj[c] = 0 }
                        for a in 0..<d {
                            let xa = x[row + a]
                            for c in 0..<k { proj[c] += xa * V[a * k + c] }
                        }
                        var err = 0.0
                        for a in 0..<d {
                            var rec = 0.0
                            for c in 0..<k { rec += V[a * k + c] * proj[c] }
                            let diff = x[row + a] - rec
                            err += diff * diff
                        }
                        out[i] = err.squareRoot()
                    }
                }
            }
            return out
        }
        let refErr = rowErrors(m.reference, n), curErr = rowErrors(m.current, m.currentRows)
        let size = max(1, chunkSize ?? max(1, n / max(1, chunkCount)))
        func chunks(_ e: [Double]) -> [Range<Int>] {
            let count = max(1, e.count / size)
            return (0..<count).map { i in (i * size)..<(i == count - 1 ? e.count : (i + 1) * size) }
        }
        func mean(_ e: [Double], _ r: Range<Int>) -> Double { e[r].reduce(0, +) / Double(r.count) }
        let refRanges = chunks(refErr)
        let refMeans = refRanges.map { mean(refErr, $0) }
        let mu = refMeans.reduce(0, +) / Double(refMeans.count)
        let sd = refMeans.count > 1
            ? (refMeans.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / Double(refMeans.count)).squareRoot() : 0
        let lower = max(0, mu - sigmas * sd), upper = mu + sigmas * sd
        components = k
        explainedVariance = kept
        lowerThreshold = lower
        upperThreshold = upper
        referenceChunks = zip(refRanges, refMeans).map { Chunk(rows: $0, error: $1, alert: false) }
        currentChunks = chunks(curErr).map { r in
            let e = mean(curErr, r)
            return Chunk(rows: r, error: e, alert: e < lower || e > upper)
        }
        referenceError = refErr.reduce(0, +) / Double(n)
        currentError = curErr.reduce(0, +) / Double(m.currentRows)
    }
}

/// Reference and current tables turned into standardized numeric matrices for multivariate
/// methods, the way NannyML prepares them: categorical columns frequency-encoded with the
/// reference shares (missing is its own category, unseen categories get 0), numeric columns
/// with missing values imputed by the reference mean, then every feature scaled by the
/// reference mean and population standard deviation (scale 1 when constant). Text columns are left out.
public struct FeatureMatrix: Sendable {
    /// Feature names (the columns used).
    public let names: [String]
    /// Row-major reference matrix, `referenceRows × names.count`.
    public let reference: [Double]
    /// Row-major current matrix, `currentRows × names.count`.
    public let current: [Double]
    /// Rows of the reference matrix.
    public let referenceRows: Int
    /// Rows of the current matrix.
    public let currentRows: Int
    /// Number of features.
    public var width: Int { names.count }

    /// Builds the matrices from the columns both tables share (or `columns`).
    public init(reference ref: Table, current cur: Table, columns: [String]? = nil) throws(DriftInputError) {
        let wanted = columns ?? ref.columnNames
        var names: [String] = []
        var refFeatures: [[Double]] = [], curFeatures: [[Double]] = []
        for name in wanted {
            guard let r = ref[name] else { throw DriftInputError("\(ref.source): no column '\(name)'") }
            guard let c = cur[name] else { throw DriftInputError("\(cur.source): no column '\(name)'") }
            switch (r.storage, c.storage) {
            case (.numbers(let rv), .numbers(let cv)):
                let moments = PopulationMoments(rv.indices.lazy.filter { !r.missing[$0] && rv[$0].isFinite }.map { rv[$0] })
                guard moments.count > 0 else { continue }
                let mean = moments.mean
                refFeatures.append(rv.indices.map { !r.missing[$0] && rv[$0].isFinite ? rv[$0] : mean })
                curFeatures.append(cv.indices.map { !c.missing[$0] && cv[$0].isFinite ? cv[$0] : mean })
            case (.strings(let rv), .strings(let cv)):
                guard r.type == .categorical else { continue }
                var counts: [String: Double] = [:]
                let missingKey = "\u{0}<missing>"
                for i in rv.indices { counts[r.missing[i] ? missingKey : rv[i], default: 0] += 1 }
                let total = Double(rv.count)
                refFeatures.append(rv.indices.map { counts[r.missing[$0] ? missingKey : rv[$0]]! / total })
                curFeatures.append(cv.indices.map { (counts[c.missing[$0] ? missingKey : cv[$0]] ?? 0) / total })
            default:
                throw DriftInputError("column '\(name)' has different types in \(ref.source) and \(cur.source)")
            }
            names.append(name)
        }
        guard !names.isEmpty else { throw DriftInputError("no numeric or categorical columns for multivariate drift") }
        let d = names.count
        let nr = ref.rowCount, nc = cur.rowCount
        var R = [Double](repeating: 0, count: nr * d), C = [Double](repeating: 0, count: nc * d)
        for j in 0..<d {
            let f = refFeatures[j]
            let moments = PopulationMoments(f)
            let (mean, sd) = (moments.mean, moments.deviation > 0 ? moments.deviation : 1)
            for i in 0..<nr { R[i * d + j] = PopulationMoments.standardized(f[i], mean: mean, scale: sd) }
            let g = curFeatures[j]
            for i in 0..<nc { C[i * d + j] = PopulationMoments.standardized(g[i], mean: mean, scale: sd) }
        }
        self.names = names
        reference = R
        current = C
        referenceRows = nr
        currentRows = nc
    }
}

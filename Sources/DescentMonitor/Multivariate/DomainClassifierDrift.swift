import Foundation

/// Multivariate drift by a domain classifier: how well can a model tell current rows from
/// reference rows? The model is an L2-regularised logistic regression on the standardized
/// features and their squares (so shifts in location and in spread are both visible), the
/// score is the ROC AUC of out-of-fold predictions from stratified k-fold cross-validation
/// (0.5: indistinguishable; 1: fully separable); drift when it reaches `threshold`.
/// Samples larger than `maximumRowsPerSample` are subsampled deterministically.
public struct DomainClassifierDrift: Sendable {
    /// Cross-validated AUC.
    public let auc: Double
    /// AUC of each fold.
    public let foldAUCs: [Double]
    /// The AUC at or above which drift is reported.
    public let threshold: Double
    /// Reference rows used.
    public let referenceRows: Int
    /// Current rows used.
    public let currentRows: Int

    /// Whether the classifier separates the samples well enough to call it drift.
    public var drift: Bool { auc >= threshold }

    /// Default AUC threshold.
    public static let defaultThreshold = 0.65

    /// Trains and cross-validates the classifier.
    public init(_ m: FeatureMatrix, folds: Int = 5, threshold: Double = DomainClassifierDrift.defaultThreshold,
                maximumRowsPerSample: Int = 10_000, seed: UInt64 = 0) throws(DriftInputError) {
        guard folds >= 2 else { throw DriftInputError("the domain classifier needs at least 2 folds") }
        var rng = RandomGenerator(seed: seed)
        func pick(_ n: Int) -> [Int] { Array(rng.permutation(n).prefix(min(n, maximumRowsPerSample))) }
        let refIdx = pick(m.referenceRows), curIdx = pick(m.currentRows)
        guard refIdx.count >= folds && curIdx.count >= folds else {
            throw DriftInputError("the domain classifier needs at least \(folds) rows in each sample")
        }
        let d = m.width, p = 2 * d + 1
        // Design rows: [1, x, x²] for each sampled row; label true for current.
        var X: [[Double]] = [], y: [Bool] = [], fold: [Int] = []
        for (k, i) in refIdx.enumerated() {
            X.append(Self.features(m.reference, row: i, d: d)); y.append(false); fold.append(k % folds)
        }
        for (k, i) in curIdx.enumerated() {
            X.append(Self.features(m.current, row: i, d: d)); y.append(true); fold.append(k % folds)
        }
        var outOfFold = [Double](repeating: 0, count: X.count)
        var foldAUCs: [Double] = []
        for f in 0..<folds {
            let train = X.indices.filter { fold[$0] != f }, test = X.indices.filter { fold[$0] == f }
            let w = Self.fitLogistic(X, y, rows: train, p: p)
            for i in test { outOfFold[i] = zip(w, X[i]).reduce(0) { $0 + $1.0 * $1.1 } }
            foldAUCs.append(ROCAUC.auc(scores: test.map { outOfFold[$0] }, labels: test.map { y[$0] }))
        }
        auc = ROCAUC.auc(scores: outOfFold, labels: y)
        self.foldAUCs = foldAUCs
        self.threshold = threshold
        referenceRows = refIdx.count
        currentRows = curIdx.count
    }

    static func features(_ x: [Double], row: Int, d: Int) -> [Double] {
        var f = [1.0]
        f.reserveCapacity(2 * d + 1)
        for j in 0..<d { f.append(x[row * d + j]) }
        for j in 0..<d { let v = x[row * d + j]; f.append(v * v - 1) }
        return f
    }

    /// Newton's method (iteratively reweighted least squares) with a small ridge penalty for up
    /// to 64 coefficients, full-batch Adam above (Newton's p² Hessian gets too costly);
    /// classes are weighted to balance them.
    static func fitLogistic(_ X: [[Double]], _ y: [Bool], rows: [Int], p: Int, lambda: Double = 1e-3) -> [Double] {
        let nPos = Double(rows.filter { y[$0] }.count), nNeg = Double(rows.count) - nPos
        let wPos = Double(rows.count) / (2 * max(nPos, 1)), wNeg = Double(rows.count) / (2 * max(nNeg, 1))
        if p > 64 { return fitLogisticAdam(X, y, rows: rows, p: p, lambda: lambda, wPos: wPos, wNeg: wNeg) }
        var w = [Double](repeating: 0, count: p)
        for _ in 0..<25 {
            var grad = [Double](repeating: 0, count: p)
            var H = [Double](repeating: 0, count: p * p)
            for i in rows {
                let xi = X[i]
                var z = 0.0
                for k in 0..<p { z += w[k] * xi[k] }
                let mu = 1 / (1 + exp(-z))
                let weight = y[i] ? wPos : wNeg
                let r = weight * (mu - (y[i] ? 1 : 0))
                let s = weight * mu * (1 - mu)
                for a in 0..<p {
                    grad[a] += r * xi[a]
                    let sa = s * xi[a]
                    for b in a..<p { H[a * p + b] += sa * xi[b] }
                }
            }
            let n = Double(rows.count)
            for a in 0..<p {
                grad[a] = grad[a] / n + (a == 0 ? 0 : lambda * w[a])
                for b in a..<p { H[a * p + b] /= n; H[b * p + a] = H[a * p + b] }
                if a > 0 { H[a * p + a] += lambda }
            }
            guard let step = solve(H, grad, p) else { break }
            var maxStep = 0.0
            for k in 0..<p { w[k] -= step[k]; maxStep = max(maxStep, abs(step[k])) }
            if maxStep < 1e-8 { break }
        }
        return w
    }

    static func fitLogisticAdam(_ X: [[Double]], _ y: [Bool], rows: [Int], p: Int, lambda: Double,
                                wPos: Double, wNeg: Double, epochs: Int = 150, rate: Double = 0.05) -> [Double] {
        var w = [Double](repeating: 0, count: p)
        var m = [Double](repeating: 0, count: p), v = [Double](repeating: 0, count: p)
        let beta1 = 0.9, beta2 = 0.999, eps = 1e-8
        let n = Double(rows.count)
        for t in 1...epochs {
            var grad = [Double](repeating: 0, count: p)
            grad.withUnsafeMutableBufferPointer { g in
                for i in rows {
                    let xi = X[i]
                    var z = 0.0
                    for k in 0..<p { z += w[k] * xi[k] }
                    let mu = 1 / (1 + exp(-z))
                    let r = (y[i] ? wPos : wNeg) * (mu - (y[i] ? 1 : 0)) / n
                    for k in 0..<p { g[k] += r * xi[k] }
                }
            }
            let c1 = 1 - pow(beta1, Double(t)), c2 = 1 - pow(beta2, Double(t))
            for k in 0..<p {
                let gk = grad[k] + (k == 0 ? 0 : lambda * w[k])
                m[k] = beta1 * m[k] + (1 - beta1) * gk
                v[k] = beta2 * v[k] + (1 - beta2) * gk * gk
                w[k] -= rate * (m[k] / c1) / ((v[k] / c2).squareRoot() + eps)
            }
        }
        return w
    }

    /// Solves H s = g by Cholesky factorisation (H symmetric positive definite).
    static func solve(_ H: [Double], _ g: [Double], _ p: Int) -> [Double]? {
        var L = [Double](repeating: 0, count: p * p)
        for i in 0..<p {
            for j in 0...i {
                var s = H[i * p + j]
                for k in 0..<j { s -= L[i * p + k] * L[j * p + k] }
                if i == j {
                    guard s > 0 else { return nil }
                    L[i * p + i] = s.squareRoot()
                } else {
                    L[i * p + j] = s / L[j * p + j]
                }
            }
        }
        var z = [Double](repeating: 0, count: p)
        for i in 0..<p {
            var s = g[i]
            for k in 0..<i { s -= L[i * p + k] * z[k] }
            z[i] = s / L[i * p + i]
        }
        var x = [Double](repeating: 0, count: p)
        for i in stride(from: p - 1, through: 0, by: -1) {
            var s = z[i]
            for k in (i + 1)..<p { s -= L[k * p + i] * x[k] }
            x[i] = s / L[i * p + i]
        }
        return x
    }
}

import Foundation

/// Drift of a text column by a domain classifier, as Evidently's `abs_text_content_drift`:
/// a logistic regression on hashed word unigrams and bigrams (log counts, L2-normalised) learns
/// to tell current texts from reference texts; the score is the ROC AUC of out-of-fold
/// predictions from stratified 5-fold cross-validation; drift when it exceeds the threshold
/// (0.55). Samples above `maximumPerSample` texts are subsampled deterministically.
public enum TextContentDrift {
    /// Hashed feature dimension.
    static let dimension = 4096
    /// Largest number of texts used from each sample.
    public static let maximumPerSample = 5000

    /// Returns the cross-validated AUC (0.5: indistinguishable).
    public static func auc(reference: [String], current: [String], folds: Int = 5, seed: UInt64 = 0) -> Double {
        var rng = RandomGenerator(seed: seed)
        func pick(_ texts: [String]) -> [String] { rng.permutation(texts.count).prefix(maximumPerSample).map { texts[$0] } }
        let ref = pick(reference), cur = pick(current)
        let docs = (ref + cur).map(features)
        let labels = [Bool](repeating: false, count: ref.count) + [Bool](repeating: true, count: cur.count)
        let fold = (0..<ref.count).map { $0 % folds } + (0..<cur.count).map { $0 % folds }
        var scores = [Double](repeating: 0, count: docs.count)
        for f in 0..<folds {
            let train = docs.indices.filter { fold[$0] != f }
            let w = fit(docs, labels, rows: train)
            for i in docs.indices where fold[i] == f { scores[i] = dot(w, docs[i]) }
        }
        return ROCAUC.auc(scores: scores, labels: labels)
    }

    /// Sparse features: (index, value) pairs; index `dimension` is the intercept.
    static func features(_ text: String) -> [(Int, Double)] {
        var tokens: [String] = []
        var current = ""
        for ch in text.lowercased() {
            if ch.isLetter || ch.isNumber { current.append(ch) } else if !current.isEmpty { tokens.append(current); current = "" }
        }
        if !current.isEmpty { tokens.append(current) }
        var counts: [Int: Double] = [:]
        for (i, t) in tokens.enumerated() {
            counts[hash(t), default: 0] += 1
            if i > 0 { counts[hash(tokens[i - 1] + " " + t), default: 0] += 1 }
        }
        var out = counts.map { ($0.key, log1p($0.value)) }.sorted { $0.0 < $1.0 }
        let norm = out.reduce(0) { $0 + $1.1 * $1.1 }.squareRoot()
        if norm > 0 { out = out.map { ($0.0, $0.1 / norm) } }
        out.append((dimension, 1))
        return out
    }

    /// FNV-1a, folded into the feature dimension.
    static func hash(_ s: String) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return Int(h % UInt64(dimension))
    }

    static func dot(_ w: [Double], _ x: [(Int, Double)]) -> Double { x.reduce(0) { $0 + w[$1.0] * $1.1 } }

    /// Class-balanced logistic regression by full-batch Adam on sparse rows.
    static func fit(_ X: [[(Int, Double)]], _ y: [Bool], rows: [Int], epochs: Int = 100, rate: Double = 0.1, lambda: Double = 1e-4) -> [Double] {
        let p = dimension + 1
        let nPos = Double(rows.filter { y[$0] }.count), n = Double(rows.count)
        let wPos = n / (2 * max(nPos, 1)), wNeg = n / (2 * max(n - nPos, 1))
        var w = [Double](repeating: 0, count: p), m = w, v = w, g = w
        for t in 1...epochs {
            for k in 0..<p { g[k] = k == dimension ? 0 : lambda * w[k] }
            for i in rows {
                let mu = 1 / (1 + exp(-dot(w, X[i])))
                let r = (y[i] ? wPos : wNeg) * (mu - (y[i] ? 1 : 0)) / n
                for (k, x) in X[i] { g[k] += r * x }
            }
            let c1 = 1 - pow(0.9, Double(t)), c2 = 1 - pow(0.999, Double(t))
            for k in 0..<p {
                m[k] = 0.9 * m[k] + 0.1 * g[k]
                v[k] = 0.999 * v[k] + 0.001 * g[k] * g[k]
                w[k] -= rate * (m[k] / c1) / ((v[k] / c2).squareRoot() + 1e-8)
            }
        }
        return w
    }
}

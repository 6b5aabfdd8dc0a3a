/// Confident learning (Northcutt, Jiang and Chuang, 2021) as cleanlab 2.9's
/// `filter.find_label_issues(labels, pred_probs, filter_by="prune_by_noise_rate")` computes it:
///
/// 1. per-class thresholds `t_k`, the mean probability of class `k` over rows labelled `k`;
/// 2. the confident joint `C[given][true]`: a row counts under the class whose probability
///    reaches its threshold (minus 1e-6), the most probable one when several do; the diagonal
///    is at least 1; then calibrated so each row sums to its label count and the whole to N,
///    rounded keeping row totals;
/// 3. for each given label `k` and other class `j`, the `C[k][j]` rows labelled `k` with the
///    largest margin `p_j − p_k` are issues (after keeping at least one row per class);
/// 4. rows whose given label is the most probable class (with a 1e-6 edge) are never issues.
///
/// Probabilities are rows of a row-major `rows × classes` matrix; labels are class indices.
/// Ties between margins are broken by row order (cleanlab's unstable sort may break them otherwise).
public enum ConfidentLearning {
    /// Whether each row's label is an issue.
    public static func findLabelIssues(labels: [Int], probabilities p: [Double], classes K: Int) -> [Bool] {
        let n = labels.count
        precondition(p.count == n * K, "probabilities must be rows × classes")
        var issues = [Bool](repeating: false, count: n)
        guard n > 0, K > 0 else { return issues }
        let joint = confidentJoint(labels: labels, probabilities: p, classes: K)
        let prune = keepAtLeastOnePerClass(transpose(joint))
        var rowsByClass = [[Int]](repeating: [], count: K)
        for (row, label) in labels.enumerated() { rowsByClass[label].append(row) }
        for k in 0..<K {
            let rows = rowsByClass[k]
            guard rows.count > 1 else { continue }
            for j in 0..<K where j != k && prune[j][k] > 0 {
                let margins = rows.map { p[$0 * K + j] - p[$0 * K + k] }
                let order = rows.indices.sorted { margins[$0] > margins[$1] || (margins[$0] == margins[$1] && $0 < $1) }
                for position in order.prefix(prune[j][k]) { issues[rows[position]] = true }
            }
        }
        for row in 0..<n where issues[row] {
            var best = 0, bestValue = -Double.infinity
            for c in 0..<K {
                let value = p[row * K + c] + (c == labels[row] ? 1e-6 : 0)
                if value > bestValue { best = c; bestValue = value }
            }
            if best == labels[row] { issues[row] = false }
        }
        return issues
    }

    /// The calibrated confident joint `C[given][true]` (cleanlab's `count.compute_confident_joint`).
    public static func confidentJoint(labels: [Int], probabilities p: [Double], classes K: Int) -> [[Int]] {
        let n = labels.count
        var labelCounts = [Int](repeating: 0, count: K)
        var byClass = [[Double]](repeating: [], count: K)
        for (row, label) in labels.enumerated() {
            labelCounts[label] += 1
            byClass[label].append(p[row * K + label])
        }
        let thresholds = (0..<K).map { k in max(byClass[k].isEmpty ? 2 : numpySum(byClass[k]) / Double(byClass[k].count), 2e-6) }
        var joint = [[Int]](repeating: [Int](repeating: 0, count: K), count: K)
        for row in 0..<n {
            var confident = 0, firstConfident = -1, argmax = 0
            for k in 0..<K {
                let value = p[row * K + k]
                if value >= thresholds[k] - 1e-6 {
                    confident += 1
                    if firstConfident < 0 { firstConfident = k }
                }
                if value > p[row * K + argmax] { argmax = k }
            }
            guard confident > 0 else { continue }
            joint[labels[row]][confident > 1 ? argmax : firstConfident] += 1
        }
        for k in 0..<K { joint[k][k] = max(joint[k][k], 1) }
        // Calibrate: each row to its label count, then the whole to the number of labels.
        var calibrated = [[Double]](repeating: [Double](repeating: 0, count: K), count: K)
        for i in 0..<K {
            let rowSum = max(Double(joint[i].reduce(0, +)), 1e-100)
            for j in 0..<K { calibrated[i][j] = Double(joint[i][j]) / rowSum * Double(labelCounts[i]) }
        }
        let total = max(numpySum(calibrated.flatMap { $0 }), 1e-100)
        let labelTotal = Double(labelCounts.reduce(0, +))
        for i in 0..<K { for j in 0..<K { calibrated[i][j] = calibrated[i][j] / total * labelTotal } }
        return calibrated.map(roundPreservingSum)
    }

    /// cleanlab's `_keep_at_least_n_per_class` with n = 1 and `frac_noise` = 1 on the prune-count
    /// matrix `M[true][given]`: a zero diagonal entry becomes 1, taken evenly from that column's
    /// non-zero noise counts.
    static func keepAtLeastOnePerClass(_ m: [[Int]]) -> [[Int]] {
        let K = m.count
        var out = [[Double]](repeating: [Double](repeating: 0, count: K), count: K)
        for c in 0..<K {
            let diagonal = m[c][c], newDiagonal = max(diagonal, 1)
            let difference = Double(newDiagonal - diagonal)
            let nonZero = (0..<K).filter { m[$0][c] != 0 }.count
            let noiseRates = max(Double(nonZero) - 1, 1)
            for r in 0..<K { out[r][c] = max(Double(m[r][c]) - difference / noiseRates, 0) }
            out[c][c] = Double(newDiagonal)
        }
        // `astype(int)` truncates; the rows are then integers, so rounding keeps them.
        return out.map { row in row.map { Int($0) } }
    }

    /// cleanlab's `round_preserving_sum`: rounds half to even, then moves the entries with the
    /// largest rounding loss (or gain) by one until the integers sum to the rounded total.
    public static func roundPreservingSum(_ floats: [Double]) -> [Int] {
        var ints = floats.map { $0.rounded(.toNearestOrEven) }
        let originalSum = numpySum(floats).rounded(.toNearestOrEven)
        var intSum = numpySum(ints).rounded(.toNearestOrEven)
        while abs(intSum - originalSum) > 1e-6 {
            let difference = (originalSum - intSum).rounded(.toNearestOrEven)
            let increment: Double = difference < 0 ? -1 : 1
            let changes = min(Int(abs(difference)), floats.count)
            // numpy's argsort (stable for these few entries), reversed when incrementing.
            let residual = zip(floats, ints).map { $0 - $1 }
            var order = residual.indices.sorted { residual[$0] < residual[$1] || (residual[$0] == residual[$1] && $0 < $1) }
            if increment > 0 { order.reverse() }
            for index in order.prefix(changes) { ints[index] += increment }
            intSum = numpySum(ints).rounded(.toNearestOrEven)
        }
        return ints.map { Int($0) }
    }

    static func transpose(_ m: [[Int]]) -> [[Int]] {
        m.indices.map { j in m.indices.map { i in m[i][j] } }
    }
}

/// numpy's pairwise summation of float64 (`np.sum` on a contiguous array), so that sums round as numpy's do.
func numpySum(_ a: [Double]) -> Double {
    func pairwise(_ start: Int, _ n: Int) -> Double {
        if n < 8 {
            var s = -0.0
            for i in 0..<n { s += a[start + i] }
            return s
        } else if n <= 128 {
            var r = (0..<8).map { a[start + $0] }
            var i = 8
            while i < n - n % 8 {
                for t in 0..<8 { r[t] += a[start + i + t] }
                i += 8
            }
            var s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
            while i < n { s += a[start + i]; i += 1 }
            return s
        } else {
            var half = n / 2
            half -= half % 8
            return pairwise(start, half) + pairwise(start + half, n - half)
        }
    }
    return pairwise(0, a.count)
}

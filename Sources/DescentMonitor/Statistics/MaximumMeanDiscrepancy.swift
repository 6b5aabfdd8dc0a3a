import Foundation

/// Maximum mean discrepancy with a Gaussian (RBF) kernel and a permutation p-value
/// (Evidently `empirical_mmd`, alibi-detect's `MMDDrift`): the unbiased MMD² with the
/// bandwidth σ = √(median/2) of the reference's pairwise squared distances (median by numpy's
/// "nearest" rule; σ = √0.5 when that median is 0), and p = share of permutations whose MMD² is
/// at least the observed one. Permutations use a seeded generator, so results are reproducible.
public enum MaximumMeanDiscrepancy {
    /// Largest pooled sample used; larger inputs are subsampled deterministically (O(n²) kernel).
    public static let maximumPooledSize = 2000

    /// Returns MMD² and the permutation p-value.
    public static func test(_ reference: [Double], _ current: [Double], permutations: Int = 100, seed: UInt64 = 0)
        -> (statistic: Double, pValue: Double)
    {
        var rng = RandomGenerator(seed: seed)
        let x = subsample(reference, maximumPooledSize / 2, &rng)
        let y = subsample(current, maximumPooledSize / 2, &rng)
        let nx = x.count, ny = y.count, n = nx + ny
        let sigma = bandwidth(x)
        let gamma = 1 / (2 * sigma * sigma)
        let z = x + y
        var K = [Double](repeating: 0, count: n * n)
        K.withUnsafeMutableBufferPointer { K in
            parallelChunks(n, grain: 1) { rows in
                for r in rows {
                    for c in 0..<n where c != r {
                        let d = z[r] - z[c]
                        K[r * n + c] = exp(-gamma * d * d)
                    }
                }
            }
        }
        let observed = mmd(K, n: n, perm: Array(0..<n), nx: nx)
        var perm = Array(0..<n)
        var atLeast = 0
        for _ in 0..<permutations {
            rng.shuffle(&perm)
            if mmd(K, n: n, perm: perm, nx: nx) >= observed { atLeast += 1 }
        }
        return (observed, Double(atLeast) / Double(permutations))
    }

    /// σ from the reference's pairwise squared distances (including the zero diagonal).
    static func bandwidth(_ x: [Double]) -> Double {
        let n = x.count
        var d = [Double]()
        d.reserveCapacity(n * n)
        for i in 0..<n { for j in 0..<n { let v = x[i] - x[j]; d.append(v * v) } }
        d.sort()
        // numpy percentile(q=50, method="nearest"): index round-half-even((N-1)/2)
        let idx = Int((Double(d.count - 1) * 0.5).rounded(.toNearestOrEven))
        let sigma = (0.5 * d[idx]).squareRoot()
        return sigma == 0 ? 0.5.squareRoot() : sigma
    }

    static func mmd(_ K: [Double], n: Int, perm: [Int], nx: Int) -> Double {
        let ny = n - nx
        var sxx = 0.0, syy = 0.0, sxy = 0.0
        K.withUnsafeBufferPointer { K in
            perm.withUnsafeBufferPointer { p in
                for i in 0..<n {
                    let row = p[i] * n
                    var a = 0.0, b = 0.0
                    for j in 0..<nx { a += K[row + p[j]] }
                    for j in nx..<n { b += K[row + p[j]] }
                    if i < nx { sxx += a; sxy += b } else { syy += b }
                }
            }
        }
        return sxx / Double(nx * (nx - 1)) + syy / Double(ny * (ny - 1)) - 2 * sxy / Double(nx * ny)
    }

    private static func subsample(_ x: [Double], _ k: Int, _ rng: inout RandomGenerator) -> [Double] {
        if x.count <= k { return x }
        var idx = Array(0..<x.count)
        for i in 0..<k {
            let j = i + rng.int(below: x.count - i)
            idx.swapAt(i, j)
        }
        return idx[0..<k].map { x[$0] }
    }
}

import Foundation

/// The k-sample Anderson–Darling test for two samples (Evidently `anderson`;
/// `scipy.stats.anderson_ksamp` with midranks): the normalised statistic and scipy's
/// interpolated p-value, which is capped to [0.001, 0.25].
public enum AndersonDarlingTest {
    /// Returns the normalised statistic and the (capped, interpolated) p-value.
    public static func test(_ reference: [Double], _ current: [Double]) -> (statistic: Double, pValue: Double) {
        let s = Sorting.sortedAll([reference, current])
        let samples = [s[0], s[1]]
        let n = samples.map { Double($0.count) }
        let N = n[0] + n[1]
        // Distinct pooled values with their counts per sample.
        var counts: [(Double, Double)] = []  // (count in sample 0, count in sample 1)
        var i = 0, j = 0
        let a = samples[0], b = samples[1]
        while i < a.count || j < b.count {
            let v = min(i < a.count ? a[i] : .infinity, j < b.count ? b[j] : .infinity)
            var ia = i, jb = j
            while ia < a.count && a[ia] == v { ia += 1 }
            while jb < b.count && b[jb] == v { jb += 1 }
            counts.append((Double(ia - i), Double(jb - j)))
            i = ia; j = jb
        }
        let allDistinct = counts.count == Int(N)
        var A2akN = 0.0
        for sample in 0..<2 {
            var below = 0.0       // pooled count strictly below Z*_j
            var belowInSample = 0.0
            var inner = 0.0
            for c in counts {
                let lj = allDistinct ? 1.0 : c.0 + c.1
                let fij = sample == 0 ? c.0 : c.1
                let Bj = below + lj / 2
                let Mij = belowInSample + fij - fij / 2
                let num = N * Mij - Bj * n[sample]
                inner += lj / N * num * num / (Bj * (N - Bj) - N * lj / 4)
                below += c.0 + c.1
                belowInSample += fij
            }
            A2akN += inner / n[sample]
        }
        A2akN *= (N - 1) / N

        let k = 2.0
        let H = 1 / n[0] + 1 / n[1]
        let Ni = Int(N)
        // hs_cs = cumsum(1 / arange(N-1, 1, -1)); h = hs_cs[-1] + 1; g = sum(hs_cs / arange(2, N))
        var cum = 0.0, g = 0.0
        if Ni >= 3 {
            for idx in 0..<(Ni - 2) {
                cum += 1 / Double(Ni - 1 - idx)
                g += cum / Double(idx + 2)
            }
        }
        let h = cum + 1
        let aa = (4 * g - 6) * (k - 1) + (10 - 6 * g) * H
        let bb = (2 * g - 4) * k * k + 8 * h * k + (2 * g - 14 * h - 4) * H - 8 * h + 4 * g - 6
        let cc = (6 * h + 2 * g - 2) * k * k + (4 * h - 4 * g + 6) * k + (2 * h - 6) * H + 4 * h
        let dd = (2 * h + 6) * k * k - 4 * h * k
        let sigmasq = (aa * N * N * N + bb * N * N + cc * N + dd) / ((N - 1) * (N - 2) * (N - 3))
        let m = k - 1
        let A2 = (A2akN - m) / sigmasq.squareRoot()
        return (A2, pValue(A2))
    }

    static let significance = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001]
    static let critical: [Double] = {
        let b0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085]
        let b1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615]
        let b2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154]
        return (0..<7).map { b0[$0] + b1[$0] / 1.0 + b2[$0] / 1.0 }
    }()
    /// Quadratic least-squares fit of log(significance) on the critical values (np.polyfit, deg 2).
    static let fit: [Double] = {
        let x = critical, y = significance.map { log($0) }
        // normal equations on centred x for stability
        let mx = x.reduce(0, +) / 7
        var s = [Double](repeating: 0, count: 5), t = [Double](repeating: 0, count: 3)
        for i in 0..<7 {
            let d = x[i] - mx
            var p = 1.0
            for k in 0..<5 { s[k] += p; if k < 3 { t[k] += p * y[i] }; p *= d }
        }
        // solve [[s0 s1 s2][s1 s2 s3][s2 s3 s4]] c = t
        var M = [[s[0], s[1], s[2], t[0]], [s[1], s[2], s[3], t[1]], [s[2], s[3], s[4], t[2]]]
        for col in 0..<3 {
            let piv = (col..<3).max { abs(M[$0][col]) < abs(M[$1][col]) }!
            M.swapAt(col, piv)
            for r in 0..<3 where r != col {
                let f = M[r][col] / M[col][col]
                for c in col..<4 { M[r][c] -= f * M[col][c] }
            }
        }
        let c0 = M[0][3] / M[0][0], c1 = M[1][3] / M[1][1], c2 = M[2][3] / M[2][2]
        // expand c0 + c1 (x - mx) + c2 (x - mx)^2 into a2 x^2 + a1 x + a0
        return [c2, c1 - 2 * c2 * mx, c0 - c1 * mx + c2 * mx * mx]
    }()

    static func pValue(_ A2: Double) -> Double {
        if A2 < critical.min()! { return 0.25 }
        if A2 > critical.max()! { return 0.001 }
        return exp((fit[0] * A2 + fit[1]) * A2 + fit[2])
    }
}

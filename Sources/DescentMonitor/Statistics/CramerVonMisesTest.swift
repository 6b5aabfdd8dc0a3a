import Foundation

/// The two-sample Cramér–von Mises test (Evidently `cramer_von_mises`; `scipy.stats.cramervonmises_2samp`):
/// exact p-value when both samples have at most 20 values, otherwise Anderson's normalisation
/// and the limiting distribution of the one-sample statistic.
public enum CramerVonMisesTest {
    /// Returns the statistic T and its p-value.
    public static func test(_ reference: [Double], _ current: [Double]) -> (statistic: Double, pValue: Double) {
        let s = Sorting.sortedAll([reference, current])
        let nx = reference.count, ny = current.count
        let ranks = Ranks.pooled(sortedA: s[0], sortedB: s[1])
        var sx = 0.0, sy = 0.0
        for i in 0..<nx { let d = ranks.a[i] - Double(i + 1); sx += d * d }
        for j in 0..<ny { let d = ranks.b[j] - Double(j + 1); sy += d * d }
        let u = Double(nx) * sx + Double(ny) * sy
        let k = Double(nx) * Double(ny), N = Double(nx + ny)
        let t = u / (k * N) - (4 * k - 1) / (6 * N)
        let p: Double
        if max(nx, ny) <= 20 {
            p = exactPValue(u, nx, ny)
        } else {
            let et = (1 + 1 / N) / 6
            var vt = (N + 1) * (4 * k * N - 3 * (Double(nx * nx) + Double(ny * ny)) - 2 * k)
            vt = vt / (45 * N * N * 4 * k)
            let tn = 1.0 / 6 + (t - et) / (45 * vt).squareRoot()
            p = tn < 0.003 ? 1 : max(0, 1 - limitingCDF(tn))
        }
        return (t, p)
    }

    /// CDF of the limiting Cramér–von Mises distribution (Csörgő and Faraway 1996, eq. 1.2).
    static func limitingCDF(_ x: Double) -> Double {
        var total = 0.0
        var k = 0
        while true {
            let kd = Double(k)
            let u = exp(lgamma(kd + 0.5) - lgamma(kd + 1)) / (pow(Double.pi, 1.5) * x.squareRoot())
            let y = 4 * kd + 1
            let q = y * y / (16 * x)
            // exp(-q) * K_{1/4}(q) = exp(-2q) * scaledK
            let term = u * y.squareRoot() * exp(-2 * q) * SpecialFunctions.scaledBesselK(nu: 0.25, q)
            total += term
            if abs(term) < 1e-7 { break }
            k += 1
        }
        return total
    }

    /// Exact p-value P(U ≥ u) by the frequency recursion of Xiao, Gordon and Yakovlev (2006).
    static func exactPValue(_ s: Double, _ m: Int, _ n: Int) -> Double {
        let g = KolmogorovSmirnovTest.gcd(m, n)
        let lcm = m / g * n
        let a = lcm / m, b = lcm / n
        let mn = Double(m * n)
        let lcmD = Double(lcm)
        let zeta = (lcmD * lcmD * Double(m + n) * (6 * s - mn * (4 * mn - 1)) / (6 * mn * mn)).rounded(.down)
        let combinations = SpecialFunctions.binomial(m + n, m)
        // gs[v]: value -> frequency
        var gs = [[Int: Double]](repeating: [:], count: m + 1)
        gs[0] = [0: 1]
        for u in 0...n {
            var next = [[Int: Double]]()
            next.reserveCapacity(m + 1)
            var tmp = [Int: Double]()
            for v in 0...m {
                for (key, f) in gs[v] { tmp[key, default: 0] += f }
                let shift = (a * v - b * u) * (a * v - b * u)
                var shifted = [Int: Double](minimumCapacity: tmp.count)
                for (key, f) in tmp { shifted[key + shift] = f }
                tmp = shifted
                next.append(tmp)
            }
            gs = next
        }
        var tail = 0.0
        for (value, f) in gs[m] where Double(value) >= zeta { tail += f }
        return tail / combinations
    }
}

import Foundation

/// The two-sided Mann–Whitney U test (Evidently `mannw`; `scipy.stats.mannwhitneyu`):
/// the exact null distribution when one sample has at most 8 values and there are no ties,
/// otherwise the normal approximation with tie and continuity corrections.
public enum MannWhitneyUTest {
    /// Returns U₁ (the statistic of the reference sample) and the two-sided p-value.
    public static func test(_ reference: [Double], _ current: [Double]) -> (statistic: Double, pValue: Double) {
        let s = Sorting.sortedAll([reference, current])
        let n1 = reference.count, n2 = current.count
        let ranks = Ranks.pooled(sortedA: s[0], sortedB: s[1])
        let r1 = ranks.a.reduce(0, +)
        let u1 = r1 - Double(n1 * (n1 + 1)) / 2
        let u2 = Double(n1) * Double(n2) - u1
        let u = max(u1, u2)
        let hasTies = ranks.ties.contains { $0 > 1 }
        let p: Double
        if (n1 > 8 && n2 > 8) || hasTies {
            let n = Double(n1 + n2)
            let tieTerm = ranks.ties.reduce(0.0) { $0 + Double($1) * Double($1) * Double($1) - Double($1) }
            let sd = (Double(n1) * Double(n2) / 12 * ((n + 1) - tieTerm / (n * (n - 1)))).squareRoot()
            let z = (u - Double(n1) * Double(n2) / 2 - 0.5) / sd
            p = 2 * SpecialFunctions.normalCDF(-z)
        } else {
            p = 2 * exactCDF(Int(Double(n1) * Double(n2) - u), n1, n2)
        }
        return (u1, min(max(p, 0), 1))
    }

    /// P(U ≤ k) under the null, from the Gaussian binomial coefficient [n1+n2 choose n1]_q.
    static func exactCDF(_ k: Int, _ n1: Int, _ n2: Int) -> Double {
        let small = min(n1, n2), large = max(n1, n2)
        let maxU = small * large
        // coefficients of prod_{i=1..small} (1 - q^(large+i)) / (1 - q^i)
        var c = [Double](repeating: 0, count: maxU + 1)
        c[0] = 1
        if small > 0 {
            for i in 1...small {
                let a = large + i
                if a <= maxU {
                    for d in stride(from: maxU, through: a, by: -1) { c[d] -= c[d - a] }  // × (1 − q^a)
                }
                if i <= maxU {
                    for d in i...maxU { c[d] += c[d - i] }  // ÷ (1 − q^i)
                }
            }
        }
        let total = c.reduce(0, +)
        var s = 0.0
        if k >= 0 { for u in 0...min(k, maxU) { s += c[u] } }
        return s / total
    }
}

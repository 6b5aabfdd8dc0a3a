import Foundation

/// Special functions used by the p-value computations (double precision, ~1e-14 relative).
enum SpecialFunctions {
    /// Upper tail of the standard normal distribution, P(Z > z).
    static func normalSF(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }

    /// Lower tail of the standard normal distribution, P(Z ≤ z).
    static func normalCDF(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    /// Upper tail of the chi-square distribution with `df` degrees of freedom.
    static func chiSquareSF(_ x: Double, df: Double) -> Double {
        if x.isNaN || df <= 0 { return .nan }
        if x <= 0 { return 1 }
        if x.isInfinite { return 0 }
        return regularizedGammaQ(df / 2, x / 2)
    }

    /// Regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a).
    static func regularizedGammaQ(_ a: Double, _ x: Double) -> Double {
        if x <= 0 { return 1 }
        let logPrefix = a * log(x) - x - lgamma(a)
        if x < a + 1 {
            // Series for P(a, x).
            var ap = a, sum = 1 / a, del = sum
            for _ in 0..<100_000 {
                ap += 1
                del *= x / ap
                sum += del
                if abs(del) < abs(sum) * 1e-17 { break }
            }
            return max(0, 1 - sum * exp(logPrefix))
        }
        // Continued fraction for Q(a, x) (modified Lentz).
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1..<100_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let del = d * c
            h *= del
            if abs(del - 1) < 1e-17 { break }
        }
        return exp(logPrefix) * h
    }

    /// exp(-x) · K_ν(x), the exponentially scaled modified Bessel function of the second kind,
    /// by the trapezoidal rule on K_ν(x) = ∫₀^∞ exp(-x cosh t) cosh(νt) dt (spectrally accurate).
    static func scaledBesselK(nu: Double, _ x: Double) -> Double {
        precondition(x > 0)
        let h = 0.01
        var sum = 0.5  // t = 0: exp(-x(cosh 0 - 1)) cosh 0 = 1
        var t = h
        while true {
            let term = exp(-x * (cosh(t) - 1)) * cosh(nu * t)
            sum += term
            if term < 1e-18 * sum { break }
            t += h
        }
        return sum * h
    }

    /// log of the binomial coefficient C(n, k).
    static func logBinomial(_ n: Double, _ k: Double) -> Double {
        lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1)
    }

    /// Binomial coefficient C(n, k) as a Double (exact up to 2^53, then rounded).
    static func binomial(_ n: Int, _ k: Int) -> Double {
        if k < 0 || k > n { return 0 }
        let k = min(k, n - k)
        if k == 0 { return 1 }
        if n > 1000 { return exp(logBinomial(Double(n), Double(k))).rounded() }
        var r = 1.0
        for i in 1...k { r = r * Double(n - k + i) / Double(i) }
        return r.rounded()
    }
}

import Foundation

/// The distribution of the two-sided one-sample Kolmogorov–Smirnov statistic D_n for finite n
/// (scipy's `kstwo`), ported from `scipy.stats._ksstats` and `scipy.special.smirnov`:
/// Ruben–Gambino closed forms at the ends, Durbin's matrix method (Marsaglia–Tsang–Wang),
/// Pomeranz's recursion, the Pelz–Good expansion and the Birnbaum–Tingey sum for the tail.
public enum KolmogorovDistribution {
    private static let ep128 = pow(2.0, 128.0)
    private static let em128 = pow(2.0, -128.0)
    private static let minLog = -708.3964185322641

    /// P(D_n > d), the survival function of kstwo.
    public static func sf(_ d: Double, n: Int) -> Double { kolmogn(n, d, cdf: false) }

    /// P(D_n ≤ d), the distribution function of kstwo.
    public static func cdf(_ d: Double, n: Int) -> Double { kolmogn(n, d, cdf: true) }

    private static func select(_ cdfProb: Double, _ sfProb: Double, _ cdf: Bool) -> Double {
        min(max(cdf ? cdfProb : sfProb, 0), 1)
    }

    static func kolmogn(_ n: Int, _ x: Double, cdf: Bool) -> Double {
        guard n > 0, !x.isNaN else { return .nan }
        if x >= 1 { return select(1, 0, cdf) }
        if x <= 0 { return select(0, 1, cdf) }
        let nd = Double(n)
        let t = nd * x
        if t <= 1 {
            if t <= 0.5 { return select(0, 1, cdf) }
            let prob: Double
            if n <= 140 {
                var p = 1.0
                for i in 1...n { p *= Double(i) * (1 / nd) * (2 * t - 1) }
                prob = p
            } else {
                prob = exp(logNFactorialDivNPowN(nd) + nd * log(2 * t - 1))
            }
            return select(prob, 1 - prob, cdf)
        }
        if t >= nd - 1 {
            let prob = 2 * pow(1 - x, nd)
            return select(1 - prob, prob, cdf)
        }
        if x >= 0.5 {
            let prob = 2 * smirnov(n, x)
            return select(1 - prob, prob, cdf)
        }
        let nxSquared = t * x
        if n <= 140 {
            if nxSquared <= 0.754693 {
                let prob = durbinMatrix(n, x)
                return select(prob, 1 - prob, cdf)
            }
            if nxSquared <= 4 {
                let prob = pomeranz(n, x)
                return select(prob, 1 - prob, cdf)
            }
            let prob = 2 * smirnov(n, x)
            return select(1 - prob, prob, cdf)
        }
        if !cdf {
            if nxSquared >= 370 { return 0 }
            if nxSquared >= 2.2 { return min(max(2 * smirnov(n, x), 0), 1) }
        }
        let cdfProb: Double
        if nxSquared >= 18 {
            cdfProb = 1
        } else if n <= 100_000 && nd * pow(x, 1.5) <= 1.4 {
            cdfProb = durbinMatrix(n, x)
        } else {
            cdfProb = pelzGood(n, x)
        }
        return select(cdfProb, 1 - cdfProb, cdf)
    }

    private static func logNFactorialDivNPowN(_ n: Double) -> Double {
        let coeffs = [-2.955065359477124183e-2, 6.4102564102564102564e-3,
                      -1.9175269175269175269e-3, 8.4175084175084175084e-4,
                      -5.952380952380952381e-4, 7.9365079365079365079e-4,
                      -2.7777777777777777778e-3, 8.3333333333333333333e-2]
        let rn = 1 / n
        var poly = 0.0
        for c in coeffs { poly = poly * (rn / n) + c }
        return log(n) / 2 - n + log(2 * Double.pi) / 2 + rn * poly
    }

    /// Durbin's matrix method as refined by Marsaglia, Tsang and Wang: the CDF.
    static func durbinMatrix(_ n: Int, _ d: Double) -> Double {
        if d >= 1 { return 1 }
        let nd = Double(n) * d
        if nd <= 0.5 { return 0 }
        let k = Int(nd.rounded(.up))
        let h = Double(k) - nd
        let m = 2 * k - 1
        var H = [Double](repeating: 0, count: m * m)
        var v = [Double](repeating: 0, count: m)
        var w = [Double](repeating: 0, count: m)
        var fac = 1.0
        for j in 1...m {
            w[j - 1] = fac
            fac /= Double(j)
            v[j - 1] = (1 - pow(h, Double(j))) * fac
        }
        let tt = pow(max(2 * h - 1, 0), Double(m)) - 2 * pow(h, Double(m))
        v[m - 1] = (1 + tt) * fac
        for i in 1..<m {
            for r in (i - 1)..<m { H[r * m + i] = w[r - (i - 1)] }
        }
        for r in 0..<m { H[r * m] = v[r] }
        for c in 0..<m { H[(m - 1) * m + c] = v[m - 1 - c] }
        var P = [Double](repeating: 0, count: m * m)
        for i in 0..<m { P[i * m + i] = 1 }
        var nn = n
        var expnt = 0, hExpnt = 0
        while nn > 0 {
            if nn % 2 == 1 {
                P = matmul(P, H, m)
                expnt += hExpnt
            }
            H = matmul(H, H, m)
            hExpnt *= 2
            if abs(H[(k - 1) * m + (k - 1)]) > ep128 {
                for i in H.indices { H[i] /= ep128 }
                hExpnt += 128
            }
            nn /= 2
        }
        var p = P[(k - 1) * m + (k - 1)]
        for i in 1...n {
            p = Double(i) * p / Double(n)
            if abs(p) < em128 {
                p *= ep128
                expnt -= 128
            }
        }
        if expnt != 0 { p = scalbn(p, expnt) }
        return min(max(p, 0), 1)
    }

    private static func matmul(_ a: [Double], _ b: [Double], _ m: Int) -> [Double] {
        var c = [Double](repeating: 0, count: m * m)
        for i in 0..<m {
            for k in 0..<m {
                let aik = a[i * m + k]
                if aik == 0 { continue }
                for j in 0..<m { c[i * m + j] += aik * b[k * m + j] }
            }
        }
        return c
    }

    private static func pomeranzJ1J2(_ i: Int, _ n: Int, _ ll: Int, _ ceilf: Int, _ roundf: Int) -> (Int, Int) {
        var j1: Int, j2: Int
        if i == 0 {
            j1 = -ll - ceilf - 1; j2 = ll + ceilf - 1
        } else {
            let ip1div2 = (i + 1) / 2, ip1mod2 = (i + 1) % 2
            if ip1mod2 == 0 {
                if ip1div2 == n + 1 {
                    j1 = n - ll - ceilf - 1; j2 = n + ll + ceilf - 1
                } else {
                    j1 = ip1div2 - 1 - ll - roundf - 1; j2 = ip1div2 + ll - 1 + ceilf - 1
                }
            } else {
                j1 = ip1div2 - 1 - ll - 1; j2 = ip1div2 + ll + roundf - 1
            }
        }
        return (max(j1 + 2, 0), min(j2, n))
    }

    /// Pomeranz's recursion: the CDF.
    static func pomeranz(_ n: Int, _ x: Double) -> Double {
        let nd = Double(n)
        let t = nd * x
        let ll = Int(t.rounded(.down))
        let f = t - Double(ll)
        let g = min(f, 1 - f)
        let ceilf = f > 0 ? 1 : 0
        let roundf = f > 0.5 ? 1 : 0
        let npwrs = 2 * (ll + 1)
        var gpower = [Double](repeating: 0, count: npwrs)
        var twogpower = gpower, onem2gpower = gpower
        gpower[0] = 1; twogpower[0] = 1; onem2gpower[0] = 1
        var expnt = 0
        let gOverN = g / nd, twoGOverN = 2 * g / nd, oneMinusTwoGOverN = (1 - 2 * g) / nd
        for m in 1..<npwrs {
            gpower[m] = gpower[m - 1] * gOverN / Double(m)
            twogpower[m] = twogpower[m - 1] * twoGOverN / Double(m)
            onem2gpower[m] = onem2gpower[m - 1] * oneMinusTwoGOverN / Double(m)
        }
        var V0 = [Double](repeating: 0, count: npwrs)
        var V1 = [Double](repeating: 0, count: npwrs)
        V1[0] = 1
        var V0s = 0, V1s = 0
        var (j1, j2) = pomeranzJ1J2(0, n, ll, ceilf, roundf)
        for i in 1..<(2 * n + 2) {
            let k1 = j1
            swap(&V0, &V1)
            swap(&V0s, &V1s)
            for q in V1.indices { V1[q] = 0 }
            (j1, j2) = pomeranzJ1J2(i, n, ll, ceilf, roundf)
            let pwrs: [Double] = (i == 1 || i == 2 * n + 1) ? gpower : (i % 2 == 1 ? twogpower : onem2gpower)
            let ln2 = j2 - k1 + 1
            if ln2 > 0 {
                // conv = np.convolve(V0[k1 - V0s : k1 - V0s + ln2], pwrs[:ln2]) (full mode)
                let base = k1 - V0s
                let convStart = j1 - k1
                let convLen = j2 - j1 + 1
                var maxV = 0.0
                for q in 0..<convLen {
                    let idx = convStart + q
                    var s = 0.0
                    // conv[idx] = sum_a V0seg[a] * pwrs[idx - a]
                    let aLo = max(0, idx - (ln2 - 1)), aHi = min(idx, ln2 - 1)
                    if aLo <= aHi {
                        for a in aLo...aHi {
                            let vi = base + a
                            let vv = (vi >= 0 && vi < npwrs) ? V0[vi] : 0
                            s += vv * pwrs[idx - a]
                        }
                    }
                    V1[q] = s
                    maxV = max(maxV, s)
                }
                if 0 < maxV && maxV < em128 {
                    for q in V1.indices { V1[q] *= ep128 }
                    expnt -= 128
                }
                V1s = V0s + j1 - k1
            }
        }
        var ans = V1[n - V1s]
        for m in 1...n {
            if abs(ans) > ep128 {
                ans *= em128
                expnt += 128
            }
            ans *= Double(m)
        }
        if expnt != 0 { ans = scalbn(ans, expnt) }
        return min(max(ans, 0), 1)
    }

    /// Pelz–Good asymptotic expansion: the CDF.
    static func pelzGood(_ n: Int, _ x: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let nd = Double(n)
        let z = nd.squareRoot() * x
        let z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2
        let pi2 = Double.pi * Double.pi, pi4 = pi2 * pi2, pi6 = pi4 * pi2
        let qlog = -pi2 / 8 / z2
        if qlog < -708 { return 0 }
        let q = exp(qlog)
        let k1a = -z2, k1b = pi2 / 4
        let k2a = 6 * z6 + 2 * z4
        let k2b = (2 * z4 - 5 * z2) * pi2 / 4
        let k2c = pi4 * (1 - 2 * z2) / 16
        let k3d = pi6 * (5 - 30 * z2) / 64
        let k3c = pi4 * (-60 * z2 + 212 * z4) / 16
        let k3b = pi2 * (135 * z4 - 96 * z6) / 4
        let k3a = -30 * z6 - 90 * pow(z, 8)
        var K = [0.0, 0.0, 0.0, 0.0]
        let maxk = Int((16 * z / Double.pi).rounded(.up))
        if maxk >= 1 {
            for k in stride(from: maxk, through: 1, by: -1) {
                let m = Double(2 * k - 1)
                let m2 = m * m, m4 = m2 * m2, m6 = m4 * m2
                let qpower = pow(q, Double(8 * k))
                let coeffs = [1.0, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6]
                for i in 0..<4 { K[i] = K[i] * qpower + coeffs[i] }
            }
        }
        let sqrt2pi = (2 * Double.pi).squareRoot()
        let denom = [z, 6 * z4, 72 * pow(z, 7), 6480 * pow(z, 10)]
        for i in 0..<4 { K[i] = K[i] * q * sqrt2pi / denom[i] }
        let q2 = exp(-pi2 / 2 / z2)
        var k2extra = 0.0, k3extra = 0.0
        let sqrt3z = 3.0.squareRoot() * z
        if maxk >= 1 {
            for k in stride(from: maxk, through: 1, by: -1) {
                let ks = Double(k), ks2 = ks * ks
                let qp = pow(q2, ks2)
                k2extra += ks2 * qp
                let kspi = Double.pi * ks
                k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ks2 * qp
            }
        }
        K[2] += k2extra * pi2 * sqrt2pi / (-36 * z3)
        K[3] += k3extra * pi2 * sqrt2pi / (216 * z6)
        for i in 0..<4 { K[i] /= pow(nd, Double(i) / 2) }
        return K[0] + K[1] + K[2] + K[3]
    }

    /// Survival function of the one-sided statistic D_n^+ (scipy.special.smirnov),
    /// by the Birnbaum–Tingey sum evaluated in log space.
    public static func smirnov(_ n: Int, _ x: Double) -> Double {
        guard n > 0, x >= 0, x <= 1 else { return .nan }
        if n == 1 { return 1 - x }
        if x == 0 { return 1 }
        if x == 1 { return 0 }
        let nd = Double(n)
        let nx = nd * x
        var nxfl = Int(nx.rounded(.down))
        var alpha = nx - Double(nxfl)
        if alpha >= 1 { nxfl += 1; alpha -= 1 }
        var n1mxfl = n - nxfl - (alpha == 0 ? 0 : 1)
        if alpha == 0 { n1mxfl -= 1 }
        if nxfl == 0 || (nxfl == 1 && alpha == 0) {
            let t = pow(1 + x, nd - 1)
            return min(max(1 - x * t, 0), 1)
        }
        if -2 * nd * x * x < minLog { return 0 }
        if nxfl >= n - 1 { return pow(1 - x, nd) }
        if n > 1_000_000 {
            let logp = -pow(6 * nd * x + 1, 2) / 18 / nd
            if logp < -M_LN2 { return exp(logp) }
            return 1 - (-expm1(logp))
        }
        let nTerms = n1mxfl + 1
        // A_j = C(n, j) (1 - x - j/n)^(n-j) (x + j/n)^(j-1);  sf = x * sum_j A_j
        var sum = pow(1 - x, nd) / x
        var logC = 0.0
        let vmid = n / 2
        if nTerms > 1 {
            for j in 1..<nTerms {
                logC += log(Double(n - j + 1)) - log(Double(j))
                let jn = Double(j) / nd
                let a = x + jn
                let logA = logC + Double(n - j) * log1p(-a) + Double(j - 1) * log(a)
                let term = exp(logA)
                if term.isFinite && term > 0 { sum += term }
                if term > 0 {
                    if 4 * Double(nTerms - j) * term < Double.ulpOfOne * sum && j != nTerms - 1 { break }
                } else if j > vmid {
                    break
                }
            }
        }
        return min(max(x * sum, 0), 1)
    }
}

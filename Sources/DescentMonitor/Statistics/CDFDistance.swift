/// Distances between the empirical distribution functions of two samples (scipy `_cdf_distance`).
enum CDFDistance {
    /// ∫ |F_u − F_v|^p dx for p = 1 or 2 over sorted samples (for p = 2, before the square root).
    static func integral(sortedU u: [Double], sortedV v: [Double], power: Int) -> Double {
        let nu = u.count, nv = v.count
        let invU = 1 / Double(nu), invV = 1 / Double(nv)
        var total = 0.0
        u.withUnsafeBufferPointer { u in
            v.withUnsafeBufferPointer { v in
                var i = 0, j = 0
                var prev = min(u[0], v[0])
                while i < nu && u[i] == prev { i &+= 1 }
                while j < nv && v[j] == prev { j &+= 1 }
                while i < nu || j < nv {
                    let next = min(i < nu ? u[i] : .infinity, j < nv ? v[j] : .infinity)
                    let diff = abs(Double(i) * invU - Double(j) * invV)
                    total += (power == 1 ? diff : diff * diff) * (next - prev)
                    while i < nu && u[i] == next { i &+= 1 }
                    while j < nv && v[j] == next { j &+= 1 }
                    prev = next
                }
            }
        }
        return total
    }
}

/// The first Wasserstein distance between two samples divided by the reference standard
/// deviation (Evidently `wasserstein`: `wasserstein_distance(ref, cur) / max(std(ref), 0.001)`).
public enum WassersteinDistance {
    /// The unnormalised distance ∫ |F_ref − F_cur| dx (`scipy.stats.wasserstein_distance`).
    public static func distance(_ reference: [Double], _ current: [Double]) -> Double {
        let s = Sorting.sortedAll([reference, current])
        return CDFDistance.integral(sortedU: s[0], sortedV: s[1], power: 1)
    }

    /// The distance normed by the reference's population standard deviation (at least 0.001).
    public static func normed(_ reference: [Double], _ current: [Double]) -> Double {
        distance(reference, current) / max(Moments.standardDeviation(reference), 0.001)
    }
}

/// The energy distance between two samples (Evidently `ed`; `scipy.stats.energy_distance`):
/// √2 · (∫ (F_ref − F_cur)² dx)^½.
public enum EnergyDistance {
    /// Returns the energy distance.
    public static func distance(_ reference: [Double], _ current: [Double]) -> Double {
        let s = Sorting.sortedAll([reference, current])
        return 2.0.squareRoot() * CDFDistance.integral(sortedU: s[0], sortedV: s[1], power: 2).squareRoot()
    }
}

/// Mean and population standard deviation computed as numpy does (two passes).
enum Moments {
    static func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(x.count) }
    static func standardDeviation(_ x: [Double]) -> Double {
        let m = mean(x)
        var s = 0.0
        for v in x { s += (v - m) * (v - m) }
        return (s / Double(x.count)).squareRoot()
    }
}

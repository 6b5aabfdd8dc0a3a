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

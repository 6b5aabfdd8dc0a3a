import DescentCore

/// Exact (brute-force) k nearest neighbours in double precision, as scikit-learn's
/// `NearestNeighbors(algorithm="brute")` finds them: cosine distance `1 − x·y / (|x| |y|)`
/// (a zero row counts as distance 1 from everything but another zero row) or Euclidean.
/// Exact duplicates are at distance 0 (cleanlab corrects its graph so).
public struct NearestNeighbors: Sendable {
    /// The distance between rows.
    public enum Metric: String, Sendable {
        case cosine, euclidean

        /// cleanlab's default: cosine above 3 features, Euclidean otherwise.
        public static func cleanlabDefault(width: Int) -> Metric { width > 3 ? .cosine : .euclidean }
    }

    /// Distances to the `k` nearest rows, row-major `rows × k`, ascending.
    public let distances: [Double]
    /// Their indices in the reference set, in the same layout.
    public let indices: [Int]
    /// Neighbours per row.
    public let k: Int

    /// The `k` nearest rows of `reference` to each row of `query` (both row-major with `width`
    /// columns); with `excludingSelf`, `query` is `reference` and a row is not its own neighbour.
    public init(query: [Double], reference: [Double], width: Int, k wanted: Int, metric: Metric, excludingSelf: Bool) {
        let n = width > 0 ? query.count / width : 0
        let m = width > 0 ? reference.count / width : 0
        let k = max(0, min(wanted, excludingSelf ? m - 1 : m))
        self.k = k
        var distances = [Double](repeating: 0, count: n * k)
        var indices = [Int](repeating: 0, count: n * k)
        func norms(_ x: [Double], _ count: Int) -> [Double] {
            (0..<count).map { r in
                var s = 0.0
                for j in 0..<width { s += x[r * width + j] * x[r * width + j] }
                return s.squareRoot()
            }
        }
        let queryNorms = norms(query, n), referenceNorms = norms(reference, m)
        guard k > 0 else { self.distances = distances; self.indices = indices; return }
        query.withUnsafeBufferPointer { q in
            reference.withUnsafeBufferPointer { r in
                distances.withUnsafeMutableBufferPointer { dOut in
                    indices.withUnsafeMutableBufferPointer { iOut in
                        let dBase = dOut.baseAddress!, iBase = iOut.baseAddress!
                        parallelChunks(n, grain: max(1, 1 << 20 / max(1, m * width))) { range in
                            var best = [(Double, Int)]()
                            best.reserveCapacity(k + 1)
                            for i in range {
                                best.removeAll(keepingCapacity: true)
                                let qi = q.baseAddress! + i &* width
                                for j in 0..<m where !(excludingSelf && j == i) {
                                    let rj = r.baseAddress! + j &* width
                                    var d: Double
                                    switch metric {
                                    case .cosine:
                                        let denominator = queryNorms[i] * referenceNorms[j]
                                        d = denominator > 0 ? 1 - Self.dot(qi, rj, width) / denominator : (queryNorms[i] == 0 && referenceNorms[j] == 0 ? 0 : 1)
                                        d = min(max(d, 0), 2)
                                    case .euclidean:
                                        d = Self.squaredDistance(qi, rj, width).squareRoot()
                                    }
                                    // Exact duplicates are at distance 0 (rounding can leave 1e-16 for cosine).
                                    if d != 0 && d < 1e-9 && Self.identical(qi, rj, width) { d = 0 }
                                    if best.count == k, d >= best[k - 1].0 { continue }
                                    var at = best.count
                                    while at > 0 && best[at - 1].0 > d { at -= 1 }
                                    best.insert((d, j), at: at)
                                    if best.count > k { best.removeLast() }
                                }
                                for t in 0..<k {
                                    dBase[i &* k &+ t] = best[t].0
                                    iBase[i &* k &+ t] = best[t].1
                                }
                            }
                        }
                    }
                }
            }
        }
        self.distances = distances
        self.indices = indices
    }

    /// `x · y` over `width` entries, four lanes at a time.
    @inline(__always)
    static func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ width: Int) -> Double {
        var acc = SIMD4<Double>.zero
        var t = 0
        while t &+ 4 <= width {
            acc += UnsafeRawPointer(x + t).loadUnaligned(as: SIMD4<Double>.self) * UnsafeRawPointer(y + t).loadUnaligned(as: SIMD4<Double>.self)
            t &+= 4
        }
        var s = acc.sum()
        while t < width { s += x[t] * y[t]; t &+= 1 }
        return s
    }

    /// `|x − y|²` over `width` entries, four lanes at a time.
    @inline(__always)
    static func squaredDistance(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ width: Int) -> Double {
        var acc = SIMD4<Double>.zero
        var t = 0
        while t &+ 4 <= width {
            let diff = UnsafeRawPointer(x + t).loadUnaligned(as: SIMD4<Double>.self) - UnsafeRawPointer(y + t).loadUnaligned(as: SIMD4<Double>.self)
            acc += diff * diff
            t &+= 4
        }
        var s = acc.sum()
        while t < width { s += (x[t] - y[t]) * (x[t] - y[t]); t &+= 1 }
        return s
    }

    static func identical(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ width: Int) -> Bool {
        for t in 0..<width where x[t] != y[t] { return false }
        return true
    }

    /// Each row's mean distance to its `k` neighbours.
    public var meanDistances: [Double] {
        guard k > 0 else { return [] }
        return stride(from: 0, to: distances.count, by: k).map { start in
            var s = 0.0
            for t in 0..<k { s += distances[start + t] }
            return s / Double(k)
        }
    }

    /// Each row's distance to its nearest neighbour.
    public var nearestDistances: [Double] {
        guard k > 0 else { return [] }
        return stride(from: 0, to: distances.count, by: k).map { distances[$0] }
    }
}

/// numpy's `percentile` with linear interpolation (its default).
func percentile(_ values: [Double], _ q: Double) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    let position = q / 100 * Double(sorted.count - 1)
    let low = Int(position.rounded(.down)), high = min(low + 1, sorted.count - 1)
    let fraction = position - Double(low)
    return sorted[low] + (sorted[high] - sorted[low]) * fraction
}

/// numpy's `median`.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

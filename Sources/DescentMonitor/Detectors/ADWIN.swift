import Foundation

/// ADWIN, adaptive windowing (Bifet & Gavaldà 2007), as River implements it: an exponential
/// histogram of buckets; every `clock` values, once the window is longer than `gracePeriod`,
/// every split of the window into an older and a newer part is checked, and while some split's
/// means differ by more than ε_cut the oldest bucket is dropped and drift is reported.
/// River defaults: delta 0.002, clock 32, max_buckets 5, min_window_length 5, grace_period 10.
/// As in River, the update after a drift starts from an empty window.
public struct ADWIN: DriftDetector {
    /// Confidence of the cut test (`delta`).
    public let delta: Double
    /// Check for drift every `clock` values.
    public let clock: Int
    /// Buckets kept per size before merging (`max_buckets`).
    public let maxBuckets: Int
    /// Minimum length of each sub-window (`min_window_length`).
    public let minWindowLength: Int
    /// Values seen before the first check (`grace_period`).
    public let gracePeriod: Int

    private var total = 0.0
    private var variance = 0.0
    private var width = 0.0
    private var tick = 0
    private var buckets: Buckets
    /// Whether the last update detected a drift.
    public private(set) var driftDetected = false
    /// Always `false`: this detector has no warning zone.
    public var warningDetected: Bool { false }

    /// The exponential histogram: level i holds up to maxBuckets + 1 summaries of 2^i values.
    /// Copied on write, so ``ADWIN`` keeps value semantics.
    final class Buckets: @unchecked Sendable {
        let cap: Int
        var levelCapacity: Int
        var levels: Int
        var totals: UnsafeMutablePointer<Double>
        var variances: UnsafeMutablePointer<Double>
        var used: UnsafeMutablePointer<Int>

        init(cap: Int, levelCapacity: Int = 32) {
            self.cap = cap
            self.levelCapacity = levelCapacity
            levels = 1
            totals = .allocate(capacity: cap * levelCapacity)
            totals.initialize(repeating: 0, count: cap * levelCapacity)
            variances = .allocate(capacity: cap * levelCapacity)
            variances.initialize(repeating: 0, count: cap * levelCapacity)
            used = .allocate(capacity: levelCapacity)
            used.initialize(repeating: 0, count: levelCapacity)
        }

        deinit { totals.deallocate(); variances.deallocate(); used.deallocate() }

        func copy() -> Buckets {
            let b = Buckets(cap: cap, levelCapacity: levelCapacity)
            b.levels = levels
            b.totals.update(from: totals, count: cap * levelCapacity)
            b.variances.update(from: variances, count: cap * levelCapacity)
            b.used.update(from: used, count: levelCapacity)
            return b
        }

        func addLevel() {
            if levels == levelCapacity {
                let newCapacity = levelCapacity * 2
                let t = UnsafeMutablePointer<Double>.allocate(capacity: cap * newCapacity)
                t.initialize(repeating: 0, count: cap * newCapacity)
                t.update(from: totals, count: cap * levelCapacity)
                let v = UnsafeMutablePointer<Double>.allocate(capacity: cap * newCapacity)
                v.initialize(repeating: 0, count: cap * newCapacity)
                v.update(from: variances, count: cap * levelCapacity)
                let u = UnsafeMutablePointer<Int>.allocate(capacity: newCapacity)
                u.initialize(repeating: 0, count: newCapacity)
                u.update(from: used, count: levelCapacity)
                totals.deallocate(); variances.deallocate(); used.deallocate()
                totals = t; variances = v; used = u
                levelCapacity = newCapacity
            }
            used[levels] = 0
            levels += 1
        }

        /// Drops the first `k` summaries of a level.
        @inline(__always)
        func compress(_ level: Int, _ k: Int) {
            let base = level &* cap
            let count = used[level]
            var i = 0
            while i < count &- k {
                totals[base &+ i] = totals[base &+ i &+ k]
                variances[base &+ i] = variances[base &+ i &+ k]
                i &+= 1
            }
            while i < count {
                totals[base &+ i] = 0
                variances[base &+ i] = 0
                i &+= 1
            }
            used[level] = count &- k
        }
    }

    /// Creates a detector with River's parameter names and defaults.
    public init(delta: Double = 0.002, clock: Int = 32, maxBuckets: Int = 5, minWindowLength: Int = 5, gracePeriod: Int = 10) {
        precondition(clock > 0 && maxBuckets > 0 && delta > 0 && delta < 1, "invalid ADWIN parameters")
        self.delta = delta
        self.clock = clock
        self.maxBuckets = maxBuckets
        self.minWindowLength = minWindowLength
        self.gracePeriod = gracePeriod
        buckets = Buckets(cap: maxBuckets + 1)
    }

    /// Number of values in the current window.
    public var windowWidth: Int { Int(width) }
    /// Mean of the current window.
    public var estimation: Double { width == 0 ? 0 : total / width }

    private mutating func reset() {
        total = 0; variance = 0; width = 0; tick = 0
        buckets = Buckets(cap: maxBuckets + 1)
        driftDetected = false
    }

    /// Feeds one value.
    @discardableResult
    public mutating func update(_ x: Double) -> DetectorSignal {
        if driftDetected { reset() }
        if !isKnownUniquelyReferenced(&buckets) { buckets = buckets.copy() }
        insert(x)
        driftDetected = detectChange()
        return DetectorSignal(drift: driftDetected, warning: false)
    }

    @inline(__always)
    private mutating func insert(_ value: Double) {
        let b = buckets
        let cap = b.cap
        b.totals[b.used[0]] = value
        b.variances[b.used[0]] = 0
        b.used[0] &+= 1
        width += 1
        var inc = 0.0
        if width > 1 {
            let d = value - total / (width - 1)
            inc = (width - 1) * d * d / width
        }
        variance += inc
        total += value
        // Compress full levels.
        var level = 0
        while b.used[level] == cap {
            let base = level &* cap
            let n1 = Double(1 << level)
            let t0 = b.totals[base], t1 = b.totals[base &+ 1]
            let v0 = b.variances[base], v1 = b.variances[base &+ 1]
            let mu1 = t0 / n1, mu2 = t1 / n1
            let temp = n1 * 0.5 * (mu1 - mu2) * (mu1 - mu2)
            if level + 1 >= b.levels { b.addLevel() }
            let nb = (level &+ 1) &* cap &+ b.used[level &+ 1]
            b.totals[nb] = t0 + t1
            b.variances[nb] = v0 + v1 + temp
            b.used[level &+ 1] &+= 1
            b.compress(level, 2)
            if b.used[level &+ 1] <= maxBuckets { break }
            level &+= 1
        }
    }

    private mutating func deleteOldest() {
        let b = buckets
        let last = b.levels - 1
        let n = Double(1 << last)
        let u = b.totals[last &* b.cap], v = b.variances[last &* b.cap]
        let mu = u / n
        width -= n
        total -= u
        let muWindow = total / width
        variance -= v + n * width * (mu - muWindow) * (mu - muWindow) / (n + width)
        b.compress(last, 1)
        if b.used[last] == 0 && b.levels > 1 { b.levels -= 1 }
    }

    private mutating func detectChange() -> Bool {
        var changed = false
        tick &+= 1
        guard tick % clock == 0 && width > Double(gracePeriod) else { return false }
        let b = buckets
        let cap = b.cap
        let mwl = Double(minWindowLength)
        var reduceWidth = true
        while reduceWidth {
            reduceWidth = false
            var n0 = 0.0, n1 = width, u0 = 0.0, u1 = total
            let deltaPrime = log(2 * log(width) / delta)
            let varOverWidth = variance / width
            search: for level in stride(from: b.levels - 1, through: 0, by: -1) {
                let size = Double(1 << level)
                let count = b.used[level]
                for k in 0..<count {
                    n0 += size
                    n1 -= size
                    let t = b.totals[level &* cap &+ k]
                    u0 += t
                    u1 -= t
                    if level == 0 && k == count - 1 { break search }
                    if n1 >= mwl && n0 >= mwl {
                        let deltaMean = u0 / n0 - u1 / n1
                        let mRecip = 1 / (n0 - mwl + 1) + 1 / (n1 - mwl + 1)
                        let eps = (2 * mRecip * varOverWidth * deltaPrime).squareRoot() + 2.0 / 3.0 * deltaPrime * mRecip
                        if abs(deltaMean) > eps {
                            reduceWidth = true
                            changed = true
                            if width > 0 {
                                deleteOldest()
                                break search
                            }
                        }
                    }
                }
            }
        }
        return changed
    }
}

import Foundation

/// Samples the process's resident memory every few milliseconds on a background thread while
/// any trial runs, so that each trial learns the peak of its run (the process's: with trials
/// side by side it includes theirs).
final class ResidentMemorySampler: @unchecked Sendable {
    /// The process's sampler.
    static let shared = ResidentMemorySampler()

    private let lock = NSLock()
    private var peaks: [Int: Int] = [:]
    private var nextToken = 0
    private var sampling = false
    private let interval: useconds_t = 2_000

    /// Starts a window; pass its token to ``end(_:)``.
    func begin() -> Int {
        let now = ResourceUsage.residentBytes() ?? 0
        var start = false
        let token: Int = lock.withLock {
            nextToken += 1
            peaks[nextToken] = now
            if !sampling { sampling = true; start = true }
            return nextToken
        }
        if start { Thread { [self] in loop() }.start() }
        return token
    }

    /// Ends a window: the highest resident bytes sampled in it (nil where memory cannot be read).
    func end(_ token: Int) -> Int? {
        let now = ResourceUsage.residentBytes()
        let peak: Int? = lock.withLock { peaks.removeValue(forKey: token) }
        guard let now else { return peak.flatMap { $0 > 0 ? $0 : nil } }
        return max(peak ?? 0, now)
    }

    private func loop() {
        while true {
            let stop = lock.withLock {
                if peaks.isEmpty { sampling = false }
                return !sampling
            }
            if stop { return }
            if let now = ResourceUsage.residentBytes() {
                lock.withLock { for key in peaks.keys where peaks[key]! < now { peaks[key] = now } }
            }
            usleep(interval)
        }
    }
}

import Dispatch
import Foundation
import Synchronization

/// How many threads the kernels use; all cores by default, or `DESCENT_THREADS`.
public enum ComputeThreads {
    private static let stored = Atomic<Int>(initialCount())

    private static func initialCount() -> Int {
        if let text = ProcessInfo.processInfo.environment["DESCENT_THREADS"], let n = Int(text), n > 0 { return n }
        return ProcessInfo.processInfo.activeProcessorCount
    }

    /// The number of threads in use.
    public static var count: Int { stored.load(ordering: .relaxed) }

    /// Sets the number of threads for the kernels.
    public static func set(_ n: Int) {
        precondition(n > 0, "thread count must be positive")
        stored.store(n, ordering: .relaxed)
    }
}

/// Splits `0..<count` into contiguous chunks run on all compute threads when the work is
/// large enough (`count >= grain` elements per extra thread); otherwise runs inline.
@inline(__always)
package func parallelChunks(_ count: Int, grain: Int = 1 << 17, _ body: (Range<Int>) -> Void) {
    let threads = min(ComputeThreads.count, count / max(grain, 1))
    if threads <= 1 {
        body(0..<count)
        return
    }
    let chunk = (count + threads - 1) / threads
    withoutActuallyEscaping(body) { body in
        let box = UncheckedSendable(body)
        SpinningThreadPool.shared.run(iterations: threads) { t in
            let start = t * chunk
            let end = min(start + chunk, count)
            if start < end { box.value(start..<end) }
        }
    }
}

/// Wraps a value known to be used safely across threads (disjoint ranges of one buffer).
package struct UncheckedSendable<T>: @unchecked Sendable {
    package let value: T
    package init(_ value: T) { self.value = value }
}

/// Runs `body` on fixed blocks of `0..<count` on all compute threads and returns the
/// blocks' results in block order, so that a reduction over them gives the same bits
/// whatever the number of threads.
package func parallelBlocks<T>(_ count: Int, block: Int = 1 << 14, zero: T, _ body: (Range<Int>) -> T) -> [T] {
    let blocks = (count + block - 1) / block
    guard blocks > 1 else { return [body(0..<count)] }
    var results = [T](repeating: zero, count: blocks)
    results.withUnsafeMutableBufferPointer { out in
        let shared = UncheckedSendable(out.baseAddress!)
        parallelChunks(blocks, grain: 4) { range in
            for b in range { shared.value[b] = body((b * block)..<min((b + 1) * block, count)) }
        }
    }
    return results
}

/// The most chunks per compute thread of ``dynamicChunks(_:grain:_:)``.
let chunksPerThread = 4

/// Splits `0..<count` into contiguous chunks of at least `grain` elements, up to
/// ``chunksPerThread`` per compute thread, that the threads claim one at a time as they
/// finish the last; otherwise runs inline. A thread held up (a core shared with another
/// process, a slower part of the work) then leaves its share to the others instead of
/// keeping them waiting. `body` must give the same results on any split of the range.
package func dynamicChunks(_ count: Int, grain: Int, _ body: (Range<Int>) -> Void) {
    let most = count / max(grain, 1)
    if min(ComputeThreads.count, most) <= 1 {
        body(0..<count)
        return
    }
    let chunks = min(most, ComputeThreads.count * chunksPerThread)
    let chunk = (count + chunks - 1) / chunks
    dynamicTasks((count + chunk - 1) / chunk) { task in body(task * chunk..<min(task * chunk + chunk, count)) }
}

/// Runs `body(task)` for every task in `0..<count` on all compute threads, each thread
/// claiming the next task as it finishes one, so a thread that runs slower (a product in a
/// slower shape, or a core shared with another process) takes fewer. Tasks must not
/// depend on which thread runs them.
package func dynamicTasks(_ count: Int, _ body: (Int) -> Void) {
    let threads = min(ComputeThreads.count, count)
    if threads <= 1 {
        for task in 0..<count { body(task) }
        return
    }
    let next = TaskCounter()
    withoutActuallyEscaping(body) { body in
        let box = UncheckedSendable(body)
        SpinningThreadPool.shared.run(iterations: threads) { _ in
            while case let task = next.claim(), task < count { box.value(task) }
        }
    }
}

/// A counter from which threads claim task numbers 0, 1, 2, … one at a time.
final class TaskCounter: Sendable {
    private let next = Atomic<Int>(0)

    /// The next unclaimed task number.
    func claim() -> Int { next.add(1, ordering: .relaxed).oldValue }
}

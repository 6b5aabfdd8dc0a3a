import CDescentKernels
import Dispatch
import Foundation
import Synchronization

/// A team of persistent worker threads that poll for the next job for a while before they
/// sleep, as OpenMP runtimes keep theirs.
///
/// Waking a sleeping thread costs tens of microseconds on a virtual machine, as much as a
/// whole 256×512×784 product on one core; a polling worker joins within a microsecond. A
/// training step issues hundreds of short parallel regions, so the kernels and the matrix
/// products run on this team rather than on Dispatch's pool. One job runs at a time: a
/// call made while another is running (from inside a job, or from another thread) runs
/// its iterations on the calling thread.
package final class SpinningThreadPool: @unchecked Sendable {
    /// The team every kernel shares.
    package static let shared = SpinningThreadPool()

    /// How long an idle worker polls before it sleeps (`DESCENT_SPIN_MICROSECONDS`, default 1 ms).
    private let spinNanoseconds: UInt64 = {
        if let text = ProcessInfo.processInfo.environment["DESCENT_SPIN_MICROSECONDS"],
           let micro = UInt64(text), micro <= 1_000_000 {
            return micro * 1000
        }
        return 1_000_000
    }()

    /// Bumped once per job; workers poll it.
    private let generation = Atomic<UInt64>(0)
    /// The job's claim word: iteration count in bits 16..<32, next iteration in bits 0..<16.
    private let claim = Atomic<UInt64>(0)
    /// Iterations not yet finished.
    private let pending = Atomic<Int>(0)
    private let sleepers = Atomic<Int>(0)
    private let running = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    private let started = Mutex<Int>(0)
    /// The running job's body; written before `claim` is published, read after a claim succeeds.
    private var body: ((Int) -> Void)?

    /// The most iterations one job takes (the claim word's field width).
    package static let maxIterations = 1 << 16 - 1

    private init() {}

    /// Runs `body(0..<iterations)` on the calling thread and up to `iterations - 1` workers,
    /// and returns when every iteration has finished.
    ///
    /// Pass the thread count, not a work count: the team grows to `iterations - 1` workers,
    /// which then poll for every later job (split finer work with a shared counter, as
    /// `dynamicChunks` does).
    package func run(iterations: Int, _ body: (Int) -> Void) {
        guard iterations > 1 else {
            if iterations == 1 { body(0) }
            return
        }
        guard iterations <= Self.maxIterations,
              running.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        else {
            for i in 0..<iterations { body(i) }
            return
        }
        startWorkers(upTo: iterations - 1)
        withoutActuallyEscaping(body) { body in
            self.body = body
            pending.store(iterations, ordering: .relaxed)
            claim.store(UInt64(iterations) << 16, ordering: .releasing)
            generation.add(1, ordering: .sequentiallyConsistent)
            let asleep = sleepers.load(ordering: .sequentiallyConsistent)
            for _ in 0..<Swift.min(asleep, iterations - 1) { wake.signal() }
            claimIterations()
            var spins = 0
            while pending.load(ordering: .acquiring) > 0 {
                spins += 1
                if spins & 1023 == 0 { sched_yield() } else { descent_cpu_relax() }
            }
            self.body = nil
        }
        running.store(false, ordering: .releasing)
    }

    /// Claims and runs iterations of the current job until none is left.
    private func claimIterations() {
        var word = claim.load(ordering: .acquiring)
        while true {
            let next = Int(word & 0xFFFF), count = Int((word >> 16) & 0xFFFF)
            guard next < count else { return }
            let (exchanged, seen) = claim.compareExchange(
                expected: word, desired: word + 1, ordering: .acquiringAndReleasing)
            if exchanged {
                runIteration(next)
                pending.subtract(1, ordering: .releasing)
                word = claim.load(ordering: .acquiring)
            } else {
                word = seen
            }
        }
    }

    /// Calls the job's body; out of line so the closure copy is released before the
    /// iteration is counted as finished (the caller's `withoutActuallyEscaping` checks it).
    @inline(never)
    private func runIteration(_ i: Int) {
        body!(i)
    }

    private func startWorkers(upTo count: Int) {
        started.withLock { started in
            while started < count {
                let thread = Thread { [unowned self] in self.workerLoop() }
                thread.name = "descent-worker-\(started + 1)"
                thread.start()
                started += 1
            }
        }
    }

    private func workerLoop() {
        var seen = generation.load(ordering: .acquiring)
        while true {
            if !pollForJob(after: &seen) {
                sleepers.add(1, ordering: .sequentiallyConsistent)
                let now = generation.load(ordering: .sequentiallyConsistent)
                if now == seen { wake.wait() }
                sleepers.subtract(1, ordering: .sequentiallyConsistent)
                continue
            }
            claimIterations()
        }
    }

    /// Polls `generation` for up to the spin time; true when a new job was published.
    private func pollForJob(after seen: inout UInt64) -> Bool {
        let deadline = DispatchTime.now().uptimeNanoseconds &+ spinNanoseconds
        var spins = 0
        while true {
            let now = generation.load(ordering: .acquiring)
            if now != seen {
                seen = now
                return true
            }
            spins += 1
            if spins & 63 == 0, DispatchTime.now().uptimeNanoseconds >= deadline { return false }
            descent_cpu_relax()
        }
    }
}

import ArgumentParser
import DescentCore

/// `--threads`, for the commands whose work is split across the compute threads.
struct ComputeOptions: ParsableArguments {
    @Option(help: "Compute threads (default: all cores, or DESCENT_THREADS).") var threads: Int?

    /// Runs `body` on the threads asked for, then restores the previous count.
    func run<T>(_ body: () throws -> T) throws -> T {
        guard let threads else { return try body() }
        guard threads >= 1 else { throw CommandFailure("--threads must be a positive integer, got \(threads)") }
        let previous = ComputeThreads.count
        ComputeThreads.set(threads)
        defer { ComputeThreads.set(previous) }
        return try body()
    }
}

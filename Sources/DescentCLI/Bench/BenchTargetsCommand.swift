import ArgumentParser
import DescentBench
import Foundation

/// `descent bench targets`: measures each workload's target from its AdamW reference run.
struct BenchTargetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "targets",
        abstract: "Measure each workload's target: the median over seeds of the best validation metric of its AdamW reference run.",
        discussion: """
        The reference run is AdamW with the workload's reference hyperparameters (descent bench list), 5% linear warm-up and cosine decay to zero over the step budget; the targets in the suite were set from this command's output. (Tuning AdamW, NAdamW and SGD with a quasi-random budget first, as AlgoPerf sets targets, is not built yet.)

        With --json: an array of objects with suite, workload, metric, committed (the target in the suite), measured and best_per_seed.

        Examples:
          descent bench targets --suite standard
          descent bench targets --suite full --workloads char_transformer,cnn_digits --seeds 3 --json
          descent bench targets --suite standard --data-dir data/ --workloads cnn_mnist,cnn_fashion_mnist
        """
    )

    @Option(help: "The suite (quick, standard, full).") var suite = "quick"
    @Option(help: "Comma-separated workloads of the suite to measure (default: all of them).") var workloads: String?
    @Option(help: "A folder with mnist/ and/or fashion-mnist/ IDX files (adds their CNN workloads, as descent bench --data-dir).")
    var dataDir: String?
    @Option(help: "Reference runs per workload (seeds 0..<N).") var seeds = 3
    @Flag(help: "Print a JSON array instead of the table.") var json = false

    func run() throws {
        try CommandFailure.run("bench targets") {
            guard seeds >= 1 else { throw CommandFailure("--seeds must be a positive integer, got \(seeds)") }
            var suite = try BenchmarkSuite.named(suite, dataDirectory: dataDir)
            if let workloads { suite = try suite.selecting(KeyValue.list(workloads)) }
            var rows: [TargetJSON] = []
            for workload in suite.workloads {
                let (target, trials) = try ReferenceTarget.measure(workload, seeds: (0..<UInt64(seeds)).map { $0 })
                rows.append(TargetJSON(suite: suite.name, workload: workload.name, metric: workload.metric.rawValue,
                                       committed: workload.target, measured: finite(target),
                                       bestPerSeed: trials.map { finite($0.bestValidation) }))
            }
            if json {
                Console.emit(try JSONOutput.text(rows))
                return
            }
            Console.emit("workload            metric                        committed  measured  best per seed")
            for row in rows {
                let seeds = row.bestPerSeed.map { $0.map { String(format: "%.4f", $0) } ?? "-" }.joined(separator: " ")
                Console.emit(row.workload.padding(toLength: 18, withPad: " ", startingAt: 0) + "  "
                             + row.metric.padding(toLength: 28, withPad: " ", startingAt: 0)
                             + String(format: "  %9.4f  ", row.committed) + (row.measured.map { String(format: "%8.4f", $0) } ?? "       -")
                             + "  " + seeds)
            }
        }
    }
}

/// One workload's target as `bench targets --json` prints it.
struct TargetJSON: JSONReport {
    var suite: String
    var workload: String
    var metric: String
    var committed: Double
    @Null var measured: Double?
    var bestPerSeed: [Double?]

    private enum CodingKeys: String, CodingKey {
        case suite, workload, metric, committed, measured
        case bestPerSeed = "best_per_seed"
    }
}

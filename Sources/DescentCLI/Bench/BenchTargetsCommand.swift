import ArgumentParser
import DescentBench
import Foundation

/// `descent bench targets`: measures each workload's target, tuned the AlgoPerf way or from its AdamW reference run.
struct BenchTargetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "targets",
        abstract: "Measure each workload's target: tuned AdamW, NAdamW and SGD (AlgoPerf's way), or the AdamW reference run.",
        discussion: """
        --method tuned (the default, AlgoPerf's way scaled down): AdamW, NAdamW and SGD with Nesterov momentum, each with 5% linear warm-up and cosine decay to zero over the step budget, run --trials Halton points of their search spaces (the built-in ones of descent bench) to the full budget; the run with the best validation metric is rerun with --seeds seeds (1000, 1001, ...), and the target is the median of their best validation metrics.

        --method reference: AdamW with the workload's reference hyperparameters (descent bench list), seeds 0..<N; the target is the median of their best validation metrics.

        With --json: an array of objects with suite, workload, metric, method, committed (the target in the suite), measured, best_per_seed and, when tuned, best_optimizer and best_hyperparameters.

        Examples:
          descent bench targets --suite standard
          descent bench targets --suite standard --method tuned --trials 8 --seeds 3 --json
          descent bench targets --suite full --workloads char_transformer,cnn_digits --method reference --seeds 3
          descent bench targets --suite standard --data-dir data/ --workloads cnn_mnist,cnn_fashion_mnist
        """
    )

    @Option(help: "The suite (quick, standard, full).") var suite = "quick"
    @Option(help: "Comma-separated workloads of the suite to measure (default: all of them).") var workloads: String?
    @Option(help: "A folder with mnist/ and/or fashion-mnist/ IDX files (adds their CNN workloads, as descent bench --data-dir).")
    var dataDir: String?
    @Option(help: "tuned (AdamW, NAdamW and SGD tuned, the best rerun) or reference (AdamW's reference run).") var method = Choice(TargetMethod.tuned)
    @Option(parsing: .unconditional, help: "Halton points per baseline optimizer (--method tuned).") var trials = 8
    @Option(parsing: .unconditional, help: "Reruns of the best point (tuned) or reference runs (reference).") var seeds = 3
    @Option(parsing: .unconditional, help: "Runs at once, one compute thread each (default: the cores).") var parallel: Int?
    @Flag(help: "Print a JSON array instead of the table.") var json = false

    func run() throws {
        try CommandFailure.run("bench targets") {
            guard seeds >= 1 else { throw CommandFailure("--seeds must be a positive integer, got \(seeds)") }
            guard trials >= 1 else { throw CommandFailure("--trials must be a positive integer, got \(trials)") }
            guard trials <= BenchmarkRun.maximumTrials / TunedTarget.baselines.count, seeds <= BenchmarkRun.maximumTrials else {
                throw CommandFailure("--trials \(trials) or --seeds \(seeds) plans more than \(BenchmarkRun.maximumTrials) runs a workload")
            }
            let method = try self.method.value("--method")
            let workers = parallel ?? ProcessInfo.processInfo.activeProcessorCount
            guard workers >= 1 else { throw CommandFailure("--parallel must be a positive integer, got \(workers)") }
            var suite = try BenchmarkSuite.named(suite, dataDirectory: dataDir)
            if let workloads { suite = try suite.selecting(KeyValue.list(workloads)) }
            var rows: [TargetJSON] = []
            try ComputeThreads.running(1) {
                for workload in suite.workloads {
                    switch method {
                    case .reference:
                        let (target, trials) = try ReferenceTarget.measure(workload, seeds: (0..<UInt64(seeds)).map { $0 })
                        rows.append(TargetJSON(suite: suite.name, workload: workload.name, metric: workload.metric.rawValue, method: method.rawValue,
                                               committed: workload.target, measured: finite(target),
                                               bestPerSeed: trials.map { finite($0.bestValidation) }))
                    case .tuned:
                        let m = try TunedTarget.measure(workload, trials: trials, seeds: seeds, parallelism: workers)
                        rows.append(TargetJSON(suite: suite.name, workload: workload.name, metric: workload.metric.rawValue, method: method.rawValue,
                                               committed: workload.target, measured: finite(m.target),
                                               bestPerSeed: m.reruns.map { finite($0.bestValidation) },
                                               bestOptimizer: m.bestOptimizer, bestHyperparameters: m.bestHyperparameters))
                    }
                }
            }
            if json {
                Console.emit(try JSONOutput.text(rows))
                return
            }
            Console.emit("workload            metric                        committed  measured  best per seed" + (method == .tuned ? "  (best tuning run)" : ""))
            for row in rows {
                let seeds = row.bestPerSeed.map { $0.map { String(format: "%.4f", $0) } ?? "-" }.joined(separator: " ")
                Console.emit(row.workload.padded(18) + "  " + row.metric.padded(28)
                             + String(format: "  %9.4f  ", row.committed) + (row.measured.map { String(format: "%8.4f", $0) } ?? "       -")
                             + "  " + seeds + (row.bestOptimizer.map { o in
                                 "  (" + o + " " + (row.bestHyperparameters ?? [:]).sorted { $0.key < $1.key }
                                     .map { "\($0.key)=\(String(format: "%.4g", $0.value))" }.joined(separator: " ") + ")"
                             } ?? ""))
            }
        }
    }
}

/// One workload's target as `bench targets --json` prints it.
struct TargetJSON: JSONReport {
    var suite: String
    var workload: String
    var metric: String
    var method: String
    var committed: Double
    @Null var measured: Double?
    var bestPerSeed: [Double?]
    @Null var bestOptimizer: String?
    @Null var bestHyperparameters: [String: Double]?

    private enum CodingKeys: String, CodingKey {
        case suite, workload, metric, method, committed, measured
        case bestPerSeed = "best_per_seed", bestOptimizer = "best_optimizer", bestHyperparameters = "best_hyperparameters"
    }
}

/// How `bench targets` sets a target.
enum TargetMethod: String, CaseIterable {
    case tuned, reference
}

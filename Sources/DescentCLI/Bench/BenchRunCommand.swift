import ArgumentParser
import DescentBench
import DescentCore
import Foundation

/// `descent bench [run]`: runs a suite's trials for the optimizers and scores them.
struct BenchRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the trials of a suite for each optimizer, print times to target and scores, write DIR/results.json, DIR/trials.csv and DIR/report.html.",
        discussion: """
        External tuning (the default): --studies S of --trials K each; trial k of study s draws Halton point 1 + s·K + k of the optimizer's search space (built in, or --search-space NAME=FILE in AlgoPerf's tuning_search_space.json form) and uses seed s·K + k. A workload's time is the median over studies of the study's best trial; a miss is infinity. --self-tuning runs the defaults S times instead. --seeds N runs each trial's point N times (seed index + r·2³² for the r-th; the first is the trial as with --seeds 1) and the trial's time is the median over them. Every trial uses 5% linear warm-up (or the drawn warmup_factor) and cosine decay to zero at the budget (schedule-free optimizers: their own warm-up and no decay), and stops at the first evaluation (one per epoch) that reaches the target.

        The score is AlgoPerf's: the performance profile ρ(τ) (share of workloads within τ times the fastest) integrated over τ in [1, 4] by the trapezoid rule and divided by 3. Times count optimizer steps unless --measure seconds.

        With --json: {"suite", "ruleset", "studies", "trials_per_study", "seeds", "measure", "workloads": [{"name", "metric", "target", "budget_steps"}], "trials": [{"workload", "optimizer", "study", "trial", "replica" (only when not 0), "seed", "hyperparameters", "reached", "steps_to_target", "seconds_to_target", "best_validation", "final_validation", "test_metric", "diverged", "ece", "worst_class_accuracy", "ms_per_step", "state_bytes", "cpu_seconds", "peak_rss_bytes", "energy_estimate_joules", "steps", "curve"}], "times": [{"optimizer", "workload", "time"}], "scores": [{"optimizer", "score", "geomean_speedup_vs_nadamw", "workloads_reached", "profile": [[tau, rho], ...]}], "results": "DIR/results.json", "report": "DIR/report.html", "machine": {"processor", "cores", "operating_system", "parallel_trials", "compute_threads"}}; results.json holds the same object; trials.csv one row per trial (no curve); summary.md the leaderboard, times, calibration and worst-class accuracy, and costs (energy: an estimate at 10 W per busy core); report.html the same with the performance profiles, validation curves and learning-rate sensitivity as inline SVG (descent bench report DIR rebuilds it).

        Resumable: each trial is written to DIR/trials/WORKLOAD/OPTIMIZER/study-S-trial-K.json (atomically) when it ends, and a rerun into the same DIR takes the trials found there instead of running them (a trial file from another suite, target, budget, seed or hyperparameters is refused). Ctrl-C stops starting trials, lets the running ones finish and be saved, prints "interrupted: N of M trials saved in DIR; rerun the same command to resume" and exits 130; a second Ctrl-C ends at once.

        Examples:
          descent bench --suite quick --optimizers adamw,nadamw,sgd,lion --out bench/
          descent bench --suite quick --optimizers adamw,nadamw --studies 3 --trials 4 --out bench/ --json
          descent bench --suite quick --optimizers adamw,lion --self-tuning --studies 2 --measure seconds --out bench/
          descent bench --workloads quadratic_deep,rosenbrock_2d --optimizers sgd,nadamw --out bench/
          descent bench --suite standard --optimizers nadamw,muon_adamw,schedule_free_adamw,prodigy --seeds 3 --out bench-std/
        """
    )

    @Option(help: "The suite: quick (6 cheap workloads), standard (all 11) or full (all 11, three times the budgets).") var suite = "quick"
    @Option(help: "A folder with mnist/ and/or fashion-mnist/ IDX files: adds a CNN workload on each to the standard and full suites.")
    var dataDir: String?
    @Option(help: "Comma-separated optimizers: adamw, nadamw, sgd (Nesterov momentum 0.9), lion, or any of descent optim list.")
    var optimizers = "adamw,nadamw,sgd,lion"
    @Option(help: "Comma-separated workloads of the suite to run (default: all of them; descent bench list).") var workloads: String?
    @Option(parsing: .unconditional, help: "Studies (external tuning) or repetitions (self-tuning).") var studies = 3
    @Option(parsing: .unconditional, help: "Trials per study (external tuning).") var trials: Int?
    @Option(parsing: .unconditional, help: "Runs of each trial's point with different seeds; the trial's time to target is their median (a miss counts as infinity).")
    var seeds = 1
    @Flag(help: "Self-tuning ruleset: the optimizers' defaults only, repeated --studies times (as --ruleset self).") var selfTuning = false
    @Option(help: "external (tune in the search space; the default) or self (defaults only).") var ruleset: Choice<RulesetName>?
    @Option(help: "What time to target counts: steps (deterministic) or seconds.") var measure = Choice(TimeMeasure.steps)
    @Option(name: .customLong("search-space"), help: "An optimizer's search space as NAME=FILE.json (repeatable).")
    var searchSpaces: [String] = []
    @Option(parsing: .unconditional, help: "Trials run at once, one compute thread each (default: the cores).") var parallel: Int?
    @Option(help: "Folder for results.json, trials.csv, summary.md and the trial files (created if missing; a rerun resumes).") var out: String
    @Option(help: "Run only shard K of N (K/N: the trials whose protocol index i has i mod N = K-1) into --out, for descent bench merge.")
    var shard: String?
    @Flag(help: "Print one JSON object with the results, and no progress line.") var json = false

    static let defaultTrials = 5

    func run() throws {
        try CommandFailure.run("bench") {
            let benchmark = try prepare()
            let shard = try self.shard.map { try Shard(parsing: $0) }
            let folder = URL(fileURLWithPath: out)
            try checkFolder(folder)
            let workers = parallel ?? ProcessInfo.processInfo.activeProcessorCount
            guard workers >= 1 else { throw CommandFailure("--parallel must be a positive integer, got \(workers)") }
            let total = shard.map { benchmark.trialCount(of: $0) } ?? benchmark.trialCount
            let showProgress = !json && isatty(STDERR_FILENO) != 0
            let started = Date()
            let resumed = ResumedCount()
            let progress: @Sendable (TrialResult, Int, Bool) -> Void = { trial, done, fromStore in
                // The ETA extrapolates from the trials run in this process only, not the resumed ones.
                let ranHere = fromStore ? resumed.add() : done - resumed.value
                guard showProgress else { return }
                let elapsed = Date().timeIntervalSince(started)
                let eta = ranHere > 0 ? String(format: "ETA %.0fs", elapsed / Double(ranHere) * Double(total - done)) : "resuming"
                FileHandle.standardError.write(Data(String(format: "\r%d/%d trials  %@ on %@  %@ ", done, total,
                                                           trial.optimizer, trial.workload, eta).utf8))
            }
            // One compute thread per trial, however many run at once: the kernels split their work by
            // the thread count, which changes the last bits of large products, and the results must not
            // depend on --parallel.
            let threads = 1
            let store = TrialStore(folder: folder)
            store.removeTemporaryFiles()
            // Ctrl-C: no new trial starts, the running ones finish and are saved; a second Ctrl-C ends at once.
            let interruption = Interruption(onForce: { store.removeTemporaryFiles() })
            defer { interruption.uninstall() }
            let stop: @Sendable () -> Bool = { interruption.requested }
            func interrupted(_ stopped: BenchmarkInterrupted) -> ExitCode {
                store.removeTemporaryFiles()
                if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
                Console.error("interrupted: \(stopped.saved) of \(stopped.total) trials saved in \(folder.path); rerun the same command to resume")
                return ExitCode(130)
            }
            let machine = MachineDescription.current(parallelTrials: workers, computeThreads: threads)
            if let shard {
                let trials: [TrialResult]
                do {
                    trials = try ComputeThreads.running(threads) {
                        try benchmark.runShard(shard, parallelism: workers, store: store, stop: stop, progress: progress)
                    }
                } catch let stopped as BenchmarkInterrupted { throw interrupted(stopped) }
                if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
                let manifest = BenchShardManifest(shard: shard, options: options, machine: machine, trials: trials.count)
                try manifest.write(to: folder)
                Console.emit(json ? try JSONOutput.text(manifest)
                                  : "shard \(shard): \(trials.count) trials in \(folder.appendingPathComponent("trials").path); "
                                    + "when all \(shard.count) shards are done: descent bench merge FOLDER... --out DIR")
                return
            }
            let results: BenchmarkResults
            do {
                results = try ComputeThreads.running(threads) {
                    try benchmark.run(parallelism: workers, store: store, stop: stop, progress: progress)
                }
            } catch let stopped as BenchmarkInterrupted { throw interrupted(stopped) }
            if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
            Console.emit(try BenchOutputs.write(results, machine: machine, to: folder, json: json))
        }
    }

    /// The options that define the benchmark (all but where and how it runs), as a shard records them.
    var options: BenchRunOptions {
        BenchRunOptions(suite: suite, dataDir: dataDir, optimizers: optimizers, workloads: workloads, studies: studies, trials: trials,
                        seeds: seeds == 1 ? nil : seeds,
                        selfTuning: selfTuning, ruleset: ruleset?.name, measure: measure.name, searchSpaces: searchSpaces)
    }

    /// The benchmark the options describe; every option is checked before anything runs.
    func prepare() throws -> BenchmarkRun {
        var suite = try BenchmarkSuite.named(suite, dataDirectory: dataDir)
        if let workloads {
            let names = KeyValue.list(workloads)
            guard !names.isEmpty else { throw CommandFailure("--workloads names no workload") }
            suite = try suite.selecting(names)
        }
        let names = KeyValue.list(optimizers)
        var files: [String: SearchSpace] = [:]
        for item in searchSpaces {
            let (name, path) = try KeyValue.pair(item, option: "--search-space")
            guard names.contains(name) else { throw CommandFailure("--search-space names \(name), which is not in --optimizers") }
            files[name] = try SearchSpace(contentsOf: URL(fileURLWithPath: path))
        }
        let chosen = try names.map { try BenchOptimizer(named: $0, searchSpace: files[$0]) }
        let named = try self.ruleset?.value("--ruleset")
        if selfTuning && named == .external { throw CommandFailure("--self-tuning contradicts --ruleset external") }
        let ruleset: TuningRuleset
        if selfTuning || named == .selfTuning {
            if trials != nil { throw CommandFailure("--trials applies to external tuning; drop it or --self-tuning") }
            if !searchSpaces.isEmpty { throw CommandFailure("--search-space applies to external tuning; drop it or --self-tuning") }
            ruleset = .selfTuning(studies: studies)
        } else {
            ruleset = .external(studies: studies, trials: trials ?? Self.defaultTrials)
        }
        return try BenchmarkRun(suite: suite, optimizers: chosen, ruleset: ruleset, measure: try measure.value("--measure"), seeds: seeds)
    }

    /// `--out` must be a folder or not exist yet (with an existing parent chain being creatable).
    func checkFolder(_ folder: URL) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw CommandFailure("--out \(folder.path) is a file, not a folder") }
            guard FileManager.default.isWritableFile(atPath: folder.path) else { throw CommandFailure("--out \(folder.path) is not writable") }
        }
    }
}

/// How many trials of a run were taken from its folder (counted as the progress line sees them).
final class ResumedCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    /// Counts one more; returns how many trials ran in this process so far (none yet: 0).
    func add() -> Int { lock.withLock { count += 1 }; return 0 }

    var value: Int { lock.withLock { count } }
}

/// The rulesets `--ruleset` names.
enum RulesetName: String, CaseIterable {
    case external
    case selfTuning = "self"
}

extension ComputeThreads {
    /// Runs `body` with `count` compute threads, then restores the previous count (trials run
    /// side by side, one thread each).
    static func running<T>(_ count: Int, _ body: () throws -> T) rethrows -> T {
        let previous = ComputeThreads.count
        ComputeThreads.set(count)
        defer { ComputeThreads.set(previous) }
        return try body()
    }
}

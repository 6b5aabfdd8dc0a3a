import ArgumentParser
import DescentBench
import DescentCore
import Foundation

/// `descent bench merge DIR... --out DIR`: scores the trials of all the shards of one benchmark.
struct BenchMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the folders of --shard 1/N ... N/N of one benchmark into one: the same results as one unsharded run.",
        discussion: """
        Every folder must hold a shard.json of the same benchmark (the same suite, optimizers, workloads, ruleset, studies, trials and measure) and together they must hold every shard once, each with all its trials. The trials are copied into --out/trials, and --out gets results.json, trials.csv, summary.md and report.html, as a run without --shard writes them; every field but the timings equals that run's.

        Examples:
          descent bench --suite quick --shard 1/2 --out part1/    # on one machine
          descent bench --suite quick --shard 2/2 --out part2/    # on another
          descent bench merge part1/ part2/ --out bench/
        """
    )

    @Argument(help: "The shards' folders.") var folders: [String]
    @Option(help: "Folder for the merged results (created if missing).") var out: String
    @Flag(help: "Print the results as one JSON object (as descent bench --json).") var json = false

    func run() throws {
        try CommandFailure.run("bench merge") {
            guard !folders.isEmpty else { throw CommandFailure("name the shards' folders") }
            let manifests = try folders.map { try BenchShardManifest.read(from: URL(fileURLWithPath: $0)) }
            let first = manifests[0]
            for (folder, manifest) in zip(folders, manifests).dropFirst() {
                if let difference = manifest.options.firstDifference(from: first.options) {
                    throw CommandFailure("\(folder): a shard of another benchmark (\(difference) in \(folders[0]))")
                }
                if manifest.shard.count != first.shard.count {
                    throw CommandFailure("\(folder): shard \(manifest.shard) of another split (\(folders[0]) holds \(first.shard))")
                }
            }
            var owner: [Int: String] = [:]
            for (folder, manifest) in zip(folders, manifests) {
                if let other = owner[manifest.shard.index] {
                    throw CommandFailure("\(folder): shard \(manifest.shard) is also in \(other)")
                }
                owner[manifest.shard.index] = folder
            }
            if let missing = (0..<first.shard.count).first(where: { owner[$0] == nil }) {
                throw CommandFailure("shard \(missing + 1)/\(first.shard.count) is missing")
            }
            let command = try first.options.command(out: out)
            let benchmark = try command.prepare()
            let folder = URL(fileURLWithPath: out)
            try command.checkFolder(folder)
            // Read and check every trial before anything is written.
            var trials: [(TrialResult, Workload)] = []
            for (index, job) in benchmark.jobs.enumerated() {
                let shardFolder = owner[index % first.shard.count]!
                let store = TrialStore(folder: URL(fileURLWithPath: shardFolder))
                guard let trial = try store.load(suite: benchmark.suite.name, workload: job.workload, optimizer: job.optimizer, plan: job.plan) else {
                    throw CommandFailure("\(shardFolder): trial \(job.plan.trial) of study \(job.plan.study) of \(job.optimizer.name) on \(job.workload.name) is missing (is the shard finished?)")
                }
                trials.append((trial, job.workload))
            }
            let store = TrialStore(folder: folder)
            store.removeTemporaryFiles()
            for (trial, workload) in trials { try store.save(trial, suite: benchmark.suite.name, workload: workload) }
            let results = try benchmark.run(store: store)
            Console.emit(try BenchOutputs.write(results, machine: first.machine, to: folder, json: json))
        }
    }
}

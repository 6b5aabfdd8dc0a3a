import DescentBench
import DescentCore
import Foundation

/// What a finished benchmark leaves in its folder: results.json, trials.csv, summary.md and
/// report.html, each written atomically.
enum BenchOutputs {
    /// Writes the four files and returns what the command prints: the table, or with `json`
    /// the results object.
    static func write(_ results: BenchmarkResults, machine: MachineDescription, to folder: URL, json: Bool) throws -> String {
        let resultsFile = folder.appendingPathComponent("results.json")
        let reportPath = folder.appendingPathComponent("report.html").path
        let report = BenchJSON(results, machine: machine, resultsPath: resultsFile.path, reportPath: reportPath)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try AtomicFile.write(try JSONOutput.data(report, pretty: true), to: resultsFile)
            try AtomicFile.write(Data(TrialsCSV.text(results.trials).utf8), to: folder.appendingPathComponent("trials.csv"))
            try AtomicFile.write(Data(BenchmarkSummary.markdown(results, machine: machine).utf8),
                                 to: folder.appendingPathComponent("summary.md"))
        } catch {
            throw CommandFailure("\(resultsFile.path): cannot write (\(error))")
        }
        _ = try BenchReportFile.write(results, machine: machine, to: folder)
        return json ? report.text : BenchTable.text(results, resultsPath: resultsFile.path, reportPath: reportPath)
    }
}

/// The options of `descent bench` that define which trials a benchmark has (not where or how
/// fast they run): what a shard records so that `merge` can rebuild the same benchmark.
struct BenchRunOptions: Codable, Equatable {
    var suite: String
    var dataDir: String?
    var optimizers: String
    var workloads: String?
    var studies: Int
    var trials: Int?
    /// `--seeds` (absent before it existed: 1).
    var seeds: Int?
    var selfTuning: Bool
    var ruleset: String?
    var measure: String
    var searchSpaces: [String]

    private enum CodingKeys: String, CodingKey {
        case suite, optimizers, workloads, studies, trials, seeds, ruleset, measure
        case dataDir = "data_dir", selfTuning = "self_tuning", searchSpaces = "search_spaces"
    }

    /// The command these options describe, writing into `out`.
    func command(out: String) throws -> BenchRunCommand {
        var arguments = ["--suite", suite, "--optimizers", optimizers, "--studies", String(studies), "--measure", measure, "--out", out]
        if let dataDir { arguments += ["--data-dir", dataDir] }
        if let workloads { arguments += ["--workloads", workloads] }
        if let trials { arguments += ["--trials", String(trials)] }
        if let seeds { arguments += ["--seeds", String(seeds)] }
        if selfTuning { arguments.append("--self-tuning") }
        if let ruleset { arguments += ["--ruleset", ruleset] }
        for space in searchSpaces { arguments += ["--search-space", space] }
        return try BenchRunCommand.parse(arguments)
    }

    /// The first option in which `other` differs, as `--name value`, or nil when none does.
    func firstDifference(from other: BenchRunOptions) -> String? {
        let pairs: [(String, String, String)] = [
            ("--suite", suite, other.suite), ("--data-dir", dataDir ?? "-", other.dataDir ?? "-"),
            ("--optimizers", optimizers, other.optimizers), ("--workloads", workloads ?? "all", other.workloads ?? "all"),
            ("--studies", String(studies), String(other.studies)), ("--trials", trials.map(String.init) ?? "-", other.trials.map(String.init) ?? "-"),
            ("--seeds", String(seeds ?? 1), String(other.seeds ?? 1)),
            ("--self-tuning", String(selfTuning), String(other.selfTuning)), ("--ruleset", ruleset ?? "-", other.ruleset ?? "-"),
            ("--measure", measure, other.measure),
            ("--search-space", searchSpaces.joined(separator: " "), other.searchSpaces.joined(separator: " ")),
        ]
        return pairs.first { $0.1 != $0.2 }.map { "\($0.0) \($0.1) against \($0.2)" }
    }
}

/// `shard.json`: which shard a folder holds and the benchmark it is a part of.
struct BenchShardManifest: Codable {
    let shard: Shard
    let options: BenchRunOptions
    let machine: MachineDescription
    let trials: Int

    static let fileName = "shard.json"

    func write(to folder: URL) throws {
        let file = folder.appendingPathComponent(Self.fileName)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try AtomicFile.write(try JSONOutput.data(self, pretty: true), to: file)
        } catch {
            throw CommandFailure("\(file.path): cannot write (\(error))")
        }
    }

    static func read(from folder: URL) throws -> BenchShardManifest {
        let file = folder.appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw CommandFailure("\(folder.path): no \(fileName) (not a folder written by descent bench --shard)")
        }
        do {
            return try JSONDecoder().decode(BenchShardManifest.self, from: data)
        } catch {
            throw CommandFailure("\(file.path): not a shard manifest (\(DecodingFailure.describe(error)))")
        }
    }
}

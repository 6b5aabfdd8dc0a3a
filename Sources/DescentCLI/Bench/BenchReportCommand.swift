import ArgumentParser
import DescentBench
import DescentCore
import Foundation

/// `descent bench report DIR`: rebuilds DIR/report.html and DIR/summary.md from DIR/results.json.
struct BenchReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Rebuild the HTML report (DIR/report.html) and the Markdown summary (DIR/summary.md) from a benchmark's DIR/results.json.",
        discussion: """
        The page holds the leaderboard, the performance profiles, per workload the validation curves (median over studies, range shaded) and the learning-rate sensitivity, calibration and worst-class accuracy, and the cost per optimizer. It is one file with inline SVG: no script, no network.

        Examples:
          descent bench report bench/
        """
    )

    @Argument(help: "A folder written by descent bench (holding results.json).") var folder: String

    func run() throws {
        try CommandFailure.run("bench report") {
            let dir = URL(fileURLWithPath: folder)
            let file = dir.appendingPathComponent("results.json")
            let stored = try StoredBenchResults.read(file)
            let summary = dir.appendingPathComponent("summary.md")
            try OutputFile.write(BenchmarkSummary.markdown(stored.results, machine: stored.machine), to: summary.path)
            let path = try BenchReportFile.write(stored.results, machine: stored.machine, to: dir)
            Console.emit("report: \(path)\nsummary: \(summary.path)")
        }
    }
}

/// Writes `report.html` into a results folder, atomically.
enum BenchReportFile {
    static func write(_ results: BenchmarkResults, machine: MachineDescription, to folder: URL) throws -> String {
        let file = folder.appendingPathComponent("report.html")
        try OutputFile.write(BenchmarkReport(results: results, machine: machine).html(), to: file.path)
        return file.path
    }
}

/// A results.json read back: what `BenchmarkResults` is rebuilt from.
struct StoredBenchResults: Decodable {
    let suite: String
    let ruleset: String
    let studies: Int
    let trialsPerStudy: Int
    /// Absent in files written before `--seeds`: 1.
    let seeds: Int?
    let measure: TimeMeasure
    let workloads: [BenchmarkResults.WorkloadSummary]
    let trials: [TrialResult]
    let scores: [Score]
    let machine: MachineDescription?

    struct Score: Decodable { let optimizer: String }

    private enum CodingKeys: String, CodingKey {
        case suite, ruleset, studies, seeds, measure, workloads, trials, scores, machine
        case trialsPerStudy = "trials_per_study"
    }

    var results: BenchmarkResults {
        let rules: TuningRuleset = ruleset == "self" ? .selfTuning(studies: studies) : .external(studies: studies, trials: trialsPerStudy)
        return BenchmarkResults(suite: suite, workloads: workloads, optimizers: scores.map(\.optimizer), ruleset: rules,
                                measure: measure, trials: trials)
    }

    /// Reads and checks `file`; every problem is one line naming the file.
    static func read(_ file: URL) throws -> (results: BenchmarkResults, machine: MachineDescription) {
        let data: Data
        do { data = try Data(contentsOf: file) } catch {
            throw CommandFailure("\(file.path): cannot read (is it a folder written by descent bench?)")
        }
        let stored: StoredBenchResults
        do { stored = try JSONDecoder().decode(StoredBenchResults.self, from: data) } catch {
            throw CommandFailure("\(file.path): not a descent bench results file (\(DecodingFailure.describe(error)))")
        }
        guard ["external", "self"].contains(stored.ruleset) else { throw CommandFailure("\(file.path): unknown ruleset \(stored.ruleset)") }
        guard stored.studies >= 1, stored.trialsPerStudy >= 1, (stored.seeds ?? 1) >= 1 else {
            throw CommandFailure("\(file.path): studies, trials_per_study and seeds must be positive")
        }
        let seeds = stored.seeds ?? 1
        // A results file holds every planned trial once: its counts bound what the report computes.
        let planned = [stored.workloads.count, stored.scores.count, stored.studies, stored.trialsPerStudy, seeds]
            .reduce(Optional(1)) { total, factor in total.flatMap { t in
                let p = t.multipliedReportingOverflow(by: factor)
                return p.overflow ? nil : p.partialValue
            } }
        guard let planned, planned == stored.trials.count else {
            throw CommandFailure("\(file.path): \(stored.trials.count) trials, but \(stored.workloads.count) workloads × \(stored.scores.count) optimizers × \(stored.studies) studies × \(stored.trialsPerStudy) trials\(seeds > 1 ? " × \(seeds) seeds" : "") were planned")
        }
        let optimizers = Set(stored.scores.map(\.optimizer)), workloads = Set(stored.workloads.map(\.name))
        for t in stored.trials {
            guard optimizers.contains(t.optimizer), workloads.contains(t.workload) else {
                throw CommandFailure("\(file.path): a trial names \(t.optimizer) on \(t.workload), which the file's scores and workloads do not list")
            }
            guard (0..<stored.studies).contains(t.study), (0..<stored.trialsPerStudy).contains(t.trial), (0..<seeds).contains(t.replica) else {
                throw CommandFailure("\(file.path): trial \(t.trial) (seed \(t.replica)) of study \(t.study) is outside \(stored.studies) studies of \(stored.trialsPerStudy) trials × \(seeds) seeds")
            }
        }
        let machine = stored.machine ?? MachineDescription(processor: "unknown", cores: 0, operatingSystem: "unknown", parallelTrials: 0, computeThreads: 0)
        return (stored.results, machine)
    }
}

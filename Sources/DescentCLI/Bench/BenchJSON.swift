import DescentBench
import Foundation

/// The benchmark's results as `descent bench --json` prints them and `results.json` holds them.
struct BenchJSON: JSONReport {
    struct Time: Encodable {
        let optimizer: String
        let workload: String
        @Null var time: Double?
    }

    struct Score: Encodable {
        let optimizer: String
        let score: Double
        @Null var geomeanSpeedupVsNadamw: Double?
        let workloadsReached: Int
        let profile: [[Double]]

        private enum CodingKeys: String, CodingKey {
            case optimizer, score, profile
            case geomeanSpeedupVsNadamw = "geomean_speedup_vs_nadamw", workloadsReached = "workloads_reached"
        }
    }

    let suite: String
    let ruleset: String
    let studies: Int
    let trialsPerStudy: Int
    let seeds: Int
    let measure: String
    let workloads: [BenchmarkResults.WorkloadSummary]
    let trials: [TrialResult]
    let times: [Time]
    let scores: [Score]
    let results: String
    @Null var report: String?
    let machine: MachineDescription

    init(_ r: BenchmarkResults, machine: MachineDescription, resultsPath: String, reportPath: String?) {
        self.machine = machine
        suite = r.suite
        ruleset = r.ruleset.name
        studies = r.ruleset.studies
        trialsPerStudy = r.ruleset.trialsPerStudy
        seeds = r.seeds
        measure = r.measure.rawValue
        workloads = r.workloads
        trials = r.trials
        times = r.optimizers.indices.flatMap { o in
            r.workloads.indices.map { w in Time(optimizer: r.optimizers[o], workload: r.workloads[w].name, time: finite(r.times[o][w])) }
        }
        scores = r.optimizers.indices.map { o in
            Score(optimizer: r.optimizers[o], score: r.profile.scores[o], geomeanSpeedupVsNadamw: finite(r.speedupOverNAdamW[o] ?? nil),
                  workloadsReached: r.times[o].filter(\.isFinite).count,
                  profile: zip(r.profile.taus, r.profile.rho[o]).map { [$0, $1] })
        }
        results = resultsPath
        report = reportPath
    }

    private enum CodingKeys: String, CodingKey {
        case suite, ruleset, studies, seeds, measure, workloads, trials, times, scores, results, report, machine
        case trialsPerStudy = "trials_per_study"
    }
}

/// The text `descent bench` prints: time to target per workload and optimizer, then the ranked scores.
enum BenchTable {
    static func text(_ r: BenchmarkResults, resultsPath: String, reportPath: String) -> String {
        let unit = r.measure == .steps ? "steps" : "seconds"
        let width = max(8, r.workloads.map(\.name.count).max() ?? 8)
        let columns = r.optimizers.map { max(9, $0.count) }
        func cell(_ text: String, _ i: Int) -> String { String(repeating: " ", count: max(0, columns[i] - text.count)) + text }
        var lines = ["suite \(r.suite), ruleset \(r.ruleset.name) (\(r.ruleset.studies) studies × \(r.ruleset.trialsPerStudy) trials\(r.seeds > 1 ? " × \(r.seeds) seeds" : "")), time to target in \(unit) (median over studies of the best trial\(r.seeds > 1 ? ", a trial's time the median over its seeds" : ""); - = missed)"]
        lines.append("workload".padded(width) + "  " + r.optimizers.indices.map { cell(r.optimizers[$0], $0) }.joined(separator: "  "))
        for (w, workload) in r.workloads.enumerated() {
            let cells = r.optimizers.indices.map { o -> String in
                let t = r.times[o][w]
                return cell(t.isFinite ? (r.measure == .steps ? String(format: "%.0f", t) : String(format: "%.3f", t)) : "-", o)
            }
            lines.append(workload.name.padded(width) + "  " + cells.joined(separator: "  "))
        }
        lines.append("")
        let nameWidth = max(10, r.optimizers.map(\.count).max() ?? 0)
        lines.append("rank  " + "optimizer".padded(nameWidth) + "  score   reached  geomean speed-up vs nadamw")
        let order = r.optimizers.indices.sorted { r.profile.scores[$0] > r.profile.scores[$1] }
        for (rank, o) in order.enumerated() {
            let speedup = (r.speedupOverNAdamW[o] ?? nil).map { String(format: "%.2fx", $0) } ?? "-"
            lines.append(String(format: "%4d  ", rank + 1) + r.optimizers[o].padded(nameWidth)
                         + String(format: "  %.4f  %3d/%-3d  ", r.profile.scores[o], r.times[o].filter(\.isFinite).count, r.workloads.count)
                         + speedup)
        }
        lines.append("results: \(resultsPath)")
        lines.append("report: \(reportPath)")
        return lines.joined(separator: "\n")
    }
}

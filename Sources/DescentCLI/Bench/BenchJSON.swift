import DescentBench
import Foundation

/// The benchmark's results as `descent bench --json` prints them and `results.json` holds them.
struct BenchJSON: JSONReport {
    struct Trial: Encodable {
        let result: TrialResult

        private enum Keys: String, CodingKey {
            case workload, optimizer, study, trial, seed, hyperparameters, reached, diverged, steps, curve, ece
            case stepsToTarget = "steps_to_target", secondsToTarget = "seconds_to_target", bestValidation = "best_validation"
            case finalValidation = "final_validation", testMetric = "test_metric", msPerStep = "ms_per_step", stateBytes = "state_bytes"
            case worstClassAccuracy = "worst_class_accuracy", cpuSeconds = "cpu_seconds", peakResidentBytes = "peak_rss_bytes"
            case energyEstimateJoules = "energy_estimate_joules"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            let r = result
            try c.encode(r.workload, forKey: .workload)
            try c.encode(r.optimizer, forKey: .optimizer)
            try c.encode(r.study, forKey: .study)
            try c.encode(r.trial, forKey: .trial)
            try c.encode(r.seed, forKey: .seed)
            try c.encode(r.hyperparameters.mapValues { JSONScalar.number($0) }, forKey: .hyperparameters)
            try c.encode(r.reached, forKey: .reached)
            try c.encode(r.stepsToTarget, forKey: .stepsToTarget)
            try c.encode(finite(r.secondsToTarget), forKey: .secondsToTarget)
            try c.encode(finite(r.bestValidation), forKey: .bestValidation)
            try c.encode(finite(r.finalValidation), forKey: .finalValidation)
            try c.encode(finite(r.testMetric), forKey: .testMetric)
            try c.encode(r.diverged, forKey: .diverged)
            try c.encode(finite(r.ece), forKey: .ece)
            try c.encode(finite(r.worstClassAccuracy), forKey: .worstClassAccuracy)
            try c.encode(finite(r.msPerStep), forKey: .msPerStep)
            try c.encode(r.stateBytes, forKey: .stateBytes)
            try c.encode(finite(r.cpuSeconds), forKey: .cpuSeconds)
            try c.encode(r.peakResidentBytes, forKey: .peakResidentBytes)
            try c.encode(finite(r.energyEstimateJoules), forKey: .energyEstimateJoules)
            try c.encode(r.steps, forKey: .steps)
            try c.encode(r.curve.map { $0.map { JSONScalar.number($0) } }, forKey: .curve)
        }
    }

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
    let measure: String
    let workloads: [BenchmarkResults.WorkloadSummary]
    let trials: [Trial]
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
        measure = r.measure.rawValue
        workloads = r.workloads
        trials = r.trials.map(Trial.init)
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
        case suite, ruleset, studies, measure, workloads, trials, times, scores, results, report, machine
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
        var lines = ["suite \(r.suite), ruleset \(r.ruleset.name) (\(r.ruleset.studies) studies × \(r.ruleset.trialsPerStudy) trials), time to target in \(unit) (median over studies of the best trial; - = missed)"]
        lines.append("workload".padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                     + r.optimizers.indices.map { cell(r.optimizers[$0], $0) }.joined(separator: "  "))
        for (w, workload) in r.workloads.enumerated() {
            let cells = r.optimizers.indices.map { o -> String in
                let t = r.times[o][w]
                return cell(t.isFinite ? (r.measure == .steps ? String(format: "%.0f", t) : String(format: "%.3f", t)) : "-", o)
            }
            lines.append(workload.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + cells.joined(separator: "  "))
        }
        lines.append("")
        let nameWidth = max(10, r.optimizers.map(\.count).max() ?? 0)
        lines.append("rank  " + "optimizer".padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  score   reached  geomean speed-up vs nadamw")
        let order = r.optimizers.indices.sorted { r.profile.scores[$0] > r.profile.scores[$1] }
        for (rank, o) in order.enumerated() {
            let speedup = (r.speedupOverNAdamW[o] ?? nil).map { String(format: "%.2fx", $0) } ?? "-"
            lines.append(String(format: "%4d  ", rank + 1) + r.optimizers[o].padding(toLength: nameWidth, withPad: " ", startingAt: 0)
                         + String(format: "  %.4f  %3d/%-3d  ", r.profile.scores[o], r.times[o].filter(\.isFinite).count, r.workloads.count)
                         + speedup)
        }
        lines.append("results: \(resultsPath)")
        lines.append("report: \(reportPath)")
        return lines.joined(separator: "\n")
    }
}

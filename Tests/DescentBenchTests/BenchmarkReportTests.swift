import Foundation
import Testing
@testable import DescentBench

/// The report's choices: each study's best trial, the y range that ignores one diverged trial,
/// and the page's leaderboard order.
struct BenchmarkReportTests {
    static func trial(_ optimizer: String, study: Int, trial: Int, steps: Int?, best: Double?, lr: Double = 0.01) -> TrialResult {
        TrialResult(workload: "w", optimizer: optimizer, study: study, trial: trial, seed: UInt64(trial), hyperparameters: ["lr": lr],
                    reached: steps != nil, stepsToTarget: steps, secondsToTarget: steps.map { Double($0) / 100 },
                    bestValidation: best, finalValidation: best, testMetric: best, diverged: best == nil, steps: steps ?? 50,
                    msPerStep: 1, stateBytes: 8, curve: [[10, best ?? .nan], [20, best ?? .nan]])
    }

    static let workload = BenchmarkResults.WorkloadSummary(name: "w", metric: .loss, target: 0.1, budgetSteps: 50)

    @Test func studyBestIsTheFastestTrialOrElseTheBestMetric() {
        let trials = [
            // study 0: two trials reach at 30 steps (the first one wins the tie), one misses
            Self.trial("adamw", study: 0, trial: 0, steps: nil, best: 0.2),
            Self.trial("adamw", study: 0, trial: 1, steps: 30, best: 0.09),
            Self.trial("adamw", study: 0, trial: 2, steps: 30, best: 0.05),
            // study 1: nobody reaches; the lowest loss wins, a diverged trial never does
            Self.trial("adamw", study: 1, trial: 0, steps: nil, best: nil),
            Self.trial("adamw", study: 1, trial: 1, steps: nil, best: 0.3),
            Self.trial("adamw", study: 1, trial: 2, steps: nil, best: 0.5),
        ]
        let results = BenchmarkResults(suite: "t", workloads: [Self.workload], optimizers: ["adamw"],
                                       ruleset: .external(studies: 2, trials: 3), measure: .steps, trials: trials)
        let bests = results.studyBests(optimizer: 0, workload: 0)
        #expect(bests.map(\.study) == [0, 1])
        #expect(bests.map(\.trial) == [1, 1])
        // The workload's time: the median over the studies' best times (30 and a miss) is infinite.
        #expect(results.times[0][0] == .infinity)
    }

    @Test func robustRangeCutsOneDivergedTrial() {
        let values = (1...9).map(Double.init) + [1e18, .nan, .infinity]
        let range = BenchmarkReport.robustRange(values, including: 5)
        #expect(range.lowerBound == 1)
        // The 90th percentile of the ten finite values (with the target) is 9, plus the spread below it.
        #expect(range.upperBound == 17)
        #expect(BenchmarkReport.robustRange([0.2, 0.4], including: 0.9) == 0.2...0.9)
    }

    @Test func pageRanksByScoreAndHasEveryPlot() {
        let trials = [Self.trial("adamw", study: 0, trial: 0, steps: 40, best: 0.05, lr: 0.001),
                      Self.trial("lion", study: 0, trial: 0, steps: 20, best: 0.04, lr: 0.0001),
                      Self.trial("sgd", study: 0, trial: 0, steps: nil, best: 0.7, lr: 0.1)]
        let results = BenchmarkResults(suite: "t", workloads: [Self.workload], optimizers: ["adamw", "lion", "sgd"],
                                       ruleset: .external(studies: 1, trials: 1), measure: .steps, trials: trials)
        let page = BenchmarkReport(results: results, machine: MachineDescription(processor: "test <cpu>", cores: 2, operatingSystem: "os", parallelTrials: 2, computeThreads: 1)).html()
        let rows = ["lion", "adamw", "sgd"].map { page.range(of: "</span>\($0)</td><td class=\"num\"><span class=\"bar\"")?.lowerBound }
        #expect(rows.allSatisfy { $0 != nil })
        #expect(rows[0]! < rows[1]! && rows[1]! < rows[2]!)
        #expect(page.contains("test &lt;cpu&gt;"))
        // Profile, the workload's curves and its learning-rate sensitivity.
        #expect(page.components(separatedBy: "<svg").count - 1 == 3)
        #expect(page.contains("<td class=\"num best\">20</td>") && page.contains(">miss<"))
    }
}

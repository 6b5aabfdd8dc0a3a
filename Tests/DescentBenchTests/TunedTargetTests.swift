import Foundation
import Testing
@testable import DescentBench

/// Targets set the AlgoPerf way: the best of the tuned baselines, rerun with other seeds.
struct TunedTargetTests {
    @Test func targetIsTheMedianRerunOfTheBestTuningRun() throws {
        let workload = WorkloadCatalog.rosenbrock2D(budget: 60, target: 0.3)
        let m = try TunedTarget.measure(workload, trials: 3, seeds: 3, parallelism: 2)
        #expect(m.tuning.count == 9 && m.reruns.count == 3)
        #expect(Set(m.tuning.map(\.optimizer)) == Set(TunedTarget.baselines))
        // Every run goes to the budget: the target cannot stop it early.
        #expect(m.tuning.allSatisfy { $0.diverged || $0.steps == 60 })
        // The best tuning run has the lowest best loss of all that did not diverge.
        let finite = m.tuning.filter { !$0.diverged }.compactMap(\.bestValidation)
        let best = try #require(m.tuning.first { $0.optimizer == m.bestOptimizer && $0.hyperparameters == m.bestHyperparameters })
        #expect(best.bestValidation == finite.min())
        // The reruns use that point with seeds 1000...; the target is the median of their best losses.
        #expect(m.reruns.allSatisfy { $0.optimizer == m.bestOptimizer && $0.hyperparameters == m.bestHyperparameters })
        #expect(m.reruns.map(\.seed) == [1000, 1001, 1002])
        let rerunBests = m.reruns.compactMap(\.bestValidation).sorted()
        #expect(m.target == rerunBests[1])
        // Deterministic, whatever the parallelism.
        let again = try TunedTarget.measure(workload, trials: 3, seeds: 3, parallelism: 1)
        #expect(again.target == m.target && again.bestOptimizer == m.bestOptimizer)
    }
}

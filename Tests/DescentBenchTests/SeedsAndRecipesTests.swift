import DescentCore
import DescentNN
import DescentOptim
import Foundation
import Testing
@testable import DescentBench

/// `--seeds N`, the stop request (Ctrl-C), and the recipe each built-in optimizer runs with.
struct SeedsAndRecipesTests {
    @Test func oneSeedPlansAreTodaysAndMoreSeedsAddReplicas() throws {
        let adamw = try BenchOptimizer(named: "adamw")
        let ruleset = TuningRuleset.external(studies: 2, trials: 3)
        let one = ruleset.plans(for: adamw, seeds: 1), three = ruleset.plans(for: adamw, seeds: 3)
        #expect(one == ruleset.plans(for: adamw))
        #expect(one.map(\.seed) == [0, 1, 2, 3, 4, 5] && one.allSatisfy { $0.replica == 0 })
        #expect(three.count == 18)
        // Replica 0 is the trial as it runs alone; the others share its point with seeds index + r·2³².
        #expect(three.filter { $0.replica == 0 } == one)
        for plan in three {
            let index = UInt64(plan.study * 3 + plan.trial)
            #expect(plan.seed == index + UInt64(plan.replica) << 32)
            #expect(plan.point == adamw.searchSpace.trial(Int(index)))
        }
        #expect(Set(three.map(\.seed)).count == 18)
    }

    /// A trial's time is the median over its replicas (a miss is infinity and takes part); then
    /// the best trial per study, then the median over studies.
    @Test func aTrialsTimeIsTheMedianOverItsSeeds() {
        func trial(_ study: Int, _ k: Int, _ r: Int, _ steps: Int?) -> TrialResult {
            TrialResult(workload: "w", optimizer: "adamw", study: study, trial: k, replica: r, seed: UInt64(r), hyperparameters: [:],
                        reached: steps != nil, stepsToTarget: steps, secondsToTarget: steps.map(Double.init), bestValidation: 1,
                        finalValidation: 1, testMetric: 1, diverged: false, steps: 100, msPerStep: 1, stateBytes: 0, curve: [[10, 1]])
        }
        let trials = [
            // Study 0: trial 0 takes 10, 30, ∞ → 30; trial 1 takes 20, 25, 90 → 25.
            trial(0, 0, 0, 10), trial(0, 0, 1, 30), trial(0, 0, 2, nil),
            trial(0, 1, 0, 20), trial(0, 1, 1, 25), trial(0, 1, 2, 90),
            // Study 1: trial 0 misses twice → ∞; trial 1 takes 40, 50, 60 → 50.
            trial(1, 0, 0, 5), trial(1, 0, 1, nil), trial(1, 0, 2, nil),
            trial(1, 1, 0, 40), trial(1, 1, 1, 50), trial(1, 1, 2, 60),
        ]
        #expect(TuningRuleset.trialTimes(trials, studies: 2, measure: .steps) == [[30, 25], [.infinity, 50]])
        let summary = BenchmarkResults.WorkloadSummary(name: "w", metric: .loss, target: 0, budgetSteps: 100)
        let results = BenchmarkResults(suite: "s", workloads: [summary], optimizers: ["adamw"],
                                       ruleset: .external(studies: 2, trials: 2), measure: .steps, trials: trials)
        #expect(results.times == [[37.5]] && results.seeds == 3)
        // The study's best trial comes with all its replicas (the report's band over seeds).
        let bests = results.studyBests(optimizer: 0, workload: 0)
        #expect(bests.map { [$0.study, $0.trial, $0.replica] } == [[0, 1, 0], [0, 1, 1], [0, 1, 2], [1, 1, 0], [1, 1, 1], [1, 1, 2]])
    }

    @Test func seedsRunReplicasSavesThemApartAndResumes() throws {
        let suite = BenchmarkSuite(name: "tiny", workloads: [WorkloadTests.tinyQuadratic(target: 9.5)])
        let space = SearchSpace(["lr": .range(min: 0.03, max: 0.3, logarithmic: true)])
        let adamw = try BenchOptimizer(named: "adamw", searchSpace: space)
        let alone = try BenchmarkRun(suite: suite, optimizers: [adamw], ruleset: .external(studies: 2, trials: 2)).run()
        let run = try BenchmarkRun(suite: suite, optimizers: [adamw], ruleset: .external(studies: 2, trials: 2), seeds: 2)
        #expect(run.trialCount == 8)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("seeds-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = TrialStore(folder: folder)
        let results = try run.run(store: store)
        #expect(results.trials.count == 8 && results.seeds == 2)
        // Replica 0 of every trial is the trial run alone, bit for bit.
        #expect(results.trials.filter { $0.replica == 0 }.map(\.withoutTimings) == alone.trials.map(\.withoutTimings))
        #expect(FileManager.default.fileExists(atPath: store.url(workload: "tiny_quadratic", optimizer: "adamw", study: 1, trial: 1, replica: 1).path))
        #expect(store.url(workload: "w", optimizer: "o", study: 1, trial: 2).lastPathComponent == "study-1-trial-2.json")
        // A rerun takes every trial from the store: the results do not change, timings included.
        let again = try run.run(store: store)
        #expect(again.trials == results.trials)
    }

    @Test func aStopRequestEndsTheRunWithTheTrialsSaved() throws {
        let suite = BenchmarkSuite(name: "tiny", workloads: [WorkloadTests.tinyQuadratic(target: 9.5)])
        let space = SearchSpace(["lr": .range(min: 0.03, max: 0.3, logarithmic: true)])
        let run = try BenchmarkRun(suite: suite, optimizers: [try BenchOptimizer(named: "adamw", searchSpace: space)],
                                   ruleset: .external(studies: 2, trials: 3))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stop-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = TrialStore(folder: folder)
        let finished = Counter()
        // Stop once two trials have ended: the third never starts.
        var stopped: BenchmarkInterrupted?
        do {
            _ = try run.run(parallelism: 1, store: store, stop: { finished.value >= 2 }, progress: { _, _, _ in finished.add() })
        } catch let error as BenchmarkInterrupted { stopped = error }
        #expect(stopped?.saved == 2 && stopped?.total == 6)
        let saved = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("trials/tiny_quadratic/adamw").path)
        #expect(saved.sorted() == ["study-0-trial-0.json", "study-0-trial-1.json"])
        // The rerun resumes to the uninterrupted results.
        let resumed = try run.run(store: store), straight = try run.run()
        #expect(resumed.trials.map(\.withoutTimings) == straight.trials.map(\.withoutTimings))
    }

    @Test func everyBuiltInOptimizerHasASearchSpaceAndItsRecipe() throws {
        for name in BenchOptimizer.builtIn.keys.sorted() {
            let optimizer = try BenchOptimizer(named: name)
            let (hyperparameters, warmup) = optimizer.resolve(optimizer.searchSpace.trial(0))
            let made = try optimizer.make(hyperparameters: hyperparameters, warmupFactor: warmup, budget: 200)
            switch name {
            case "schedule_free_adamw", "schedule_free_sgd":
                // Their own warm-up (5% of 200 steps) and no schedule on top.
                #expect(optimizer.recipe == .warmupOnly)
                let plain = try #require(made.base as? TransformationOptimizer, "\(name) runs unscheduled")
                #expect(plain.name == name)
            default:
                #expect(optimizer.recipe == .warmupCosine)
                #expect(made.base is ScheduledOptimizer, "\(name) runs under warm-up and cosine")
            }
        }
        // The learning-rate-free ones keep lr = 1 whatever the search space draws.
        for name in ["prodigy", "dadapt_adam"] {
            let optimizer = try BenchOptimizer(named: name)
            for k in 0..<5 { #expect(optimizer.resolve(optimizer.searchSpace.trial(k)).hyperparameters["lr"] == 1) }
        }
        #expect(try BenchOptimizer(named: "prodigy").fixed["safeguard_warmup"] == 1)
        #expect(Set(["adamw", "nadamw", "sgd", "lion", "adafactor", "muon_adamw", "schedule_free_adamw", "prodigy", "adan"])
            .isSubset(of: BenchOptimizer.builtIn.keys))
    }

    /// A schedule-free trial is scored at the evaluation point x, not at the iterates y it steps.
    @Test func scheduleFreeIsEvaluatedAtItsEvaluationPoint() throws {
        let workload = WorkloadTests.tinyQuadratic(target: -1)
        let problem = try workload.problem()
        let optimizer = try BenchOptimizer(named: "schedule_free_adamw")
        let trial = try TrialRunner.run(workload: workload, problem: problem, optimizer: optimizer, point: ["lr": 0.05],
                                        study: 0, trial: 0, seed: 3)
        // Rerun the same training by hand and score both points.
        let built = try optimizer.make(hyperparameters: optimizer.resolve(["lr": 0.05]).hyperparameters, warmupFactor: 0.05,
                                       budget: workload.budgetSteps)
        var trainer = Trainer(model: problem.model, objective: problem.objective, parameters: problem.initialParameters(3),
                              optimizer: built, batchSize: workload.batchSize, generator: RandomGenerator(seed: 3))
        _ = try trainer.fit(on: problem.train, plan: TrainingPlan(epochs: .max, maxSteps: workload.budgetSteps))
        let x = trainer.evaluationParameters
        #expect(x.storage != trainer.parameters.storage)
        func score(_ parameters: ParameterSet) -> Double {
            workload.metric.measure(model: problem.model, parameters: parameters, objective: problem.objective, on: problem.test)
        }
        let (atX, atY) = (score(x), score(trainer.parameters))
        #expect(trial.testMetric == atX && atX != atY)
    }
}

/// A count shared with a `@Sendable` closure.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

extension SeedsAndRecipesTests {
    /// A schedule-free trial records the warm-up it ran with (5% of the budget, its own
    /// `warmup_steps`); the others record what they recorded before.
    @Test func scheduleFreeRecordsItsWarmupSteps() throws {
        let free = try BenchOptimizer(named: "schedule_free_adamw"), adamw = try BenchOptimizer(named: "adamw")
        #expect(free.recorded(["lr": 0.01], budget: 400)["warmup_steps"] == 20)
        #expect(free.recorded(["lr": 0.01, "warmup_factor": 0.1], budget: 400)["warmup_steps"] == 40)
        var expected = adamw.resolve(["lr": 0.01]).hyperparameters
        expected["warmup_factor"] = 0.05
        #expect(adamw.recorded(["lr": 0.01], budget: 400) == expected)
    }
}

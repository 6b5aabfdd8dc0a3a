import DescentNN
import Foundation
import Testing
@testable import DescentBench

@Suite struct WorkloadTests {
    @Test func quadraticRotationIsOrthogonalAndLossIsTheQuadraticForm() throws {
        let quadratic = NoisyQuadratic(seed: 7, dimension: 12, largeEigenvalues: 2)
        let r = quadratic.rotation
        for i in 0..<12 {
            for j in 0..<12 {
                let dot = (0..<12).reduce(0.0) { $0 + r[i][$1] * r[j][$1] }
                #expect(abs(dot - (i == j ? 1 : 0)) < 1e-12)
            }
        }
        #expect(quadratic.eigenvalues.prefix(10).allSatisfy { (0..<1).contains($0) })
        #expect(quadratic.eigenvalues.suffix(2).allSatisfy { (30..<60).contains($0) })
        // The regression loss of the model equals 0.5 (θ − x)ᵀ Q (θ − x), averaged over the batch.
        let data = quadratic.data(count: 5, seed: 3)
        var generator = RandomGenerator(seed: 9)
        let theta = (0..<12).map { _ in generator.normal() }
        let parameters = ParameterSet([("theta", Tensor(shape: [12], scalars: theta))])
        let (x, y) = data.batch(rows: Array(0..<5))
        let loss = Double(Objective.regression.loss(output: quadratic(x, parameters: parameters), target: y).scalar)
        let q = quadratic.hessian
        var expected = 0.0
        for n in 0..<5 {
            let d = (0..<12).map { Double(theta[$0]) - Double(x.scalars[n * 12 + $0]) }
            for i in 0..<12 { for j in 0..<12 { expected += 0.5 * d[i] * q[i][j] * d[j] / 5 } }
        }
        #expect(abs(loss - expected) / expected < 1e-5, "\(loss) vs \(expected)")
    }

    @Test func rosenbrockModelLossIsTheLeastSquaresForm() {
        let model = NoisyRosenbrock()
        let data = NoisyRosenbrock.data(count: 4, seed: 1)
        let (x, y) = data.batch(rows: [0, 1, 2, 3])
        let parameters = ParameterSet([("theta", Tensor(shape: [2], scalars: [0.3, -0.7]))])
        let loss = Double(Objective.regression.loss(output: model(x, parameters: parameters), target: y).scalar)
        let expected = (0..<4).reduce(0.0) {
            $0 + NoisyRosenbrock.loss(u: 0.3, v: -0.7, x: Double(x.scalars[2 * $1]), y: Double(x.scalars[2 * $1 + 1])) / 4
        }
        #expect(abs(loss - expected) / expected < 1e-5, "\(loss) vs \(expected)")
        // In expectation, DeepOBS's Rosenbrock plus constants: the noise-free value at (1, 1) is 0.
        #expect(NoisyRosenbrock.loss(u: 1, v: 1, x: 0, y: 0) == 0)
    }

    /// A small workload for fast tests: the quadratic with a tiny budget.
    static func tinyQuadratic(target: Double) -> Workload {
        Workload(name: "tiny_quadratic", model: "θ ∈ R¹⁰", data: "x ~ N(0, 0.6²)", loss: "quadratic", metric: .loss,
                 target: target, budgetSteps: 40, batchSize: 32, reference: ["lr": 0.1, "weight_decay": 0]) {
            let quadratic = NoisyQuadratic(seed: 5, dimension: 10, largeEigenvalues: 1)
            return WorkloadProblem(model: quadratic, objective: .regression, train: quadratic.data(count: 128, seed: 1),
                                   validation: quadratic.data(count: 128, seed: 2), test: quadratic.data(count: 128, seed: 3))
        }
    }

    @Test func trialStopsAtTargetAndIsDeterministic() throws {
        let workload = Self.tinyQuadratic(target: 9.5)
        let problem = try workload.problem()
        let adamw = try BenchOptimizer(named: "adamw")
        let runs = try (0..<2).map { _ in
            try TrialRunner.run(workload: workload, problem: problem, optimizer: adamw, point: ["lr": 0.1], study: 0, trial: 0, seed: 4)
        }
        let trial = runs[0]
        #expect(trial.reached && !trial.diverged)
        #expect(trial.stepsToTarget == trial.steps && trial.steps % 4 == 0 && trial.steps < 40)  // 4 steps per epoch
        #expect(trial.curve.last![1] <= 9.5 && trial.curve.dropLast().allSatisfy { $0[1] > 9.5 })
        #expect(trial.stateBytes >= 2 * 10 * 4)  // AdamW's two moments, and its step count
        #expect(trial.hyperparameters["lr"] == 0.1 && trial.hyperparameters["warmup_factor"] == 0.05)
        #expect(runs[0].withoutTimings == runs[1].withoutTimings)
        #expect(runs[0].withoutTimings.cpuSeconds == nil && runs[0].cpuSeconds != nil)
    }

    @Test func divergenceIsAMiss() throws {
        let workload = Self.tinyQuadratic(target: 0.0)
        let sgd = try BenchOptimizer(named: "sgd")
        let trial = try TrialRunner.run(workload: workload, problem: try workload.problem(), optimizer: sgd, point: ["lr": 1e3],
                                        study: 0, trial: 0, seed: 0)
        #expect(trial.diverged && !trial.reached && trial.stepsToTarget == nil && trial.time(.steps) == .infinity)
        #expect(trial.testMetric == nil)
    }

    @Test func benchmarkRunScoresAndIgnoresParallelism() throws {
        let suite = BenchmarkSuite(name: "tiny", workloads: [Self.tinyQuadratic(target: 9.5), Self.tinyQuadratic(target: 9.4)])
        let space = SearchSpace(["lr": .range(min: 0.03, max: 0.3, logarithmic: true)])
        let optimizers = try ["nadamw", "adamw"].map { try BenchOptimizer(named: $0, searchSpace: space) }
        let run = try BenchmarkRun(suite: suite, optimizers: optimizers,
                                   ruleset: .external(studies: 2, trials: 2))
        let serial = try run.run(parallelism: 1), parallel = try run.run(parallelism: 2)
        #expect(serial.trials.count == 16 && run.trialCount == 16)
        #expect(serial.trials.map(\.stepsToTarget) == parallel.trials.map(\.stepsToTarget))
        #expect(serial.times == parallel.times)
        // The times are the median over the two studies of each study's best trial.
        for (o, optimizer) in ["nadamw", "adamw"].enumerated() {
            for (w, workload) in suite.workloads.enumerated() {
                let studies = (0..<2).map { s in
                    serial.trials.filter { $0.optimizer == optimizer && $0.workload == workload.name && $0.study == s }.map { $0.time(.steps) }.min()!
                }
                #expect(serial.times[o][w] == TuningRuleset.median(studies))
            }
        }
        #expect(serial.profile.scores.allSatisfy { (0...1).contains($0) })
        #expect(serial.times.joined().contains { $0.isFinite }, "the tiny targets are reachable")
        for w in suite.workloads.indices where serial.times.contains(where: { $0[w].isFinite }) {
            #expect(serial.profile.ratios.map { $0[w] }.min() == 1)
        }
        #expect(serial.speedupOverNAdamW[0] == 1 || serial.speedupOverNAdamW[0] == nil)
        #expect(throws: BenchmarkError.self) {
            try BenchmarkRun(suite: suite, optimizers: [try BenchOptimizer(named: "adamw"), try BenchOptimizer(named: "adamw")],
                             ruleset: .selfTuning(studies: 1))
        }
    }
}

@Suite struct ClassificationQualityTests {
    @Test func matchesTorchmetrics() throws {
        struct Case: Decodable { let classes: Int; let labels: [Int]; let logits: [Float]; let ece: Double; let worst_class_accuracy: Double }
        for c in try BenchFixture.load("classification_quality", as: [Case].self) {
            let quality = ClassificationQuality(logits: c.logits, classes: c.classes, labels: c.labels)
            #expect(abs(quality.expectedCalibrationError - c.ece) < 1e-6, "\(quality.expectedCalibrationError) vs \(c.ece)")
            #expect(abs(quality.worstClassAccuracy - c.worst_class_accuracy) < 1e-6)
        }
    }

    @Test func handComputedBins() {
        // Two examples: confidence 0.5 (logits equal) correct, and ≈ 1 (exactly 1 in float32) wrong.
        let quality = ClassificationQuality(logits: [0, 0, 0, 100], classes: 2, labels: [0, 0])
        // Bin [7/15, 8/15): accuracy 1, confidence 0.5; the bin of 1: accuracy 0, confidence 1. ECE = (0.5 + 1) / 2.
        #expect(abs(quality.expectedCalibrationError - 0.75) < 1e-12)
        #expect(quality.worstClassAccuracy == 0.5)
    }
}

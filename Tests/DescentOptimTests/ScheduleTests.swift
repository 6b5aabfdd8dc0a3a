import Foundation
import Testing
@testable import DescentOptim

/// Every schedule against torch.optim.lr_scheduler or optax.schedules, step by step
/// (fixtures from scripts/fixtures/schedules.py).
struct ScheduleTests {
    struct Inputs: Decodable, Sendable {
        let base_lr: Double
        let plateau_metrics: [Double]
        let max_metrics: [Double]
    }
    struct Case: Decodable, Sendable {
        let name: String
        let values: [Double]
    }

    static let fixture = Fixture<Inputs, Case>.load("schedules")

    /// The Descent schedule for each fixture case (torch's base lr is 0.1).
    static let schedules: [String: any Schedule] = [
        "torch_linear": .linear(from: 0.1 * 0.25, to: 0.1, steps: 20),
        "torch_linear_down": .linear(from: 0.1, to: 0.1 * 0.1, steps: 30),
        "optax_linear": .linear(from: 0.5, to: 0.05, steps: 25, begin: 5),
        "torch_step": .step(0.1, every: 7, gamma: 0.5),
        "torch_multistep": .multiStep(0.1, milestones: [30, 5, 12], gamma: 0.3),
        "torch_exponential": .exponential(0.1, gamma: 0.93),
        "optax_exponential": ExponentialSchedule(initial: 0.2, rate: 0.7, transitionSteps: 4, begin: 3, staircase: true, end: 0.02),
        "optax_exponential_smooth": ExponentialSchedule(initial: 0.2, rate: 0.5, transitionSteps: 6),
        "torch_polynomial": .polynomial(from: 0.1, power: 2, steps: 30),
        "optax_polynomial": .polynomial(from: 0.3, to: 0.01, power: 1.5, steps: 25, begin: 4),
        "torch_cosine": .cosine(0.1, steps: 30, minimum: 0.01),
        "optax_cosine": .cosine(0.2, steps: 30, alpha: 0.1, exponent: 2),
        "optax_warmup_cosine": .warmupCosine(peak: 0.3, warmup: 8, total: 40, end: 0.003),
        "optax_wsd_linear": .warmupStableDecay(peak: 0.3, warmup: 6, stable: 20, decay: 14, end: 0.03),
        "optax_wsd_cosine": .warmupStableDecay(peak: 0.3, warmup: 6, stable: 20, decay: 14, initial: 0.01, end: 0.03, shape: .cosine),
        "torch_onecycle_cos": .oneCycle(maxLR: 1.0, total: 50),
        "torch_onecycle_linear_three_phase": .oneCycle(maxLR: 0.5, total: 60, pctStart: 0.25, annealing: .linear,
                                                       divFactor: 10, finalDivFactor: 100, threePhase: true),
        "torch_cyclic_triangular": .cyclic(base: 0.01, maxLR: 0.1, stepSizeUp: 5),
        "torch_cyclic_triangular2": .cyclic(base: 0.01, maxLR: 0.1, stepSizeUp: 4, stepSizeDown: 6, mode: .triangular2),
        "torch_cyclic_exp_range": .cyclic(base: 0.01, maxLR: 0.1, stepSizeUp: 5, mode: .expRange, gamma: 0.97),
        "torch_sgdr": .cosineWarmRestarts(0.1, period: 5, periodMultiplier: 2, minimum: 0.001),
        "torch_sgdr_constant_period": .cosineWarmRestarts(0.1, period: 7),
        "optax_join": .join([.constant(0.1), .exponential(0.1, gamma: 0.9), .cosine(0.05, steps: 10)], boundaries: [10, 20]),
    ]

    /// a within the fixture's tolerance of b (PyTorch's chainable forms multiply step by step
    /// and drift by a few ulps).
    static func close(_ a: Float, _ b: Double) -> Bool { fixture.tolerance.allows(Double(a), b) }

    @Test(arguments: Array(schedules.keys).sorted())
    func matchesReference(name: String) throws {
        let expected = try #require(Self.fixture.cases.first { $0.name == name }).values
        let schedule = Self.schedules[name]!
        let actual = (0..<expected.count).map { schedule($0) }
        let bad = zip(actual, expected).enumerated().filter { !Self.close($0.element.0, $0.element.1) }
        #expect(bad.isEmpty, "\(name): first mismatch at step \(bad.first?.offset ?? -1): \(bad.first.map { "\($0.element.0) vs \($0.element.1)" } ?? "")")
    }

    @Test func everyFixtureCaseIsCovered() {
        let covered = Set(Self.schedules.keys).union(["torch_plateau_min_rel", "torch_plateau_min_abs_cooldown", "torch_plateau_max"])
        #expect(Set(Self.fixture.cases.map(\.name)) == covered)
    }

    static func plateauValues(_ plateau: ReduceLROnPlateau, metrics: [Double]) -> [Float] {
        metrics.enumerated().map { step, metric in
            let lr = plateau(step)
            plateau.step(metric: metric)
            return lr
        }
    }

    @Test func reduceOnPlateauMatchesTorch() throws {
        let cases: [(String, ReduceLROnPlateau, [Double])] = [
            ("torch_plateau_min_rel", .reduceOnPlateau(0.1, factor: 0.5, patience: 2), Self.fixture.inputs.plateau_metrics),
            ("torch_plateau_min_abs_cooldown",
             .reduceOnPlateau(0.1, factor: 0.3, patience: 1, threshold: 0.05, thresholdMode: .abs, cooldown: 2, minLR: 0.005),
             Self.fixture.inputs.plateau_metrics),
            ("torch_plateau_max", .reduceOnPlateau(0.1, mode: .max, factor: 0.5, patience: 1), Self.fixture.inputs.max_metrics),
        ]
        for (name, plateau, metrics) in cases {
            let expected = try #require(Self.fixture.cases.first { $0.name == name }).values
            let actual = Self.plateauValues(plateau, metrics: metrics)
            #expect(zip(actual, expected).allSatisfy { Self.close($0, $1) }, "\(name): \(actual) vs \(expected)")
            // The fixtures must actually reduce, or the test proves nothing.
            #expect(Set(expected).count >= 3, "\(name)")
        }
    }

    @Test func reduceOnPlateauStateRoundTrips() throws {
        let metrics = Self.fixture.inputs.plateau_metrics
        let straight = ReduceLROnPlateau(initial: 0.1, factor: 0.5, patience: 2)
        let first = Self.plateauValues(straight, metrics: Array(metrics.prefix(12)))
        let resumed = ReduceLROnPlateau(initial: 0.1, factor: 0.5, patience: 2)
        try resumed.load(straight.stateTensors())
        #expect(resumed.current == straight.current)
        let a = Self.plateauValues(straight, metrics: Array(metrics.dropFirst(12)))
        let b = Self.plateauValues(resumed, metrics: Array(metrics.dropFirst(12)))
        #expect(a == b)
        #expect(first.last != a.last)
        #expect(throws: OptimizerStateError.self) { try resumed.load([:]) }
    }

    @Test func plateauDrivesAChainThroughTheSharedObject() {
        let plateau = ReduceLROnPlateau(initial: 0.5, factor: 0.1, patience: 0)
        var optimizer = TransformationOptimizer(Chain { ScaleByLearningRate(plateau) })
        var p = ParameterSet([("w", Tensor([1.0, 2.0]))])
        optimizer.step(&p, gradients: p.filled(with: 1))
        #expect(p.storage == [0.5, 1.5])
        plateau.step(metric: 1)
        plateau.step(metric: 1)  // no improvement: lr 0.5 → 0.05
        optimizer.step(&p, gradients: p.filled(with: 1))
        #expect(abs(p.storage[0] - 0.45) < 1e-6)
    }

    @Test func inverseSquareRootKnownValues() {
        let s = InverseSquareRootSchedule(peak: 1, warmup: 4)
        // Warm-up 0, 1/4, 2/4, 3/4; then √(4/t): 1 at t = 4, 1/2 at t = 16, 1/10 at t = 400.
        #expect([0, 1, 2, 3, 4, 16, 400].map { s($0) } == [0, 0.25, 0.5, 0.75, 1, 0.5, 0.1])
        let shifted = InverseSquareRootSchedule(peak: 2, warmup: 0, timescale: 100)
        // 2/√((t + 100)/100): 2 at t = 0, 1 at t = 300.
        #expect(shifted(0) == 2 && shifted(300) == 1)
    }

    @Test func warmupStableDecayOneMinusSqrtKnownValues() {
        let s = WarmupStableDecaySchedule(peak: 1, warmup: 2, stable: 3, decay: 4, end: 0.2, shape: .oneMinusSqrt)
        // Decay starts at t = 5: 0.2 + 0.8·(1 − √(k/4)) for k = 0, 1, 4 → 1, 0.6, 0.2; constant after.
        let values = [0, 1, 4, 5, 6, 9, 20].map { s($0) }
        let expected: [Float] = [0, 0.5, 1, 1, 0.6, 0.2, 0.2]
        #expect(zip(values, expected).allSatisfy { abs($0 - $1) < 1e-6 }, "\(values)")
        #expect(s.total == 9)
    }

    @Test func designExampleReadsAsWritten() {
        // DESIGN.md's chain: the schedule is written inline with its factory.
        let chain = Chain {
            ClipByGlobalNorm(1.0)
            ScaleByAdam(beta1: 0.9, beta2: 0.999, eps: 1e-8)
            AddDecayedWeights(0.01, mask: .excludingBiasesAndNorms)
            ScaleByLearningRate(.warmupCosine(peak: 3e-3, warmup: 500, total: 10_000))
        }
        let schedule = (chain.parts[3] as! ScaleByLearningRate).schedule
        // Half-way through the warm-up, the peak, half-way through the decay, the end.
        let values = [250, 500, 5250, 10_000, 20_000].map { schedule($0) }
        let expected: [Float] = [1.5e-3, 3e-3, 1.5e-3, 0, 0]
        #expect(zip(values, expected).allSatisfy { abs($0 - $1) < 1e-9 }, "\(values)")
    }

    @Test func learningRateScheduleContinuesAcrossResume() throws {
        let chain = Chain { ScaleByLearningRate(.step(1, every: 2, gamma: 0.5)) }
        var straight = TransformationOptimizer(chain)
        var p = ParameterSet([("w", Tensor([0.0]))])
        for _ in 0..<3 { straight.step(&p, gradients: p.filled(with: 1)) }
        var resumed = TransformationOptimizer(chain)
        try resumed.loadStateTensors(straight.stateTensors(), for: p)
        var q = p
        straight.step(&p, gradients: p.filled(with: 1))
        resumed.step(&q, gradients: q.filled(with: 1))
        // Updates 0..3 use 1, 1, 0.5, 0.5: −3 in all.
        #expect(p.storage == [-3] && q.storage == [-3])
    }
}

import Foundation
import Testing
@testable import DescentOptim

/// Whole training recipes (schedule with warm-up, momentum cycling, clipping, no decay on
/// biases, gradient accumulation) against PyTorch running the same MLP on the same initial
/// weights and micro-batches (fixtures: scripts/fixtures/training_recipes.py).
struct TrainingRecipeParityTests {
    struct Model: Decodable, Sendable { let inputs: Int; let hidden: [Int]; let outputs: Int }
    struct MicroBatch: Decodable, Sendable { let x: [Float]; let y: [Int] }
    struct Inputs: Decodable, Sendable {
        let model: Model
        let initial: [String: [Float]]
        let shapes: [String: [Int]]
        let micro_batches: [MicroBatch]
    }
    struct Case: Decodable, Sendable {
        let name: String
        let optimizer: String
        let hp: [String: JSONNumber]
        let schedule: String
        let warmup_steps: Int
        let clip_grad_norm: Float?
        let clip_grad_value: Float?
        let no_decay: [String]
        let accumulate: Int
        let losses: [Double]
        let lrs: [Double]
        let final: [String: [Float]]
    }

    /// A number or a boolean, as the fixture writes hyperparameters.
    struct JSONNumber: Decodable, Sendable {
        let text: String
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let b = try? c.decode(Bool.self) { text = b ? "true" : "false" } else { text = "\(try c.decode(Double.self))" }
        }
    }

    static let fixture = Fixture<Inputs, Case>.load("training_recipes")

    static func recipe(_ c: Case) throws -> TrainingRecipe {
        TrainingRecipe(schedule: try ScheduleSpec(parsing: c.schedule), warmupSteps: c.warmup_steps,
                       clipping: c.clip_grad_norm.map(GradientClipping.norm) ?? c.clip_grad_value.map(GradientClipping.value),
                       noDecay: c.no_decay.map { ParameterGroup(rawValue: $0)! }, accumulate: c.accumulate)
    }

    /// Replays a case: 50 optimizer steps, each on `accumulate` micro-batches in order.
    static func run(_ c: Case, fused: Bool = true) throws -> (losses: [Float], parameters: ParameterSet) {
        let f = fixture.inputs
        let model = MLP(inputs: f.model.inputs, hidden: f.model.hidden, outputs: f.model.outputs)
        let names = ["0.weight", "0.bias", "2.weight", "2.bias"]
        let parameters = ParameterSet(names.map { ($0, Tensor(shape: f.shapes[$0]!, scalars: f.initial[$0]!)) })
        let spec = try OptimizerSpec(name: c.optimizer, settings: c.hp.map { "\($0.key)=\($0.value.text)" })
        var optimizer = try recipe(c).makeOptimizer(spec)
        if !fused, var scheduled = optimizer.base as? ScheduledOptimizer {
            scheduled.useComposedForm()
            optimizer = AnyOptimizer(scheduled)
        }
        var trainer = Trainer(model: model, objective: .classification(), parameters: parameters, optimizer: optimizer,
                              batchSize: 8, accumulate: c.accumulate, clipping: try recipe(c).clipping,
                              generator: RandomGenerator(seed: 0))
        var losses: [Float] = []
        for step in 0..<c.losses.count {
            let batches = (step * c.accumulate..<(step + 1) * c.accumulate).map { i in
                let b = f.micro_batches[i]
                return (input: Tensor(shape: [b.y.count, f.model.inputs], scalars: b.x), target: Tensor(b.y.map(Float.init)))
            }
            losses.append(try trainer.trainStep(microBatches: batches))
        }
        return (losses, trainer.parameters)
    }

    @Test(arguments: fixture.cases.map(\.name))
    func lossesMatchPyTorch(name: String) throws {
        let c = Self.fixture.cases.first { $0.name == name }!
        for fused in [true, false] {
            let (losses, parameters) = try Self.run(c, fused: fused)
            let worst = zip(losses, c.losses).map { Self.fixture.tolerance.ratio(Double($0), $1) }.max()!
            #expect(worst <= 1, "\(name) (\(fused ? "fused" : "composed")): worst loss difference \(worst) tolerances")
            var worstWeight: Float = 0
            for (key, expected) in c.final {
                for (a, b) in zip(parameters[key].scalars, expected) { worstWeight = max(worstWeight, Self.fixture.tolerance["final"].ratio(a, b)) }
            }
            #expect(worstWeight <= 1, "\(name) (\(fused ? "fused" : "composed")): final weights differ by \(worstWeight) tolerances")
        }
    }

    /// The learning rates the recipe's schedule gives are PyTorch's, step by step.
    @Test(arguments: fixture.cases.map(\.name))
    func learningRatesMatchPyTorch(name: String) throws {
        let c = Self.fixture.cases.first { $0.name == name }!
        let base = Float(Double(c.hp["lr"]!.text)!)
        let schedule = try ScheduleSpec(parsing: c.schedule).learningRate(base: base, warmupSteps: c.warmup_steps)
        for (k, expected) in c.lrs.enumerated() {
            #expect(Self.fixture.tolerance["lrs"].allows(Double(schedule(k)), expected), "\(name) step \(k)")
        }
    }
}

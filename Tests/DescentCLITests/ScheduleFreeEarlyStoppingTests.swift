import Foundation
import Testing
@testable import DescentNN
import DescentOptim

/// Early stopping with a schedule-free optimizer: its served weights x depend on its state z,
/// so restoring the best epoch restores that epoch's state too.
struct ScheduleFreeEarlyStoppingTests {
    /// Two classes the model fits, and the same inputs with the labels flipped for
    /// validation, so the validation loss worsens and the run must stop early.
    static func data() -> (train: TensorBatchSource, flipped: TensorBatchSource) {
        var generator = RandomGenerator(seed: 3)
        var x: [Float] = [], y: [Float] = []
        for i in 0..<128 {
            let label = Float(i % 2)
            x += [label * 2 - 1 + 0.3 * generator.normal(), 0.3 * generator.normal()]
            y.append(label)
        }
        let inputs = Tensor(shape: [128, 2], scalars: x)
        return (TensorBatchSource(inputs: inputs, targets: Tensor(shape: [128], scalars: y)),
                TensorBatchSource(inputs: inputs, targets: Tensor(shape: [128], scalars: y.map { 1 - $0 })))
    }

    static func makeTrainer() throws -> Trainer<AnyOptimizer> {
        let model = MLP(inputs: 2, hidden: [8], outputs: 2)
        let optimizer = try OptimizerSpec(name: "schedule_free_adamw", settings: ["lr=0.05"]).make()
        return Trainer(model: model, objective: .classification(), parameters: model.makeParameters(seed: 2),
                       optimizer: optimizer, batchSize: 16, generator: RandomGenerator(seed: 2))
    }

    @Test func restoringTheBestEpochServesTheWeightsItEvaluated() throws {
        let (train, flipped) = Self.data()
        var trainer = try Self.makeTrainer()
        var served: [ParameterSet] = []
        let summary = try trainer.fit(on: train, validation: flipped, plan: TrainingPlan(epochs: 30, earlyStopping: 2),
                                      onEpoch: { t in served.append(t.evaluationParameters); return false })
        #expect(summary.stoppedEarly)
        let best = try #require(trainer.best)
        #expect(best.optimizerState != nil)
        // the weights served after the stop are those evaluated at the best epoch, bit for bit
        #expect(trainer.evaluationParameters == served[best.epoch - 1])
        #expect(trainer.evaluate(on: flipped).loss == best.loss)
        #expect(trainer.evaluationParameters != served[served.count - 2])

        // and a checkpoint carries the best epoch's state through a restart
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("descent-sf-best-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        var running = try Self.makeTrainer()
        try running.fit(on: train, validation: flipped, plan: TrainingPlan(epochs: 1))
        try running.fit(on: train, validation: flipped, plan: TrainingPlan(epochs: 3))
        try running.checkpoint().save(in: folder)
        var resumed = try Self.makeTrainer()
        try resumed.restore(try Checkpoint.load(from: folder), source: folder.path)
        try running.fit(on: train, validation: flipped, plan: TrainingPlan(epochs: 30, earlyStopping: 2))
        try resumed.fit(on: train, validation: flipped, plan: TrainingPlan(epochs: 30, earlyStopping: 2))
        #expect(resumed.history.map { [$0.trainLoss, $0.validation!.loss] } == running.history.map { [$0.trainLoss, $0.validation!.loss] })
        #expect(resumed.best?.epoch == 1 && resumed.history.count == 4)
        #expect(resumed.evaluationParameters == running.evaluationParameters)
        #expect(resumed.evaluate(on: flipped).loss == resumed.best?.loss)
    }
}

import DescentNN
import Foundation

/// What `descent train` prints: the final metrics of a run.
struct TrainingReport {
    var configuration: RunConfiguration
    var testAccuracy: Double?
    var testLoss: Float?
    var validationAccuracy: Double?
    var validationLoss: Float?
    var trainLoss: Float?
    var epochs: Int
    var steps: Int
    var seconds: Double
    var msPerStep: Double?
    var parameters: Int
    var stoppedEarly: Bool
    var unigramEntropy: Double?
    var history: [EpochRecord]

    init<O>(configuration: RunConfiguration, trainer: Trainer<O>, test: Evaluation?, validation: Evaluation?,
            trainLoss: Float?, stoppedEarly: Bool, seconds: Double, msPerStep: Double?, unigramEntropy: Double?) {
        self.configuration = configuration
        testAccuracy = test?.accuracy
        testLoss = test?.loss
        validationAccuracy = validation?.accuracy
        validationLoss = validation?.loss
        // The mean loss of the last epoch's steps (the steps run so far when the run stopped mid-epoch).
        self.trainLoss = trainLoss
        epochs = trainer.history.count
        steps = trainer.step
        self.seconds = seconds
        self.msPerStep = msPerStep
        parameters = trainer.parameters.scalarCount
        self.stoppedEarly = stoppedEarly
        self.unigramEntropy = unigramEntropy
        history = trainer.history
    }

    func jsonData() throws -> Data {
        var object: [String: Any] = [
            "data": configuration.data, "model": configuration.model, "optimizer": configuration.optimizer,
            "hyperparameters": configuration.hyperparameters, "seed": configuration.seed,
            "batch_size": configuration.batchSize, "epochs": epochs, "steps": steps, "seconds": seconds,
            "parameters": parameters, "stopped_early": stoppedEarly,
            "history": history.map { record -> [String: Any] in
                var entry: [String: Any] = ["epoch": record.epoch, "step": record.step,
                                            "train_loss": Double(record.trainLoss), "seconds": record.seconds]
                if let v = record.validation {
                    entry["validation_loss"] = Double(v.loss)
                    if let a = v.accuracy { entry["validation_accuracy"] = a }
                }
                return entry
            },
        ]
        object["test_accuracy"] = testAccuracy ?? NSNull()
        object["test_loss"] = testLoss.map { Double($0) } ?? NSNull()
        object["validation_accuracy"] = validationAccuracy ?? NSNull()
        object["validation_loss"] = validationLoss.map { Double($0) } ?? NSNull()
        object["train_loss"] = trainLoss.map { Double($0) } ?? NSNull()
        object["ms_per_step"] = msPerStep ?? NSNull()
        if let unigramEntropy { object["unigram_entropy"] = unigramEntropy }
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    var text: String {
        func f(_ x: Double?, _ digits: Int = 4) -> String { x.map { String(format: "%.\(digits)f", $0) } ?? "-" }
        var lines = ["\(configuration.model) on \(configuration.data) with \(configuration.optimizer): \(steps) steps, \(epochs) epochs\(stoppedEarly ? " (stopped early)" : "")"]
        lines.append("  train loss       \(f(trainLoss.map { Double($0) }))")
        lines.append("  validation loss  \(f(validationLoss.map { Double($0) }))   accuracy \(f(validationAccuracy))")
        lines.append("  test loss        \(f(testLoss.map { Double($0) }))   accuracy \(f(testAccuracy))")
        if let unigramEntropy { lines.append("  unigram entropy  \(f(unigramEntropy)) nats per character") }
        lines.append("  \(parameters) parameters, \(f(seconds, 2)) s, \(f(msPerStep, 3)) ms per step")
        return lines.joined(separator: "\n")
    }
}

import DescentNN
import Foundation

/// What `descent train` prints: the final metrics of a run.
struct TrainingReport: Encodable {
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
    /// The process's peak resident memory at the end of the run (`VmHWM`).
    var peakResidentBytes: Int?

    init<O>(configuration: RunConfiguration, trainer: Trainer<O>, test: Evaluation?, validation: Evaluation?,
            trainLoss: Float?, stoppedEarly: Bool, seconds: Double, msPerStep: Double?, unigramEntropy: Double?,
         peakResidentBytes: Int? = nil) {
        self.peakResidentBytes = peakResidentBytes
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

    private enum CodingKeys: String, CodingKey {
        case data, model, optimizer, hyperparameters, seed, epochs, steps, seconds, parameters, history, recipe, threads
        case batchSize = "batch_size", stoppedEarly = "stopped_early", testAccuracy = "test_accuracy", testLoss = "test_loss"
        case validationAccuracy = "validation_accuracy", validationLoss = "validation_loss", trainLoss = "train_loss"
        case msPerStep = "ms_per_step", unigramEntropy = "unigram_entropy", peakResidentBytes = "peak_rss_bytes"
    }

    /// metrics.json and `--json`: the metrics null when absent, `unigram_entropy` only for text.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(configuration.data, forKey: .data)
        try c.encode(configuration.model, forKey: .model)
        try c.encode(configuration.optimizer, forKey: .optimizer)
        try c.encode(configuration.hyperparameters, forKey: .hyperparameters)
        try c.encode(configuration.seed, forKey: .seed)
        try c.encode(configuration.batchSize, forKey: .batchSize)
        try c.encode(configuration.recipe, forKey: .recipe)
        try c.encodeIfPresent(configuration.threads, forKey: .threads)
        try c.encode(epochs, forKey: .epochs)
        try c.encode(steps, forKey: .steps)
        try c.encode(seconds, forKey: .seconds)
        try c.encode(parameters, forKey: .parameters)
        try c.encode(stoppedEarly, forKey: .stoppedEarly)
        try c.encode(history.map(HistoryEntry.init), forKey: .history)
        try c.encode(finite(testAccuracy), forKey: .testAccuracy)
        try c.encode(finite(testLoss), forKey: .testLoss)
        try c.encode(finite(validationAccuracy), forKey: .validationAccuracy)
        try c.encode(finite(validationLoss), forKey: .validationLoss)
        try c.encode(finite(trainLoss), forKey: .trainLoss)
        try c.encode(finite(msPerStep), forKey: .msPerStep)
        try c.encodeIfPresent(finite(unigramEntropy), forKey: .unigramEntropy)
        try c.encode(peakResidentBytes, forKey: .peakResidentBytes)
    }

    /// One epoch of `history`; the validation metrics only when there were any.
    struct HistoryEntry: Encodable {
        var epoch: Int
        var step: Int
        @Null var trainLoss: Double?
        var seconds: Double
        var validationLoss: Double?
        var validationAccuracy: Double?

        init(_ record: EpochRecord) {
            epoch = record.epoch
            step = record.step
            trainLoss = finite(record.trainLoss)
            seconds = record.seconds
            validationLoss = record.validation.flatMap { finite($0.loss) }
            validationAccuracy = record.validation.flatMap { finite($0.accuracy) }
        }

        enum CodingKeys: String, CodingKey {
            case epoch, step, seconds
            case trainLoss = "train_loss", validationLoss = "validation_loss", validationAccuracy = "validation_accuracy"
        }
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

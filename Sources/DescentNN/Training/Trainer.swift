import Foundation

/// The training loop: mini-batch steps of forward, backward and optimizer update, with
/// evaluation each epoch and optional early stopping.
///
/// Every random choice is derived from ``generator`` and the epoch or step number (the
/// shuffle of epoch `e`, the dropout of step `s`), so a run stopped after any step and
/// resumed from its checkpoint continues exactly as if it had not stopped.
public struct Trainer<Opt: Optimizer>: Sendable {
    public let model: any Layer
    public let objective: Objective
    public var parameters: ParameterSet
    public var optimizer: Opt
    public let batchSize: Int
    /// The base stream; it never advances, every use derives from it.
    public let generator: RandomGenerator
    /// Optimizer steps taken so far.
    public var step: Int
    /// One record per completed epoch.
    public var history: [EpochRecord]
    private var gradient: ParameterSet

    public init(
        model: any Layer, objective: Objective, parameters: ParameterSet, optimizer: Opt,
        batchSize: Int, generator: RandomGenerator, step: Int = 0, history: [EpochRecord] = []
    ) {
        precondition(batchSize > 0, "batch size must be positive")
        self.model = model
        self.objective = objective
        self.parameters = parameters
        self.optimizer = optimizer
        self.batchSize = batchSize
        self.generator = generator
        self.step = step
        self.history = history
        self.gradient = parameters.zeros()
    }

    /// Steps in one pass over `exampleCount` examples (the last batch may be smaller).
    public func stepsPerEpoch(_ exampleCount: Int) -> Int { (exampleCount + batchSize - 1) / batchSize }

    /// One optimizer step on one batch; returns the batch's loss before the update.
    public mutating func trainStep(input: Tensor, target: Tensor) throws -> Float {
        var context = ForwardContext(training: true, generator: generator.derived(2, UInt64(step)))
        let (model, objective) = (self.model, self.objective)
        let loss = valueWithGradient(at: parameters, into: &gradient) { p in
            objective.loss(output: model(input, parameters: ParameterScope(p), context: &context), target: target)
        }
        guard loss.isFinite else { throw TrainingError("loss became \(loss) at step \(step + 1)") }
        optimizer.step(&parameters, gradients: gradient)
        step += 1
        return loss
    }

    /// Runs the steps of the current epoch on `source`, from where the run stands up to
    /// the epoch's end or `stopAtStep`, whichever comes first; returns the mean loss of the
    /// steps it ran and whether the epoch was completed.
    public mutating func trainEpoch(
        on source: any BatchSource, stopAtStep: Int = .max, onStep: (Int, Float) -> Void = { _, _ in }
    ) throws -> (meanLoss: Float, completed: Bool) {
        let perEpoch = stepsPerEpoch(source.exampleCount)
        precondition(perEpoch > 0, "no training examples")
        let epoch = step / perEpoch
        var shuffler = generator.derived(1, UInt64(epoch))
        let order = shuffler.permutation(source.exampleCount)
        var total: Double = 0, ran = 0
        for index in (step % perEpoch)..<perEpoch {
            guard step < stopAtStep else { return (ran > 0 ? Float(total / Double(ran)) : .nan, false) }
            let rows = Array(order[(index * batchSize)..<min((index + 1) * batchSize, order.count)])
            let (input, target) = source.batch(rows: rows)
            let loss = try trainStep(input: input, target: target)
            total += Double(loss)
            ran += 1
            onStep(step, loss)
        }
        return (ran > 0 ? Float(total / Double(ran)) : .nan, true)
    }

    /// Loss and (where it applies) accuracy on all of `source`, in evaluation mode.
    public func evaluate(on source: any BatchSource, batchSize: Int = 1024) -> Evaluation {
        var lossSum: Double = 0, correct = 0, total = 0, hasAccuracy = false
        var start = 0
        while start < source.exampleCount {
            let rows = Array(start..<min(start + batchSize, source.exampleCount))
            let (input, target) = source.batch(rows: rows)
            let output = model(input, parameters: parameters)
            lossSum += Double(objective.loss(output: output, target: target).scalar) * Double(rows.count)
            if let (c, t) = objective.correct(output: output, target: target) {
                correct += c
                total += t
                hasAccuracy = true
            }
            start += batchSize
        }
        let n = Double(max(source.exampleCount, 1))
        return Evaluation(loss: Float(lossSum / n), accuracy: hasAccuracy ? Double(correct) / Double(max(total, 1)) : nil)
    }
}

/// Loss and accuracy of a model on a data set.
public struct Evaluation: Sendable, Codable, Hashable {
    public var loss: Float
    /// Nil for regression.
    public var accuracy: Double?

    public init(loss: Float, accuracy: Double?) {
        self.loss = loss
        self.accuracy = accuracy
    }
}

/// What one epoch did.
public struct EpochRecord: Sendable, Codable, Hashable {
    public var epoch: Int
    public var step: Int
    public var trainLoss: Float
    public var validation: Evaluation?
    public var seconds: Double

    public init(epoch: Int, step: Int, trainLoss: Float, validation: Evaluation?, seconds: Double) {
        self.epoch = epoch
        self.step = step
        self.trainLoss = trainLoss
        self.validation = validation
        self.seconds = seconds
    }
}

/// Training cannot go on (the loss is not finite, the data is unusable).
public struct TrainingError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

import Foundation

/// The training loop: mini-batch steps of forward, backward and optimizer update, with
/// gradient accumulation and clipping, evaluation each epoch, early stopping that restores
/// the best weights, and callbacks per step and per epoch (``fit(on:validation:plan:onStep:onEpoch:)``).
///
/// Every random choice is derived from ``generator`` and the epoch or step number (the
/// shuffle of epoch `e`, the dropout of step `s`), so a run stopped after any step and
/// resumed from its checkpoint continues exactly as if it had not stopped.
public struct Trainer<Opt: Optimizer>: Sendable {
    public let model: any Layer
    public let objective: Objective
    public var parameters: ParameterSet
    public var optimizer: Opt
    /// Examples per micro-batch (per optimizer step without accumulation).
    public let batchSize: Int
    /// Micro-batches whose gradients are averaged into one optimizer step (the average
    /// weighted by their sizes, so it equals one batch `accumulate` times larger).
    public let accumulate: Int
    /// Clipping applied to the (accumulated) gradient before each step.
    public let clipping: GradientClipping?
    /// The base stream; it never advances, every use derives from it.
    public private(set) var generator: RandomGenerator
    /// Optimizer steps taken so far.
    public var step: Int
    /// One record per completed epoch.
    public var history: [EpochRecord]
    /// The weights after the epoch with the lowest validation loss so far, kept for early
    /// stopping (Keras's `restore_best_weights`); nil until a validation ran.
    public var best: BestWeights?
    /// The loss sum and count of the current epoch's steps so far, so that an epoch's mean
    /// loss covers all its steps even when the run was resumed in the middle of it.
    public var epochProgress = EpochProgress()
    private var gradient: ParameterSet
    private var accumulated: ParameterSet

    public init(
        model: any Layer, objective: Objective, parameters: ParameterSet, optimizer: Opt,
        batchSize: Int, accumulate: Int = 1, clipping: GradientClipping? = nil, generator: RandomGenerator,
        step: Int = 0, history: [EpochRecord] = [], best: BestWeights? = nil
    ) {
        precondition(batchSize > 0, "batch size must be positive")
        precondition(accumulate > 0, "accumulation must be positive")
        self.model = model
        self.objective = objective
        self.parameters = parameters
        self.optimizer = optimizer
        self.batchSize = batchSize
        self.accumulate = accumulate
        self.clipping = clipping
        self.generator = generator
        self.step = step
        self.history = history
        self.best = best
        self.gradient = parameters.zeros()
        self.accumulated = accumulate > 1 ? parameters.zeros() : ParameterSet()
    }

    /// Optimizer steps in one pass over `exampleCount` examples (the last may have fewer
    /// micro-batches, and its last micro-batch fewer examples).
    public func stepsPerEpoch(_ exampleCount: Int) -> Int {
        let microBatches = exampleCount / batchSize + (exampleCount % batchSize == 0 ? 0 : 1)
        return microBatches / accumulate + (microBatches % accumulate == 0 ? 0 : 1)
    }

    /// One optimizer step on one batch; returns the batch's loss before the update.
    public mutating func trainStep(input: Tensor, target: Tensor) throws -> Float {
        try trainStep(microBatches: [(input, target)])
    }

    /// One optimizer step on the gradients of `microBatches` averaged by their sizes;
    /// returns their mean loss (weighted the same way) before the update.
    public mutating func trainStep(microBatches: [(input: Tensor, target: Tensor)]) throws -> Float {
        let (model, objective) = (self.model, self.objective)
        let rows = microBatches.map { $0.input.shape.first ?? 0 }
        let total = Float(rows.reduce(0, +))
        var lossSum: Double = 0
        for (index, batch) in microBatches.enumerated() {
            var context = ForwardContext(training: true,
                                         generator: generator.derived(2, UInt64(step * accumulate + index)))
            let loss = valueWithGradient(at: parameters, into: &gradient) { p in
                objective.loss(output: model(batch.input, parameters: ParameterScope(p), context: &context), target: batch.target)
            }
            guard loss.isFinite else { throw TrainingError("loss became \(loss) at step \(step + 1)") }
            lossSum += Double(loss) * Double(rows[index])
            if microBatches.count > 1 {
                let weight = Float(rows[index]) / total, first = index == 0
                accumulated.storage.withUnsafeMutableBufferPointer { a in
                    gradient.storage.withUnsafeBufferPointer { g in
                        for i in a.indices { a[i] = first ? weight * g[i] : a[i] + weight * g[i] }
                    }
                }
            }
        }
        var scale: Float = 1
        if microBatches.count > 1 {
            if let clipping { scale = clipping.apply(to: &accumulated) }
            guard scale.isFinite else { throw TrainingError("gradient norm became non-finite at step \(step + 1)") }
            optimizer.step(&parameters, gradients: accumulated, gradientScale: scale)
        } else {
            if let clipping { scale = clipping.apply(to: &gradient) }
            guard scale.isFinite else { throw TrainingError("gradient norm became non-finite at step \(step + 1)") }
            optimizer.step(&parameters, gradients: gradient, gradientScale: scale)
        }
        step += 1
        return Float(lossSum / Double(max(total, 1)))
    }

    /// Runs the steps of the current epoch on `source`, from where the run stands up to
    /// the epoch's end or `stopAtStep`, whichever comes first; returns the mean loss of the
    /// epoch's steps so far (those before a resume included) and whether the epoch was completed.
    public mutating func trainEpoch(
        on source: any BatchSource, stopAtStep: Int = .max, onStep: (Int, Float) -> Void = { _, _ in }
    ) throws -> (meanLoss: Float, completed: Bool) {
        let perEpoch = stepsPerEpoch(source.exampleCount)
        precondition(perEpoch > 0, "no training examples")
        let epoch = step / perEpoch
        var shuffler = generator.derived(1, UInt64(epoch))
        let order = shuffler.permutation(source.exampleCount)
        let microBatches = order.count / batchSize + (order.count % batchSize == 0 ? 0 : 1)
        if step % perEpoch == 0 { epochProgress = EpochProgress() }
        func mean() -> Float { epochProgress.steps > 0 ? Float(epochProgress.lossSum / Double(epochProgress.steps)) : .nan }
        for index in (step % perEpoch)..<perEpoch {
            guard step < stopAtStep else { return (mean(), false) }
            let first = index * accumulate
            let batches = (first..<(first + min(accumulate, microBatches - first))).map { micro in
                let start = micro * batchSize  // < order.count, so no overflow
                return source.batch(rows: Array(order[start..<(start + min(batchSize, order.count - start))]))
            }
            let loss = try trainStep(microBatches: batches)
            epochProgress.lossSum += Double(loss)
            epochProgress.steps += 1
            onStep(step, loss)
        }
        let result = mean()
        epochProgress = EpochProgress()
        return (result, true)
    }

    /// Trains until `plan` says stop: its epochs or steps are done, or early stopping ends
    /// the run (then the best weights are restored). After each completed epoch it evaluates
    /// on `validation`, tells the optimizer the validation loss (``Optimizer/observe(validationLoss:)``,
    /// for `ReduceLROnPlateau`), appends the epoch's record and calls `onEpoch` (checkpoints,
    /// logs); `onStep` sees each step's number and loss (progress bars, time-to-target).
    /// Returning `true` from `onEpoch` stops the run.
    @discardableResult
    public mutating func fit(
        on source: any BatchSource, validation: (any BatchSource)? = nil, plan: TrainingPlan,
        onStep: (Int, Float) -> Void = { _, _ in }, onEpoch: (Trainer) throws -> Bool = { _ in false }
    ) throws -> FitSummary {
        let perEpoch = stepsPerEpoch(source.exampleCount)
        let (totalSteps, overflow) = plan.epochs.multipliedReportingOverflow(by: perEpoch)
        let lastStep = min(plan.maxSteps ?? .max, overflow ? .max : totalSteps)
        var summary = FitSummary(trainLoss: history.last?.trainLoss)
        let clock = ContinuousClock()
        while step < lastStep && !summary.stoppedEarly && !summary.stoppedByCallback {
            let started = clock.now, stepBefore = step
            let (meanLoss, completed) = try trainEpoch(on: source, stopAtStep: lastStep, onStep: onStep)
            let elapsed = clock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            if meanLoss.isFinite { summary.trainLoss = meanLoss }
            summary.trainingSeconds += seconds
            summary.steps += step - stepBefore
            if completed {
                let evaluation = validation.map { evaluate(on: $0) }
                if let evaluation {
                    optimizer.observe(validationLoss: Double(evaluation.loss))
                    if evaluation.loss.isFinite, evaluation.loss < (best?.loss ?? .infinity) {
                        // an evaluation point (schedule-free's x) depends on the optimizer state too
                        let state = optimizer.evaluationPoint(parameters) == nil ? nil : optimizer.stateTensors()
                        best = BestWeights(epoch: step / perEpoch, loss: evaluation.loss, parameters: parameters,
                                           optimizerState: state)
                    }
                }
                history.append(EpochRecord(epoch: step / perEpoch, step: step, trainLoss: meanLoss, validation: evaluation,
                                           seconds: seconds))
                if let patience = plan.earlyStopping, let best, evaluation != nil, step / perEpoch - best.epoch >= patience {
                    summary.stoppedEarly = true
                    if plan.restoreBestWeights {
                        parameters = best.parameters
                        if let state = best.optimizerState { try optimizer.loadStateTensors(state, for: parameters) }
                    }
                }
            }
            if try onEpoch(self) { summary.stoppedByCallback = true }
        }
        return summary
    }

    /// Everything needed to continue this run exactly, with `metadata` about it.
    public func checkpoint(metadata: [String: String] = [:]) -> Checkpoint {
        Checkpoint(parameters: parameters, optimizerState: optimizer.stateTensors(), generator: generator, step: step,
                   history: history, metadata: metadata, best: best, epochProgress: epochProgress,
                   evaluationParameters: optimizer.evaluationPoint(parameters))
    }

    /// Continues the run saved in `checkpoint` (read from `source`, named in errors): its
    /// weights, optimizer state, random generator, step, history and best weights.
    ///
    /// Throws a ``CheckpointError`` naming `source`, with nothing restored, when the
    /// checkpoint is out of range (``Checkpoint/validate(source:)``), holds non-finite
    /// weights or optimizer state, or does not fit this model.
    public mutating func restore(_ checkpoint: Checkpoint, source: String) throws {
        try checkpoint.validate(source: source)
        guard !(checkpoint.step + 1).multipliedReportingOverflow(by: accumulate).overflow else {
            throw CheckpointError("\(source): step \(checkpoint.step) is out of range for accumulating \(accumulate) micro-batches")
        }
        try Checkpoint.checkFinite(checkpoint.parameters, source: source)
        try Checkpoint.checkFinite(checkpoint.optimizerState, source: source)
        if let best = checkpoint.best {
            try Checkpoint.checkFinite(best.parameters, source: source)
            if let state = best.optimizerState { try Checkpoint.checkFinite(state, source: source) }
        }
        let loaded = try parameters.loading(checkpoint.parameters, source: source)
        // the best epoch's state is checked by loading it; the run's own state, loaded last, replaces it
        if let state = checkpoint.best?.optimizerState { try optimizer.loadStateTensors(state, for: loaded) }
        try optimizer.loadStateTensors(checkpoint.optimizerState, for: loaded)
        parameters = loaded
        generator = checkpoint.generator
        step = checkpoint.step
        history = checkpoint.history
        epochProgress = checkpoint.epochProgress
        best = try checkpoint.best.map { saved in
            BestWeights(epoch: saved.epoch, loss: saved.loss, parameters: try loaded.loading(saved.parameters, source: source),
                        optimizerState: saved.optimizerState)
        }
    }

    /// The weights to evaluate and serve: the optimizer's evaluation point where it has one
    /// (schedule-free: x, not the iterates y it steps), else the parameters.
    public var evaluationParameters: ParameterSet { optimizer.evaluationPoint(parameters) ?? parameters }

    /// Loss and (where it applies) accuracy on all of `source`, in evaluation mode, at
    /// ``evaluationParameters``.
    public func evaluate(on source: any BatchSource, batchSize: Int = 1024) -> Evaluation {
        let parameters = evaluationParameters
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

/// How long ``Trainer/fit(on:validation:plan:onStep:onEpoch:)`` trains and when it stops early.
public struct TrainingPlan: Sendable, Hashable {
    /// Passes over the training data.
    public var epochs: Int
    /// A cap on the optimizer steps in all, counted from the run's start.
    public var maxSteps: Int?
    /// Stop when the validation loss has not improved for this many epochs.
    public var earlyStopping: Int?
    /// Put back the weights of the best epoch when stopping early (Keras's `restore_best_weights`).
    public var restoreBestWeights: Bool

    public init(epochs: Int, maxSteps: Int? = nil, earlyStopping: Int? = nil, restoreBestWeights: Bool = true) {
        self.epochs = epochs
        self.maxSteps = maxSteps
        self.earlyStopping = earlyStopping
        self.restoreBestWeights = restoreBestWeights
    }
}

/// What a call of ``Trainer/fit(on:validation:plan:onStep:onEpoch:)`` did.
public struct FitSummary: Sendable, Hashable {
    /// The mean loss of the last epoch's steps (of the steps run, when the run stopped mid-epoch).
    public var trainLoss: Float?
    public var stoppedEarly = false
    public var stoppedByCallback = false
    /// Optimizer steps taken in this call, and the seconds they took (evaluation excluded).
    public var steps = 0
    public var trainingSeconds = 0.0
}

/// The weights of the epoch with the lowest validation loss.
public struct BestWeights: Sendable {
    public var epoch: Int
    public var loss: Float
    public var parameters: ParameterSet
    /// The optimizer's state at that epoch, kept when the optimizer has an evaluation point
    /// (schedule-free's x depends on its z too), so restoring puts back the weights evaluated.
    public var optimizerState: [String: SafeTensors.Value]?

    public init(epoch: Int, loss: Float, parameters: ParameterSet, optimizerState: [String: SafeTensors.Value]? = nil) {
        self.epoch = epoch
        self.loss = loss
        self.parameters = parameters
        self.optimizerState = optimizerState
    }
}

/// The loss sum and number of the steps run so far in the current epoch.
public struct EpochProgress: Sendable, Hashable, Codable {
    public var lossSum: Double = 0
    public var steps: Int = 0

    public init(lossSum: Double = 0, steps: Int = 0) {
        self.lossSum = lossSum
        self.steps = steps
    }
}

import Foundation

/// Everything needed to continue a training run exactly: weights, optimizer state, the
/// base random generator, the step count and the epoch history.
///
/// Saved under a run folder as `checkpoint-STEP/` holding `model.safetensors` (weights by
/// name, loadable by PyTorch's `safetensors`), `optimizer.safetensors`,
/// `trainer.safetensors` (generator state and step) and `trainer.json` (history and
/// metadata), and for a schedule-free optimizer `evaluation.safetensors` (the weights to
/// evaluate and serve, its evaluation point x; `model.safetensors` holds the iterates y the
/// run continues from). With validation it also holds `best.safetensors` (the best epoch's
/// weights) and, for a schedule-free optimizer, `best_optimizer.safetensors`. The folder is
/// written under a temporary name and renamed, and only then is
/// the `latest` pointer file replaced (atomically), so a crash never leaves a torn
/// checkpoint: a reader sees the old one or the new one.
public struct Checkpoint: Sendable {
    public var parameters: [String: Tensor]
    /// The optimizer's state as it saves it (``Optimizer/stateTensors()``): F32 tensors, and
    /// BF16 or U8 ones for state kept in low precision.
    public var optimizerState: [String: SafeTensors.Value]
    public var generator: RandomGenerator
    public var step: Int
    public var history: [EpochRecord]
    /// Free-form facts about the run (its configuration as JSON, the optimizer's name).
    public var metadata: [String: String]
    /// The weights of the epoch with the lowest validation loss, for early stopping
    /// (`best.safetensors`), with the optimizer state of that epoch where it is kept
    /// (``BestWeights/optimizerState``; `best_optimizer.safetensors`).
    public var best: (epoch: Int, loss: Float, parameters: [String: Tensor], optimizerState: [String: SafeTensors.Value]?)?
    /// The current epoch's steps before the checkpoint, for its mean loss.
    public var epochProgress: EpochProgress
    /// The weights to evaluate and serve when they are not ``parameters``
    /// (``Optimizer/evaluationPoint(_:)``; `evaluation.safetensors`).
    public var evaluationParameters: [String: Tensor]?

    /// What to evaluate, predict with or export: ``evaluationParameters``, else ``parameters``.
    public var servingParameters: [String: Tensor] { evaluationParameters ?? parameters }

    public init(
        parameters: ParameterSet, optimizerState: [String: SafeTensors.Value], generator: RandomGenerator,
        step: Int, history: [EpochRecord], metadata: [String: String], best: BestWeights? = nil,
        epochProgress: EpochProgress = EpochProgress(), evaluationParameters: ParameterSet? = nil
    ) {
        self.epochProgress = epochProgress
        self.evaluationParameters = evaluationParameters?.namedTensors()
        self.parameters = parameters.namedTensors()
        self.best = best.map { ($0.epoch, $0.loss, $0.parameters.namedTensors(), $0.optimizerState) }
        self.optimizerState = optimizerState
        self.generator = generator
        self.step = step
        self.history = history
        self.metadata = metadata
    }

    private struct TrainerRecord: Codable {
        var step: Int
        var history: [EpochRecord]
        var metadata: [String: String]
        var bestEpoch: Int?
        var bestLoss: Float?
        var epochProgress: EpochProgress?
    }

    /// Saves this checkpoint under `runFolder` and makes it the latest; older ones are removed.
    public func save(in runFolder: URL) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: runFolder, withIntermediateDirectories: true)
        let name = "checkpoint-\(step)"
        let temporary = runFolder.appendingPathComponent(".\(name).tmp")
        try? manager.removeItem(at: temporary)
        try manager.createDirectory(at: temporary, withIntermediateDirectories: true)
        try SafeTensors.write(parameters.mapValues { .float32($0) }, metadata: ["format": "pt"],
                              to: temporary.appendingPathComponent("model.safetensors"))
        try SafeTensors.write(optimizerState, to: temporary.appendingPathComponent("optimizer.safetensors"))
        try SafeTensors.write([
            "generator": .uint64(generator.state, shape: [4]),
            "step": .int64([Int64(step)], shape: [1]),
        ], to: temporary.appendingPathComponent("trainer.safetensors"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        if let best {
            try SafeTensors.write(best.parameters.mapValues { .float32($0) }, metadata: ["format": "pt"],
                                  to: temporary.appendingPathComponent("best.safetensors"))
            if let state = best.optimizerState {
                try SafeTensors.write(state, to: temporary.appendingPathComponent("best_optimizer.safetensors"))
            }
        }
        if let evaluationParameters {
            try SafeTensors.write(evaluationParameters.mapValues { .float32($0) }, metadata: ["format": "pt"],
                                  to: temporary.appendingPathComponent("evaluation.safetensors"))
        }
        let record = TrainerRecord(step: step, history: history, metadata: metadata, bestEpoch: best?.epoch, bestLoss: best?.loss,
                                   epochProgress: epochProgress)
        try AtomicFile.write(try encoder.encode(record),
                             to: temporary.appendingPathComponent("trainer.json"))
        let final = runFolder.appendingPathComponent(name)
        try? manager.removeItem(at: final)
        try manager.moveItem(at: temporary, to: final)
        try AtomicFile.write(Data(name.utf8), to: runFolder.appendingPathComponent("latest"))
        for old in (try? manager.contentsOfDirectory(atPath: runFolder.path)) ?? []
        where old.hasPrefix("checkpoint-") && old != name {
            try? manager.removeItem(at: runFolder.appendingPathComponent(old))
        }
    }

    /// Whether `runFolder` holds a checkpoint.
    public static func exists(in runFolder: URL) -> Bool {
        FileManager.default.fileExists(atPath: runFolder.appendingPathComponent("latest").path)
    }

    /// The largest step count a checkpoint may hold (2^53, where a Double still counts
    /// every step exactly); larger ones come from a corrupt file.
    public static let maximumStep = 1 << 53

    /// Throws naming `source` unless the step, history, epoch progress and best epoch are
    /// in range and agree with each other: the step in 0...``maximumStep``; each epoch
    /// record at an epoch from 0 to its step, steps from 0 to the checkpoint's step and in
    /// order, finite non-negative seconds; the epoch progress's steps from 0 to the step with
    /// a finite loss sum; the best epoch, if any, one of the history's with a finite loss.
    public func validate(source: String) throws {
        func fail(_ why: String) -> CheckpointError { CheckpointError("\(source): \(why)") }
        guard (0...Self.maximumStep).contains(step) else { throw fail("step \(step) is out of range 0...\(Self.maximumStep)") }
        var previous = 0
        for (index, record) in history.enumerated() {
            guard (0...step).contains(record.step), record.step >= previous else {
                throw fail("history record \(index) is at step \(record.step), outside \(previous)...\(step)")
            }
            guard (0...record.step).contains(record.epoch) else {
                throw fail("history record \(index) is at epoch \(record.epoch), outside 0...\(record.step)")
            }
            guard record.seconds.isFinite, record.seconds >= 0 else {
                throw fail("history record \(index) took \(record.seconds) seconds")
            }
            previous = record.step
        }
        guard (0...step).contains(epochProgress.steps), epochProgress.lossSum.isFinite else {
            throw fail("epoch progress of \(epochProgress.steps) steps with loss sum \(epochProgress.lossSum) does not fit step \(step)")
        }
        if let best {
            guard history.contains(where: { $0.epoch == best.epoch }) else {
                throw fail("best epoch \(best.epoch) is not in the history")
            }
            guard best.loss.isFinite else { throw fail("best loss \(best.loss) is not finite") }
        }
    }

    /// Throws naming `source` and the first tensor (by name) holding NaN or an infinity.
    public static func checkFinite(_ tensors: [String: Tensor], source: String) throws {
        try checkFinite(tensors.mapValues { .float32($0) }, source: source)
    }

    /// Throws naming `source` and the first F32 or BF16 tensor (by name) holding NaN or an infinity.
    public static func checkFinite(_ tensors: [String: SafeTensors.Value], source: String) throws {
        for name in tensors.keys.sorted() {
            guard let (index, value) = tensors[name]!.firstNonFinite else { continue }
            let what = value.isNaN ? "NaN" : value < 0 ? "-infinity" : "infinity"
            throw CheckpointError("\(source): tensor \(name) holds \(what) at element \(index)")
        }
    }

    /// Loads the latest checkpoint saved under `runFolder`.
    ///
    /// Every file is checked (``SafeTensors/decode(_:source:)``, then
    /// ``validate(source:)``, and weights, best weights and optimizer state must be finite,
    /// low-precision state included: BF16 values and the F32 absmax of 8-bit state);
    /// a corrupt one is a one-line ``CheckpointError`` naming it.
    public static func load(from runFolder: URL) throws -> Checkpoint {
        let pointer = runFolder.appendingPathComponent("latest")
        guard let data = FileManager.default.contents(atPath: pointer.path),
              let name = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
              name.hasPrefix("checkpoint-"), !name.contains("/")
        else { throw CheckpointError("\(runFolder.path): no checkpoint found (missing or unreadable 'latest')") }
        let folder = runFolder.appendingPathComponent(name)
        func floats(_ file: String) throws -> [String: Tensor] {
            let url = folder.appendingPathComponent(file)
            var result: [String: Tensor] = [:]
            for (key, value) in try SafeTensors.read(url).tensors {
                guard case .float32(let t) = value else { throw CheckpointError("\(url.path): tensor \(key) is not F32") }
                result[key] = t
            }
            try checkFinite(result, source: url.path)
            return result
        }
        func stateValues(_ file: String) throws -> [String: SafeTensors.Value] {
            let url = folder.appendingPathComponent(file)
            let values = try SafeTensors.read(url).tensors
            for key in values.keys.sorted() where !["F32", "BF16", "U8"].contains(values[key]!.dtype) {
                throw CheckpointError("\(url.path): tensor \(key) is \(values[key]!.dtype), not F32, BF16 or U8")
            }
            try checkFinite(values, source: url.path)
            return values
        }
        let trainerURL = folder.appendingPathComponent("trainer.safetensors")
        let trainer = try SafeTensors.read(trainerURL).tensors
        if let extra = trainer.keys.sorted().first(where: { $0 != "generator" && $0 != "step" }) {
            throw CheckpointError("\(trainerURL.path): unexpected tensor \(extra) (expected generator and step)")
        }
        guard case .uint64(let state, [4]) = trainer["generator"], state.contains(where: { $0 != 0 }) else {
            throw CheckpointError("\(trainerURL.path): missing or malformed generator state (expected 4 U64 words, not all zero)")
        }
        guard case .int64(let steps, [1]) = trainer["step"], let step = steps.first else {
            throw CheckpointError("\(trainerURL.path): missing or malformed step (expected one I64)")
        }
        guard (0...Int64(maximumStep)).contains(step) else {
            throw CheckpointError("\(trainerURL.path): step \(step) is out of range 0...\(maximumStep)")
        }
        let recordURL = folder.appendingPathComponent("trainer.json")
        guard let recordData = FileManager.default.contents(atPath: recordURL.path) else {
            throw CheckpointError("\(recordURL.path): missing or unreadable")
        }
        let record: TrainerRecord
        do {
            record = try JSONDecoder().decode(TrainerRecord.self, from: recordData)
        } catch {
            throw CheckpointError("\(recordURL.path): malformed (\(DecodingFailure.describe(error)))")
        }
        guard record.step == Int(step) else {
            throw CheckpointError("\(recordURL.path): step \(record.step) disagrees with trainer.safetensors's step \(step)")
        }
        guard (record.bestEpoch == nil) == (record.bestLoss == nil) else {
            throw CheckpointError("\(recordURL.path): best epoch and best loss must be given together")
        }
        var checkpoint = Checkpoint(parameters: ParameterSet(), optimizerState: [:],
                                    generator: RandomGenerator(state: state), step: Int(step),
                                    history: record.history, metadata: record.metadata,
                                    epochProgress: record.epochProgress ?? EpochProgress())
        if let epoch = record.bestEpoch, let loss = record.bestLoss {
            checkpoint.best = (epoch, loss, [:], nil)
        }
        try checkpoint.validate(source: recordURL.path)
        checkpoint.parameters = try floats("model.safetensors")
        checkpoint.optimizerState = try stateValues("optimizer.safetensors")
        if checkpoint.best != nil {
            checkpoint.best!.parameters = try floats("best.safetensors")
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("best_optimizer.safetensors").path) {
                checkpoint.best!.optimizerState = try stateValues("best_optimizer.safetensors")
            }
        }
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent("evaluation.safetensors").path) {
            checkpoint.evaluationParameters = try floats("evaluation.safetensors")
        }
        return checkpoint
    }
}

extension ParameterSet {
    /// This layout with every parameter's values taken from `tensors` by name; throws
    /// naming `source` and the first parameter that is missing, has another shape, or does
    /// not belong to this model.
    public func loading(_ tensors: [String: Tensor], source: String) throws -> ParameterSet {
        do {
            let result = try loading(tensors, what: "parameter")
            if let extra = tensors.keys.sorted().first(where: { !contains($0) }) {
                throw CheckpointError("\(source): parameter \(extra) does not belong to this model")
            }
            return result
        } catch let error as NamedTensorError {
            throw CheckpointError("\(source): \(error.description.replacingOccurrences(of: ", expected", with: ", the model expects"))")
        }
    }
}

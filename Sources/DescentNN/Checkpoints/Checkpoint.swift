import Foundation

/// Everything needed to continue a training run exactly: weights, optimizer state, the
/// base random generator, the step count and the epoch history.
///
/// Saved under a run folder as `checkpoint-STEP/` holding `model.safetensors` (weights by
/// name, loadable by PyTorch's `safetensors`), `optimizer.safetensors`,
/// `trainer.safetensors` (generator state and step) and `trainer.json` (history and
/// metadata). The folder is written under a temporary name and renamed, and only then is
/// the `latest` pointer file replaced (atomically), so a crash never leaves a torn
/// checkpoint: a reader sees the old one or the new one.
public struct Checkpoint: Sendable {
    public var parameters: [String: Tensor]
    public var optimizerState: [String: Tensor]
    public var generator: RandomGenerator
    public var step: Int
    public var history: [EpochRecord]
    /// Free-form facts about the run (its configuration as JSON, the optimizer's name).
    public var metadata: [String: String]
    /// The weights of the epoch with the lowest validation loss, for early stopping
    /// (`best.safetensors`).
    public var best: (epoch: Int, loss: Float, parameters: [String: Tensor])?
    /// The current epoch's steps before the checkpoint, for its mean loss.
    public var epochProgress: EpochProgress

    public init(
        parameters: ParameterSet, optimizerState: [String: Tensor], generator: RandomGenerator,
        step: Int, history: [EpochRecord], metadata: [String: String], best: BestWeights? = nil,
        epochProgress: EpochProgress = EpochProgress()
    ) {
        self.epochProgress = epochProgress
        self.parameters = parameters.namedTensors()
        self.best = best.map { ($0.epoch, $0.loss, $0.parameters.namedTensors()) }
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
        try SafeTensors.write(optimizerState.mapValues { .float32($0) },
                              to: temporary.appendingPathComponent("optimizer.safetensors"))
        try SafeTensors.write([
            "generator": .uint64(generator.state, shape: [4]),
            "step": .int64([Int64(step)], shape: [1]),
        ], to: temporary.appendingPathComponent("trainer.safetensors"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        if let best {
            try SafeTensors.write(best.parameters.mapValues { .float32($0) }, metadata: ["format": "pt"],
                                  to: temporary.appendingPathComponent("best.safetensors"))
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

    /// Loads the latest checkpoint saved under `runFolder`.
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
            return result
        }
        let trainerURL = folder.appendingPathComponent("trainer.safetensors")
        let trainer = try SafeTensors.read(trainerURL).tensors
        guard case .uint64(let state, _) = trainer["generator"], state.count == 4, state.contains(where: { $0 != 0 }),
              case .int64(let steps, _) = trainer["step"], let step = steps.first
        else { throw CheckpointError("\(trainerURL.path): missing or malformed generator state or step") }
        let recordURL = folder.appendingPathComponent("trainer.json")
        guard let recordData = FileManager.default.contents(atPath: recordURL.path),
              let record = try? JSONDecoder().decode(TrainerRecord.self, from: recordData)
        else { throw CheckpointError("\(recordURL.path): missing or malformed") }
        var checkpoint = Checkpoint(parameters: ParameterSet(), optimizerState: try floats("optimizer.safetensors"),
                                    generator: RandomGenerator(state: state), step: Int(step),
                                    history: record.history, metadata: record.metadata,
                                    epochProgress: record.epochProgress ?? EpochProgress())
        checkpoint.parameters = try floats("model.safetensors")
        if let epoch = record.bestEpoch, let loss = record.bestLoss {
            checkpoint.best = (epoch, loss, try floats("best.safetensors"))
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

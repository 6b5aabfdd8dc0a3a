import Foundation
import Testing
@testable import DescentNN

/// Corrupt safetensors files and checkpoints are one-line `CheckpointError`s naming the
/// file; they never trap and are never accepted. Each corrupt file is written by hand here.
struct CheckpointValidationTests {
    /// A safetensors file from a literal header and a data buffer; `headerLength` overrides
    /// the length prefix.
    static func file(_ header: String, body: [UInt8] = [], headerLength: UInt64? = nil) -> Data {
        let json = Array(header.utf8)
        var out = Data()
        withUnsafeBytes(of: (headerLength ?? UInt64(json.count)).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: json)
        out.append(contentsOf: body)
        return out
    }

    static func zeros(_ count: Int) -> [UInt8] { [UInt8](repeating: 0, count: count) }

    /// The error text of decoding `data`, or nil when it is accepted.
    static func error(_ data: Data) -> String? {
        do {
            _ = try SafeTensors.decode(data, source: "bad.safetensors")
            return nil
        } catch let error as CheckpointError {
            return error.description
        } catch {
            return "not a CheckpointError: \(error)"
        }
    }

    static func expectRejected(_ data: Data, _ fragments: String..., sourceLocation: SourceLocation = #_sourceLocation) {
        guard let message = error(data) else {
            Issue.record("accepted a corrupt file", sourceLocation: sourceLocation)
            return
        }
        #expect(message.hasPrefix("bad.safetensors: "), "\(message)", sourceLocation: sourceLocation)
        #expect(!message.contains("\n"), "\(message)", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(message.contains(fragment), "\(message)", sourceLocation: sourceLocation)
        }
    }

    // MARK: Shapes

    @Test func negativeShapeIsRejected() {
        Self.expectRejected(Self.file(#"{"w":{"dtype":"F32","shape":[-32,-64],"data_offsets":[0,8192]}}"#, body: Self.zeros(8192)),
                            "tensor w", "shape [-32,-64]", "non-negative integers")
    }

    @Test func overflowingShapeIsRejected() {
        Self.expectRejected(Self.file(#"{"w":{"dtype":"F32","shape":[4611686018427387904,4611686018427387904],"data_offsets":[0,0]}}"#),
                            "tensor w", "too many elements")
        // The element count fits, the byte count does not.
        Self.expectRejected(Self.file(#"{"w":{"dtype":"U64","shape":[4611686018427387904],"data_offsets":[0,0]}}"#),
                            "tensor w", "too many elements")
        // Beyond Int.
        Self.expectRejected(Self.file(#"{"w":{"dtype":"F32","shape":[99999999999999999999],"data_offsets":[0,0]}}"#),
                            "tensor w", "non-negative integers")
    }

    @Test func nonIntegerShapesAreRejected() {
        for shape in ["[2.0]", "[2.5]", "[true]", #"["2"]"#, "[null]", "2", "[2e0]", "[[2]]"] {
            Self.expectRejected(Self.file(#"{"w":{"dtype":"F32","shape":\#(shape),"data_offsets":[0,8]}}"#, body: Self.zeros(8)),
                                "tensor w", "shape")
        }
    }

    @Test func shapeMustMatchTheByteRange() {
        Self.expectRejected(Self.file(#"{"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,16]}}"#, body: Self.zeros(16)),
                            "tensor w", "needs 24 bytes", "16")
    }

    // MARK: Offsets

    @Test func overlappingOffsetsAreRejected() {
        // 2.bias points into 0.bias, as in the probe; Python's safetensors says "invalid offset".
        let header = #"{"0.bias":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"2.bias":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
        Self.expectRejected(Self.file(header, body: Self.zeros(8)), "tensor 2.bias", "invalid offset")
        let same = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#
        Self.expectRejected(Self.file(same, body: Self.zeros(8)), "tensor b", "invalid offset")
    }

    @Test func gapsAndReversedOffsetsAreRejected() {
        Self.expectRejected(Self.file(#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}"#, body: Self.zeros(16)),
                            "tensor w", "invalid offset")
        Self.expectRejected(Self.file(#"{"w":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}}"#, body: Self.zeros(8)),
                            "tensor w", "invalid offset")
        Self.expectRejected(Self.file(#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8,8]}}"#, body: Self.zeros(8)),
                            "tensor w", "data_offsets")
        Self.expectRejected(Self.file(#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[-8,0]}}"#, body: Self.zeros(8)),
                            "tensor w", "data_offsets")
        Self.expectRejected(Self.file(#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,16]}}"#, body: Self.zeros(8)),
                            "tensor w")
    }

    @Test func trailingBytesAreRejected() {
        var valid = try! SafeTensors.encode(["w": .float32(Tensor([1, 2]))])
        #expect(Self.error(valid) == nil)
        valid.append(contentsOf: Self.zeros(64))
        Self.expectRejected(valid, "not fully covered", "64 trailing bytes")
        Self.expectRejected(Self.file("{}", body: [1]), "not fully covered", "1 trailing byte")
    }

    // MARK: Header

    @Test func headerLengthIsChecked() {
        Self.expectRejected(Data([1, 2, 3]), "too short")
        Self.expectRejected(Self.file("{}", headerLength: 1 << 62), "header length 4611686018427387904", "limit")
        Self.expectRejected(Self.file("{}", headerLength: UInt64.max), "header length 18446744073709551615", "limit")
        Self.expectRejected(Self.file("{}", headerLength: 100_000_001), "header length 100000001", "limit")
        Self.expectRejected(Self.file("{}", headerLength: 3), "header length 3 exceeds the file")
        // Two bytes of header: "{}" fits, but "{}" then no buffer is fine; a cut header is not JSON.
        Self.expectRejected(Self.file("{}", headerLength: 1), "header")
    }

    @Test func headerMustBeAJSONObjectOfEntries() {
        Self.expectRejected(Self.file("[1]"), "header is not a JSON object")
        Self.expectRejected(Self.file(" {}"), "header is not a JSON object")
        Self.expectRejected(Self.file("{} x"), "header")
        Self.expectRejected(Self.file(#"{"w":1}"#), "tensor w")
        Self.expectRejected(Self.file(#"{"w":{"dtype":"F32","shape":[0]}}"#), "tensor w", "data_offsets")
        Self.expectRejected(Self.file(#"{"w":{"dtype":"F32","shape":[0],"data_offsets":[0,0],"extra":1}}"#), "tensor w", "extra")
        var invalidUTF8 = Self.file(#"{"w":1}"#)
        invalidUTF8[10] = 0xFF
        Self.expectRejected(invalidUTF8, "UTF-8")
    }

    @Test func duplicateNamesAreRejected() {
        let header = #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
        Self.expectRejected(Self.file(header, body: Self.zeros(8)), "duplicate", "w")
    }

    /// BF16, U8 and I8 entries follow the F32 rules: byte ranges equal to shape × width.
    @Test func lowPrecisionDtypesHaveExactByteCounts() {
        Self.expectRejected(Self.file(#"{"w":{"dtype":"BF16","shape":[3],"data_offsets":[0,4]}}"#, body: Self.zeros(4)),
                            "tensor w", "shape [3] of BF16 needs 6 bytes", "hold 4")
        Self.expectRejected(Self.file(#"{"w":{"dtype":"U8","shape":[2,3],"data_offsets":[0,5]}}"#, body: Self.zeros(5)),
                            "tensor w", "shape [2, 3] of U8 needs 6 bytes")
        Self.expectRejected(Self.file(#"{"w":{"dtype":"I8","shape":[2],"data_offsets":[0,2]}}"#, body: Self.zeros(3)),
                            "1 trailing byte")
        let header = #"{"a":{"dtype":"U8","shape":[3],"data_offsets":[0,3]},"b":{"dtype":"BF16","shape":[1],"data_offsets":[2,4]}}"#
        Self.expectRejected(Self.file(header, body: Self.zeros(4)), "tensor b", "overlap")
        Self.expectRejected(Self.file(#"{"w":{"dtype":"BF16","shape":[4611686018427387904],"data_offsets":[0,0]}}"#),
                            "tensor w", "too many elements")
        let ok = Self.file(#"{"a":{"dtype":"U8","shape":[3],"data_offsets":[0,3]},"b":{"dtype":"BF16","shape":[1],"data_offsets":[3,5]}}"#,
                           body: [1, 2, 3, 0x80, 0x3F])
        #expect(Self.error(ok) == nil)
        #expect((try? SafeTensors.decode(ok, source: "ok").tensors) == ["a": .uint8([1, 2, 3], shape: [3]), "b": .bfloat16([0x3F80], shape: [1])])
    }

    @Test func unknownDtypesAreRejected() {
        Self.expectRejected(Self.file(#"{"w":{"dtype":"F16","shape":[1],"data_offsets":[0,2]}}"#, body: Self.zeros(2)),
                            "tensor w", "unsupported dtype F16")
        Self.expectRejected(Self.file(#"{"w":{"dtype":7,"shape":[1],"data_offsets":[0,4]}}"#, body: Self.zeros(4)),
                            "tensor w", "dtype")
    }

    @Test func metadataMustMapStringsToStrings() {
        Self.expectRejected(Self.file(#"{"__metadata__":{"format":1}}"#), "__metadata__")
        Self.expectRejected(Self.file(#"{"__metadata__":"pt"}"#), "__metadata__")
        let ok = try? SafeTensors.decode(Self.file(#"{"__metadata__":{"format":"pt","note":"a\"b\u00e9"}}"#), source: "ok")
        #expect(ok?.metadata == ["format": "pt", "note": "a\"bé"])
    }

    // MARK: Valid files still round-trip

    @Test func validFilesRoundTrip() throws {
        let tensors: [String: SafeTensors.Value] = [
            "weight": .float32(Tensor(shape: [2, 3], scalars: [1.5, -2, 3.25, 0, 4, -0.5])),
            "scalar": .float32(Tensor(shape: [], scalars: [7])),
            "empty": .float32(Tensor(shape: [0], scalars: [])),
            "empty2": .float32(Tensor(shape: [3, 0, 2], scalars: [])),
            "counts": .int64([-1, 0, .max, .min], shape: [2, 2]),
            "noCounts": .int64([], shape: [0]),
            "state": .uint64([0, 1, .max], shape: [3]),
            "noState": .uint64([], shape: [0, 4]),
        ]
        let data = try SafeTensors.encode(tensors, metadata: ["format": "pt", "config": #"{"a": [1, "x"]}"#])
        let decoded = try SafeTensors.decode(data, source: "ok")
        #expect(decoded.tensors == tensors)
        #expect(decoded.metadata == ["format": "pt", "config": #"{"a": [1, "x"]}"#])
        let empty = try SafeTensors.decode(try SafeTensors.encode([:]), source: "empty")
        #expect(empty.tensors.isEmpty && empty.metadata.isEmpty)
        // The Python file, and its padding, still read; so does a header in another order.
        #expect(try SafeTensors.decode(SafeTensorsTests.pythonFile, source: "python").tensors.count == 2)
        let reordered = #"{"b":{"data_offsets":[4,8],"shape":[1],"dtype":"F32"},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}   "#
        let values = try SafeTensors.decode(Self.file(reordered, body: [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40]), source: "r").tensors
        #expect(values == ["a": .float32(Tensor([1])), "b": .float32(Tensor([2]))])
    }

    @Test func validFilesRoundTripThroughDisk() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("descent-st-\(UUID()).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        let tensors: [String: SafeTensors.Value] = [
            "a": .float32(Tensor(shape: [0, 5], scalars: [])), "b": .int64([3], shape: [1]), "c": .uint64([1, 2, 3, 4], shape: [4]),
        ]
        try SafeTensors.write(tensors, metadata: ["format": "pt"], to: url)
        #expect(try SafeTensors.read(url).tensors == tensors)
    }
}

// MARK: - Checkpoints

extension CheckpointValidationTests {
    static func makeCheckpoint(step: Int = 6) -> Checkpoint {
        let parameters = MLP(inputs: 2, hidden: [4], outputs: 2).makeParameters(seed: 0)
        let history = [EpochRecord(epoch: 1, step: 3, trainLoss: 0.5, validation: Evaluation(loss: 0.4, accuracy: 0.5), seconds: 0.1),
                       EpochRecord(epoch: 2, step: 6, trainLoss: 0.4, validation: Evaluation(loss: 0.3, accuracy: 0.6), seconds: 0.1)]
        return Checkpoint(parameters: parameters, optimizerState: ["0.weight.exp_avg": .float32(Tensor(repeating: 0, shape: [4, 2]))],
                          generator: RandomGenerator(seed: 1), step: step, history: history, metadata: ["optimizer": "adam"],
                          best: BestWeights(epoch: 2, loss: 0.3, parameters: parameters))
    }

    /// A saved valid checkpoint folder; `corrupt` gets the checkpoint's own folder.
    static func withSavedCheckpoint(_ body: (_ run: URL, _ folder: URL) throws -> Void) throws {
        let run = FileManager.default.temporaryDirectory.appendingPathComponent("descent-ckpt-\(UUID())")
        defer { try? FileManager.default.removeItem(at: run) }
        try makeCheckpoint().save(in: run)
        _ = try Checkpoint.load(from: run)  // valid as saved
        try body(run, run.appendingPathComponent("checkpoint-6"))
    }

    static func loadError(_ run: URL) -> String? {
        do {
            _ = try Checkpoint.load(from: run)
            return nil
        } catch let error as CheckpointError {
            return error.description
        } catch {
            return "not a CheckpointError: \(error)"
        }
    }

    static func expectLoadRejected(_ run: URL, _ fragments: String..., sourceLocation: SourceLocation = #_sourceLocation) {
        guard let message = loadError(run) else {
            Issue.record("accepted a corrupt checkpoint", sourceLocation: sourceLocation)
            return
        }
        #expect(!message.contains("\n"), "\(message)", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(message.contains(fragment), "\(message)", sourceLocation: sourceLocation)
        }
    }

    static func rewriteTrainerState(_ folder: URL, _ values: [String: SafeTensors.Value]) throws {
        try SafeTensors.write(values, to: folder.appendingPathComponent("trainer.safetensors"))
    }

    static func rewriteTrainerJSON(_ folder: URL, _ change: (inout [String: Any]) -> Void) throws {
        let url = folder.appendingPathComponent("trainer.json")
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        change(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: url)
    }

    @Test func stepOutOfRangeIsRejected() throws {
        try Self.withSavedCheckpoint { run, folder in
            let generator = SafeTensors.Value.uint64(RandomGenerator(seed: 1).state, shape: [4])
            for step: Int64 in [-7, 1 << 62, .max, .min] {
                try Self.rewriteTrainerState(folder, ["generator": generator, "step": .int64([step], shape: [1])])
                Self.expectLoadRejected(run, "checkpoint-6/trainer.safetensors", "step \(step) is out of range")
            }
        }
    }

    @Test func trainerStateMustBeWellFormed() throws {
        try Self.withSavedCheckpoint { run, folder in
            let generator = SafeTensors.Value.uint64(RandomGenerator(seed: 1).state, shape: [4])
            let step = SafeTensors.Value.int64([6], shape: [1])
            try Self.rewriteTrainerState(folder, ["generator": .uint64([0, 0, 0, 0], shape: [4]), "step": step])
            Self.expectLoadRejected(run, "trainer.safetensors", "generator")
            try Self.rewriteTrainerState(folder, ["generator": .uint64([1, 2, 3], shape: [3]), "step": step])
            Self.expectLoadRejected(run, "trainer.safetensors", "generator")
            try Self.rewriteTrainerState(folder, ["generator": generator, "step": .int64([6, 7], shape: [2])])
            Self.expectLoadRejected(run, "trainer.safetensors", "step")
            try Self.rewriteTrainerState(folder, ["generator": generator, "step": .float32(Tensor([6]))])
            Self.expectLoadRejected(run, "trainer.safetensors", "step")
            try Self.rewriteTrainerState(folder, ["generator": generator, "step": step, "extra": step])
            Self.expectLoadRejected(run, "trainer.safetensors", "extra")
        }
    }

    @Test func trainerRecordMustAgreeWithTheState() throws {
        try Self.withSavedCheckpoint { run, folder in
            try Self.rewriteTrainerJSON(folder) { $0["step"] = 60 }
            Self.expectLoadRejected(run, "trainer.json", "step 60", "6")
        }
        try Self.withSavedCheckpoint { run, folder in
            try Self.rewriteTrainerJSON(folder) { record in
                var history = record["history"] as! [[String: Any]]
                history[1]["step"] = 600
                record["history"] = history
            }
            Self.expectLoadRejected(run, "trainer.json", "history")
        }
        try Self.withSavedCheckpoint { run, folder in
            try Self.rewriteTrainerJSON(folder) { record in
                var history = record["history"] as! [[String: Any]]
                history[0]["step"] = -3
                record["history"] = history
            }
            Self.expectLoadRejected(run, "trainer.json", "history")
        }
        try Self.withSavedCheckpoint { run, folder in
            try Self.rewriteTrainerJSON(folder) { record in
                var history = record["history"] as! [[String: Any]]
                history.swapAt(0, 1)
                record["history"] = history
            }
            Self.expectLoadRejected(run, "trainer.json", "history")
        }
        try Self.withSavedCheckpoint { run, folder in
            try Self.rewriteTrainerJSON(folder) { $0["epochProgress"] = ["lossSum": 1.0, "steps": -2] }
            Self.expectLoadRejected(run, "trainer.json", "epoch progress")
        }
        try Self.withSavedCheckpoint { run, folder in
            try Self.rewriteTrainerJSON(folder) { $0["bestEpoch"] = -1 }
            Self.expectLoadRejected(run, "trainer.json", "best epoch")
        }
        try Self.withSavedCheckpoint { run, folder in
            try Self.rewriteTrainerJSON(folder) { $0["bestEpoch"] = 40 }
            Self.expectLoadRejected(run, "trainer.json", "best epoch")
        }
        try Self.withSavedCheckpoint { run, folder in
            try Self.rewriteTrainerJSON(folder) { $0["bestLoss"] = nil }
            Self.expectLoadRejected(run, "trainer.json", "best")
        }
    }

    @Test func nonFiniteWeightsAreRejectedNamingFileAndTensor() throws {
        var scalars = [Float](repeating: 0.5, count: 8)
        scalars[5] = .nan
        try Self.withSavedCheckpoint { run, folder in
            var weights = Self.makeCheckpoint().parameters
            var w = weights["0.weight"]!.scalars
            w[7] = .nan
            weights["0.weight"] = Tensor(shape: [4, 2], scalars: w)
            try SafeTensors.write(weights.mapValues { .float32($0) }, to: folder.appendingPathComponent("model.safetensors"))
            Self.expectLoadRejected(run, "checkpoint-6/model.safetensors: tensor 0.weight holds NaN at element 7")
        }
        try Self.withSavedCheckpoint { run, folder in
            try SafeTensors.write(["0.weight.exp_avg": .float32(Tensor(shape: [4, 2], scalars: [0, 0, 0, -.infinity, 0, 0, 0, 0]))],
                                  to: folder.appendingPathComponent("optimizer.safetensors"))
            Self.expectLoadRejected(run, "checkpoint-6/optimizer.safetensors: tensor 0.weight.exp_avg holds -infinity at element 3")
        }
        // Low-precision state: a BF16 NaN or infinity, an F32 absmax infinity.
        try Self.withSavedCheckpoint { run, folder in
            try SafeTensors.write(["exp_avg/0.weight": .bfloat16([0x3F80, 0x7FC0, 0], shape: [3])],
                                  to: folder.appendingPathComponent("optimizer.safetensors"))
            Self.expectLoadRejected(run, "checkpoint-6/optimizer.safetensors: tensor exp_avg/0.weight holds NaN at element 1")
        }
        try Self.withSavedCheckpoint { run, folder in
            try SafeTensors.write(["exp_avg/0.weight": .bfloat16([0xFF80], shape: [1])],
                                  to: folder.appendingPathComponent("optimizer.safetensors"))
            Self.expectLoadRejected(run, "checkpoint-6/optimizer.safetensors: tensor exp_avg/0.weight holds -infinity at element 0")
        }
        try Self.withSavedCheckpoint { run, folder in
            try SafeTensors.write(["exp_avg/0.weight": .uint8([1, 2, 3], shape: [3]), "exp_avg.absmax/0.weight": .float32(Tensor([.infinity]))],
                                  to: folder.appendingPathComponent("optimizer.safetensors"))
            Self.expectLoadRejected(run, "checkpoint-6/optimizer.safetensors: tensor exp_avg.absmax/0.weight holds infinity at element 0")
        }
        try Self.withSavedCheckpoint { run, folder in
            try SafeTensors.write(["exp_avg/0.weight": .int8([1], shape: [1])], to: folder.appendingPathComponent("optimizer.safetensors"))
            Self.expectLoadRejected(run, "checkpoint-6/optimizer.safetensors: tensor exp_avg/0.weight is I8, not F32, BF16 or U8")
        }
        try Self.withSavedCheckpoint { run, folder in
            var weights = Self.makeCheckpoint().parameters
            weights["1.bias"] = Tensor([.infinity, 0])
            try SafeTensors.write(weights.mapValues { .float32($0) }, to: folder.appendingPathComponent("best.safetensors"))
            Self.expectLoadRejected(run, "checkpoint-6/best.safetensors: tensor 1.bias holds infinity at element 0")
        }
    }

    @Test func corruptModelFileInACheckpointIsRejected() throws {
        try Self.withSavedCheckpoint { run, folder in
            let header = #"{"0.bias":{"dtype":"F32","shape":[-32,-64],"data_offsets":[0,8192]}}"#
            try Self.file(header, body: Self.zeros(8192)).write(to: folder.appendingPathComponent("model.safetensors"))
            Self.expectLoadRejected(run, "checkpoint-6/model.safetensors: tensor 0.bias")
        }
    }

    @Test func restoreRejectsAnOutOfRangeCheckpoint() throws {
        let model = MLP(inputs: 2, hidden: [4], outputs: 2)
        for step in [-7, 1 << 62] {
            var trainer = Trainer(model: model, objective: .classification(), parameters: model.makeParameters(seed: 3),
                                  optimizer: AnyOptimizer(PlainSGD(lr: 0.1)), batchSize: 8, generator: RandomGenerator(seed: 3))
            var checkpoint = Self.makeCheckpoint()
            checkpoint.step = step
            do {
                try trainer.restore(checkpoint, source: "runs/a")
                Issue.record("restored a checkpoint at step \(step)")
            } catch let error as CheckpointError {
                #expect(error.description.hasPrefix("runs/a"))
                #expect(error.description.contains("step \(step) is out of range"))
            }
            #expect(trainer.step == 0)
        }
        var trainer = Trainer(model: model, objective: .classification(), parameters: model.makeParameters(seed: 3),
                              optimizer: AnyOptimizer(PlainSGD(lr: 0.1)), batchSize: 8, generator: RandomGenerator(seed: 3))
        try trainer.restore(Self.makeCheckpoint(), source: "runs/a")
        #expect(trainer.step == 6 && trainer.history.count == 2 && trainer.best?.epoch == 2)
    }
}

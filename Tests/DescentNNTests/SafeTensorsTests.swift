import Foundation
import Testing
@testable import DescentNN

struct SafeTensorsTests {
    /// Written by the Python `safetensors` package (0.8.0):
    /// save({"layer.weight": [[1.5, -2, 3.25], [0, 4, -0.5]], "layer.bias": [0.125, -8]}, metadata={"format": "pt"})
    static let pythonFile = Data(base64Encoded: "qAAAAAAAAAB7Il9fbWV0YWRhdGFfXyI6eyJmb3JtYXQiOiJwdCJ9LCJsYXllci5iaWFzIjp7ImR0eXBlIjoiRjMyIiwic2hhcGUiOlsyXSwiZGF0YV9vZmZzZXRzIjpbMCw4XX0sImxheWVyLndlaWdodCI6eyJkdHlwZSI6IkYzMiIsInNoYXBlIjpbMiwzXSwiZGF0YV9vZmZzZXRzIjpbOCwzMl19fSAgICAgICAAAAA+AAAAwQAAwD8AAADAAABQQAAAAAAAAIBAAAAAvw==")!

    @Test func readsWhatPythonWrites() throws {
        let (tensors, metadata) = try SafeTensors.decode(Self.pythonFile, source: "python")
        #expect(metadata == ["format": "pt"])
        #expect(tensors["layer.weight"] == .float32(Tensor([[1.5, -2, 3.25], [0, 4, -0.5]])))
        #expect(tensors["layer.bias"] == .float32(Tensor([0.125, -8])))
    }

    @Test func writesTheSameLayoutAsPython() throws {
        let ours = try SafeTensors.encode([
            "layer.weight": .float32(Tensor([[1.5, -2, 3.25], [0, 4, -0.5]])),
            "layer.bias": .float32(Tensor([0.125, -8])),
        ], metadata: ["format": "pt"])
        // Same data section (tensors sorted by name) and a header of the same parsed content.
        let headerLength = Int(ours.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
        #expect(headerLength % 8 == 0)
        #expect(ours.suffix(32) == Self.pythonFile.suffix(32))
        let decodedOurs = try SafeTensors.decode(ours, source: "ours").tensors
        let decodedPython = try SafeTensors.decode(Self.pythonFile, source: "python").tensors
        #expect(decodedOurs == decodedPython)
    }

    /// Written by the Python `safetensors` package (0.8.0) from torch tensors:
    /// save({"state.bf16": bfloat16 [[1, -2.5, 3.140625], [0, 65280, -0.0078125]],
    ///       "state.codes": uint8 [0, 127, 255, 3, 200], "state.signed": int8 [-128, -1, 0, 127],
    ///       "state.absmax": float32 [0.5, 2]}, metadata={"format": "pt"})
    static let pythonLowPrecisionFile = Data(base64Encoded: "KAEAAAAAAAB7Il9fbWV0YWRhdGFfXyI6eyJmb3JtYXQiOiJwdCJ9LCJzdGF0ZS5hYnNtYXgiOnsiZHR5cGUiOiJGMzIiLCJzaGFwZSI6WzJdLCJkYXRhX29mZnNldHMiOlswLDhdfSwic3RhdGUuYmYxNiI6eyJkdHlwZSI6IkJGMTYiLCJzaGFwZSI6WzIsM10sImRhdGFfb2Zmc2V0cyI6WzgsMjBdfSwic3RhdGUuc2lnbmVkIjp7ImR0eXBlIjoiSTgiLCJzaGFwZSI6WzRdLCJkYXRhX29mZnNldHMiOlsyMCwyNF19LCJzdGF0ZS5jb2RlcyI6eyJkdHlwZSI6IlU4Iiwic2hhcGUiOls1XSwiZGF0YV9vZmZzZXRzIjpbMjQsMjldfX0gICAgIAAAAD8AAABAgD8gwElAAAB/RwC8gP8AfwB//wPI")!

    static let lowPrecisionTensors: [String: SafeTensors.Value] = [
        // torch's int16 view of the bfloat16 values, as bits.
        "state.bf16": .bfloat16([16256, -16352, 16457, 0, 18303, -17408].map { UInt16(bitPattern: $0) }, shape: [2, 3]),
        "state.codes": .uint8([0, 127, 255, 3, 200], shape: [5]),
        "state.signed": .int8([-128, -1, 0, 127], shape: [4]),
        "state.absmax": .float32(Tensor([0.5, 2])),
    ]

    @Test func readsAndWritesBF16U8AndI8AsPythonDoes() throws {
        let (tensors, _) = try SafeTensors.decode(Self.pythonLowPrecisionFile, source: "python")
        #expect(tensors == Self.lowPrecisionTensors)
        guard case .bfloat16(let halves, _) = tensors["state.bf16"] else { Issue.record("not BF16"); return }
        #expect(halves.map { Float(bitPattern: UInt32($0) << 16) } == [1, -2.5, 3.140625, 0, 65280, -0.0078125])
        // The reference's order (wider dtypes first, then by name) gives the same data bytes.
        let ours = try SafeTensors.encode(Self.lowPrecisionTensors, metadata: ["format": "pt"])
        #expect(ours.suffix(29) == Self.pythonLowPrecisionFile.suffix(29))
        #expect(try SafeTensors.decode(ours, source: "ours").tensors == Self.lowPrecisionTensors)
        #expect(tensors.mapValues(\.byteCount) == ["state.bf16": 12, "state.codes": 5, "state.signed": 4, "state.absmax": 8])
    }

    @Test func truncatedFileIsAOneLineError() {
        let cut = Self.pythonFile.prefix(Self.pythonFile.count - 4)
        #expect(throws: CheckpointError.self) { try SafeTensors.decode(cut, source: "cut.safetensors") }
        #expect(throws: CheckpointError.self) { try SafeTensors.decode(Data([1, 2, 3]), source: "tiny") }
    }
}

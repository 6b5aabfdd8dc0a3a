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

    @Test func truncatedFileIsAOneLineError() {
        let cut = Self.pythonFile.prefix(Self.pythonFile.count - 4)
        #expect(throws: CheckpointError.self) { try SafeTensors.decode(cut, source: "cut.safetensors") }
        #expect(throws: CheckpointError.self) { try SafeTensors.decode(Data([1, 2, 3]), source: "tiny") }
    }
}

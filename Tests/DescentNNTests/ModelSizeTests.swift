import Foundation
import Testing
@testable import DescentNN

/// Models too large for the machine are refused before their parameters are allocated.
@Suite struct ModelSizeTests {
    /// The error `build` throws for `spec`, as its one-line message ("" when it built).
    static func message(_ spec: String, inputShape: [Int], outputs: Int) -> String {
        do {
            _ = try ModelSpec(parsing: spec).build(inputShape: inputShape, outputs: outputs)
            return ""
        } catch {
            return "\(error)"
        }
    }

    @Test(arguments: [
        ("mlp:100000000,100000000", [64]),
        ("mlp:100000000", [1_000]),
        ("cnn:100000000", [1, 28, 28]),
        ("transformer:layers=2,heads=4,width=128,context=100000000", [100_000_000]),
    ])
    func modelsLargerThanMemoryAreRefused(spec: String, inputShape: [Int]) {
        let text = Self.message(spec, inputShape: inputShape, outputs: 10)
        #expect(text.contains(spec) && text.contains("GB") && text.contains("available") && !text.contains("\n"), "\(text)")
    }

    @Test func widthsWhoseParameterCountOverflowsAreRefused() {
        let text = Self.message("mlp:4611686018427387904,4611686018427387904", inputShape: [64], outputs: 10)
        #expect(text.contains("overflow") && text.contains("available"), "\(text)")
    }

    @Test func ordinaryModelsStillBuild() {
        #expect(Self.message("mlp:256,256", inputShape: [64], outputs: 10) == "")
        #expect(Self.message("cnn:16,32", inputShape: [1, 28, 28], outputs: 10) == "")
        #expect(Self.message("transformer:layers=2,heads=4,width=128,context=64", inputShape: [64], outputs: 65) == "")
    }
}

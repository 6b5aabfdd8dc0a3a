import DescentCore
import Foundation
import PropertyBased
import SpecPropertySupport
import Testing
@testable import DescentNN

/// `--model` specs under random input: every valid spec prints and parses back equal; random,
/// truncated and damaged text parses to a spec that prints back the same, or throws one line.
@Suite struct ModelSpecPropertyTests {
    static let specs = Generator<ModelSpec, Shrink.None<ModelSpec>> { rng in
        let g = SpecGenerators.self
        let widths = (0..<Int.random(in: 1...4, using: &rng)).map { _ in g.integer(1...Int.max, &rng) }
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return ModelSpec(.mlp(hidden: []))
        case 1: return ModelSpec(.mlp(hidden: widths))
        case 2: return ModelSpec(.cnn(channels: widths))
        default:
            let heads = g.integer(1...4096, &rng)
            return ModelSpec(.transformer(layers: g.integer(1...Int.max, &rng), heads: heads,
                                          width: heads * g.integer(1...Int.max / 4096, &rng), context: g.integer(1...Int.max, &rng)))
        }
    }

    @Test func validSpecsPrintAndParseBack() async {
        await propertyCheck(count: 500, input: Self.specs) { spec throws in
            #expect(try ModelSpec(parsing: spec.description) == spec, "\(spec.description)")
            #expect(try ModelSpec(parsing: " " + spec.description.replacingOccurrences(of: ",", with: ", ") + " ") == spec)
        }
    }

    @Test func anyTextParsesCanonicallyOrThrowsOneLine() async {
        let texts = Generator<String, Shrink.None<String>> { rng in
            Bool.random(using: &rng) ? SpecGenerators.noise(&rng) : SpecGenerators.damaged(Self.specs.run(using: &rng).description, &rng)
        }
        await propertyCheck(count: 1000, input: texts) { text throws in
            do {
                let spec = try ModelSpec(parsing: text)
                #expect(try ModelSpec(parsing: spec.description) == spec, "\(text)")
            } catch {
                let error = error as? ModelSpecError
                #expect(error?.description.contains("\n") == false, "\(text): \(String(describing: error))")
            }
        }
    }

    @Test(arguments: [
        ("mlp:", "model 'mlp:': no widths after ':' (as in mlp:128)"),
        ("mlp:256,,256", "model 'mlp:256,,256': an empty item in '256,,256'"),
        ("mlp:256,0", "model 'mlp:256,0': '0' is not a positive integer width"),
        ("mlp:width=3", "model 'mlp:width=3': unknown key 'width' (known: none)"),
        ("linear:", "model 'linear:': linear takes no settings"),
        ("transformer:layers=2,layers=3", "model 'transformer:layers=2,layers=3': layers is given twice"),
        ("transformer:depth=2", "model 'transformer:depth=2': unknown key 'depth' (known: layers, heads, width, context)"),
        ("transformer:heads=0", "model 'transformer:heads=0': heads must be a positive integer, got '0'"),
        ("transformer:heads=3", "model 'transformer:heads=3': width 128 is not divisible by heads 3"),
        ("resnet", "unknown model 'resnet' (known: linear, mlp:W,W,..., cnn:C,C,..., transformer:layers=L,heads=H,width=D,context=T)"),
    ])
    func badSpecsGiveOneLineNamingTheSpec(text: String, message: String) {
        #expect(throws: ModelSpecError.self) { try ModelSpec(parsing: text) }
        do { _ = try ModelSpec(parsing: text) } catch { #expect("\(error)" == message) }
    }

    @Test func defaultsPrintInFull() throws {
        #expect(try ModelSpec(parsing: "mlp").description == "mlp:128")
        #expect(try ModelSpec(parsing: "CNN").description == "cnn:16,32")
        #expect(try ModelSpec(parsing: "gpt:layers=1").description == "transformer:layers=1,heads=4,width=128,context=64")
        #expect(try ModelSpec(parsing: "linear").description == "linear")
    }
}

import DescentCore
import Foundation
import PropertyBased
import SpecPropertySupport
import Testing
@testable import DescentData

/// `--data` specs under random input: every valid spec prints and parses back equal; random,
/// truncated and damaged text parses to a spec that prints back the same, or throws one line.
@Suite struct DatasetSpecPropertyTests {
    static let specs = Generator<DatasetSpec, Shrink.None<DatasetSpec>> { rng in
        let g = SpecGenerators.self
        let classes = Dataset.maximumClasses
        let count = g.integer(1...Int.max, &rng), seed = UInt64.random(in: 0...UInt64.max, using: &rng)
        let noise = g.real(0...Double.greatestFiniteMagnitude, &rng), features = g.integer(1...Int.max, &rng)
        let path = g.word("abc/._-:,=é 0189", 1...20, &rng)
        switch Int.random(in: 0..<11, using: &rng) {
        case 0: return .digits
        case 1: return .moons(count: max(count, 2), noise: noise, seed: seed)
        case 2: return .spirals(count: max(count, 2), classes: g.integer(2...classes, &rng), noise: noise, seed: seed)
        case 3: return .blobs(count: count, features: features, centers: g.integer(1...classes, &rng), spread: noise, seed: seed)
        case 4:
            return .regression(count: count, features: features, informative: g.integer(0...features, &rng), outputs: g.integer(1...Int.max, &rng),
                               noise: noise, bias: g.real(-1e300...1e300, &rng), seed: seed)
        case 5: return .friedman1(count: count, features: max(features, 5), noise: noise, seed: seed)
        case 6: return .gaussian(count: count, features: features, classes: g.integer(1...classes, &rng), seed: seed)
        case 7: return .csv(path: path)
        case 8: return .idx(directory: path)
        case 9: return .npy(features: g.word("abc/._-:=é 0189", 1...12, &rng), targets: g.word("abc/._-:=é 0189", 1...12, &rng))
        default: return .text(path: Bool.random(using: &rng) ? nil : path)
        }
    }

    @Test func validSpecsPrintAndParseBack() async {
        await propertyCheck(count: 500, input: Self.specs) { spec throws in
            #expect(try DatasetSpec(parsing: spec.description) == spec, "\(spec.description)")
            // Spaces around the spec and a name in capitals read the same.
            #expect(try DatasetSpec(parsing: "  " + spec.description.prefix { $0 != ":" }.uppercased() + spec.description.drop { $0 != ":" }) == spec)
        }
    }

    @Test func anyTextParsesCanonicallyOrThrowsOneLine() async {
        let texts = Generator<String, Shrink.None<String>> { rng in
            Bool.random(using: &rng) ? SpecGenerators.noise(&rng) : SpecGenerators.damaged(Self.specs.run(using: &rng).description, &rng)
        }
        await propertyCheck(count: 1000, input: texts) { text throws in
            do {
                let spec = try DatasetSpec(parsing: text)
                #expect(try DatasetSpec(parsing: spec.description) == spec, "\(text)")
            } catch {
                let error = error as? DataError
                #expect(error?.kind == .unknownSpec && error?.description.contains("\n") == false, "\(text): \(String(describing: error))")
            }
        }
    }

    @Test func unknownAndRepeatedOptionsThrow() async {
        let generators = Self.specs.filter { $0.description.contains("seed=") }
        await propertyCheck(count: 200, input: generators) { spec throws in
            let text = spec.description
            #expect(dataError { try DatasetSpec(parsing: text + ",seed=1") }?.description.hasSuffix("seed is given twice") == true)
            #expect(dataError { try DatasetSpec(parsing: text + ",colour=red") }?.description.contains("unknown key 'colour'") == true)
            #expect(dataError { try DatasetSpec(parsing: text + ",") }?.kind == .unknownSpec)
            #expect(dataError { try DatasetSpec(parsing: text.replacingOccurrences(of: "seed=", with: "seed=x")) }?.kind == .unknownSpec)
        }
    }
}

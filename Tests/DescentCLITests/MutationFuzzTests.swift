import Foundation
import DescentCore
import Testing
@testable import DescentCLI
import DescentData
import DescentNN

/// A short fuzz run of every parser inside the test suite: each committed seed corpus of
/// Fuzz/ is mutated at random (seeded: bit flips, special bytes, insertions, deletions,
/// duplicated ranges, truncation, splices of two inputs) and fed to the same entry points as
/// the libFuzzer targets. Any input must give a result or an error; a trap fails the suite.
/// `scripts/fuzz.sh SECONDS` runs the coverage-guided fuzzers for longer.
@Suite struct MutationFuzzTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Fuzz/Corpus").standardized
    static let mutationsPerTarget = 1500

    /// The parser each corpus folder feeds, as in Fuzz/Sources/Fuzz*.
    static func parse(_ target: String, _ data: Data, scratch: URL) {
        switch target {
        case "csv":
            try? data.write(to: scratch.appendingPathExtension("csv"))
            _ = try? CSVReader().read(path: scratch.appendingPathExtension("csv").path)
        case "npy":
            _ = try? NPYFile(data: data, path: "fuzz.npy")
        case "idx":
            _ = try? IDXFile(data: data, path: "fuzz-idx3-ubyte")
        case "idx-gzip":
            let path = scratch.path + "-idx1-ubyte.gz"
            try? data.write(to: URL(fileURLWithPath: path))
            _ = try? IDXFile(path: path)
        case "safetensors":
            _ = try? SafeTensors.decode(data, source: "fuzz.safetensors")
        case "replay":
            try? data.write(to: scratch.appendingPathExtension("json"))
            _ = try? ReplayFile.load(scratch.appendingPathExtension("json").path)
        case "specs":
            SpecGrammars.parseEachLine(String(decoding: data, as: UTF8.self))
        default:
            Issue.record("no parser for corpus folder \(target)")
        }
    }

    /// One to four random edits of `input`, sometimes spliced with `other`.
    static func mutate(_ input: [UInt8], _ other: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var bytes = input
        let special: [UInt8] = [0, 0xFF, 0x7F, 0x80, 10, 13, 34, 44, 45, 46, 48, 57, 101, 69, 91, 93, 123, 125, 58, 9]
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let n = bytes.count
            switch Int.random(in: 0..<8, using: &rng) {
            case 0 where n > 0:
                let i = Int.random(in: 0..<n, using: &rng)
                bytes[i] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng))
            case 1 where n > 0:
                bytes[Int.random(in: 0..<n, using: &rng)] = special.randomElement(using: &rng)!
            case 2:
                let at = Int.random(in: 0...n, using: &rng)
                bytes.insert(contentsOf: (0..<Int.random(in: 1...8, using: &rng)).map { _ in
                    Bool.random(using: &rng) ? special.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
                }, at: at)
            case 3 where n > 1:
                let a = Int.random(in: 0..<n, using: &rng), b = Swift.min(n, a + Int.random(in: 1...16, using: &rng))
                bytes.removeSubrange(a..<b)
            case 4 where n > 1:
                let a = Int.random(in: 0..<n, using: &rng), b = Swift.min(n, a + Int.random(in: 1...64, using: &rng))
                bytes.insert(contentsOf: bytes[a..<b], at: Int.random(in: 0...n, using: &rng))
            case 5 where n > 0:
                bytes.removeLast(Int.random(in: 1...n, using: &rng))
            case 6 where !other.isEmpty:
                let cut = Int.random(in: 0...n, using: &rng), from = Int.random(in: 0..<other.count, using: &rng)
                bytes = Array(bytes[..<cut]) + Array(other[from...])
            default:
                // A digit run: numbers at the edges of what the parsers accept.
                let digits = (0..<Int.random(in: 1...40, using: &rng)).map { _ in UInt8(48 + Int.random(in: 0...9, using: &rng)) }
                bytes.insert(contentsOf: digits, at: Int.random(in: 0...n, using: &rng))
            }
        }
        return bytes
    }

    @Test(arguments: ["csv", "npy", "idx", "idx-gzip", "safetensors", "replay", "specs"])
    func mutatedSeedsNeverTrap(target: String) throws {
        let folder = Self.corpus.appendingPathComponent(target)
        let seeds = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            .map { [UInt8](try Data(contentsOf: folder.appendingPathComponent($0))) }
        #expect(!seeds.isEmpty)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("mutation-fuzz-\(target)-\(UUID().uuidString)")
        defer {
            for suffix in [".csv", ".json", "-idx1-ubyte.gz"] { try? FileManager.default.removeItem(atPath: scratch.path + suffix) }
        }
        var rng = SplitMix64(seed: target.utf8.reduce(UInt64(5381)) { ($0 &* 33) &+ UInt64($1) })
        for seed in seeds { Self.parse(target, Data(seed), scratch: scratch) }
        for _ in 0..<Self.mutationsPerTarget {
            let input = seeds.randomElement(using: &rng)!, other = seeds.randomElement(using: &rng)!
            Self.parse(target, Data(Self.mutate(input, other, &rng)), scratch: scratch)
        }
    }
}

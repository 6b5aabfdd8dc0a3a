import Foundation
import DescentCore
import Testing
@testable import DescentData

/// Property tests of the CSV reader: random tables written as RFC 4180 CSV read back cell for
/// cell (numbers bit for bit as Swift's correctly rounded `Double(String)` reads them, strings
/// exactly, quotes, delimiters and line breaks inside quoted fields included); random damage
/// to the text gives a table or an error, never a trap.
@Suite struct CSVRoundTripPropertyTests {
    /// A number as people and programs write them: integers, fixed, shortest, exponents, many digits.
    static func numberText(_ rng: inout SplitMix64) -> String {
        let sign = Bool.random(using: &rng) ? "-" : ""
        switch Int.random(in: 0..<7, using: &rng) {
        case 0: return sign + String(UInt64.random(in: 0...UInt64(1) << 53, using: &rng))
        case 1: return sign + String(Double.random(in: 0..<1000, using: &rng))
        case 2: return sign + String(format: "%.17g", Double.random(in: 0..<1, using: &rng) * pow(10, Double(Int.random(in: -300...300, using: &rng))))
        case 3: return sign + "\(Int.random(in: 1...9, using: &rng)).\(Int.random(in: 0...999_999, using: &rng))e\(Int.random(in: -320...308, using: &rng))"
        case 4: return sign + "0." + String(repeating: "0", count: Int.random(in: 0...30, using: &rng)) + String(UInt64.random(in: 1...UInt64.max, using: &rng))
        case 5: return sign + String(UInt64.random(in: 0...UInt64.max, using: &rng)) + String(UInt64.random(in: 0...UInt64.max, using: &rng)) + ".5"
        default: return sign + String(Float.random(in: 0...1e6, using: &rng))
        }
    }

    /// A string cell that never reads as a number or a missing token.
    static func stringText(_ rng: inout SplitMix64) -> String {
        let alphabet = Array("abcXYZ ,\"\n\r\t;:'é漢🙂-_.0123456789")
        let length = Int.random(in: 0...12, using: &rng)
        return "s" + String((0..<length).map { _ in alphabet.randomElement(using: &rng)! })
    }

    static func quoted(_ field: String) -> String {
        field.unicodeScalars.contains(where: { ",\"\n\r".unicodeScalars.contains($0) }) || field.hasPrefix(" ") || field.hasSuffix(" ")
            ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }

    @Test func randomTablesReadBackCellForCell() throws {
        var rng = SplitMix64(seed: 2026)
        for trial in 0..<200 {
            let columns = Int.random(in: 2...6, using: &rng), rows = Int.random(in: 1...40, using: &rng)
            let numeric = (0..<columns).map { _ in Bool.random(using: &rng) }
            var cells = [[String]](repeating: [], count: columns)
            for c in 0..<columns {
                cells[c] = (0..<rows).map { _ in numeric[c] ? Self.numberText(&rng) : Self.stringText(&rng) }
            }
            let lineEnd = Bool.random(using: &rng) ? "\r\n" : "\n"
            var text = (0..<columns).map { "c\($0)" }.joined(separator: ",") + lineEnd
            for r in 0..<rows {
                text += (0..<columns).map { Self.quoted(cells[$0][r]) }.joined(separator: ",") + lineEnd
            }
            let table = try CSVReader().read(string: text, source: "trial-\(trial)")
            #expect(table.rowCount == rows)
            for c in 0..<columns {
                let column = try #require(table["c\(c)"])
                switch column.storage {
                case .numbers(let values):
                    #expect(numeric[c], "trial \(trial): column c\(c) of strings read as numbers")
                    for r in 0..<rows where values[r].bitPattern != Double(cells[c][r])!.bitPattern {
                        Issue.record("trial \(trial): '\(cells[c][r])' read as \(values[r]), expected \(Double(cells[c][r])!)")
                    }
                case .strings(let values):
                    if numeric[c] {
                        Issue.record("trial \(trial): numeric column c\(c) read as strings: \(cells[c].prefix(5))")
                    }
                    #expect(values == cells[c], "trial \(trial): column c\(c)")
                }
            }
        }
    }

    @Test func randomDamageGivesATableOrAnError() {
        var rng = SplitMix64(seed: 7)
        let base = "a,b,c\n1,\"x,y\",2.5\n3,\"q\"\"z\",-4e2\n5,w,\n"
        for _ in 0..<2_000 {
            var bytes = Array(base.utf8)
            for _ in 0..<Int.random(in: 1...5, using: &rng) {
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes[i] = Array(",\"\n\r9e.-x\0".utf8).randomElement(using: &rng)!
                case 1: bytes.remove(at: i)
                default: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: i)
                }
                if bytes.isEmpty { bytes = [10] }
            }
            _ = try? CSVReader().read(string: String(decoding: bytes, as: UTF8.self), source: "damaged")
        }
    }
}

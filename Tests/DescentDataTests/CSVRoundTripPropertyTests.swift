import Foundation
import PropertyBased
import Testing
@testable import DescentData

/// Property tests of the CSV reader: random tables written as RFC 4180 CSV read back cell for
/// cell (numbers bit for bit as Swift's correctly rounded `Double(String)` reads them, strings
/// exactly, quotes, delimiters and line breaks inside quoted fields included; `\n`, `\r\n`
/// and bare `\r` line ends); random damage to the text gives a table or an error, never a trap.
@Suite struct CSVRoundTripPropertyTests {
    /// A number as people and programs write them: integers, fixed, shortest, exponents, many digits.
    static func numberText(_ rng: inout any SeededRandomNumberGenerator) -> String {
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
    static func stringText(_ rng: inout any SeededRandomNumberGenerator) -> String {
        let alphabet = Array("abcXYZ ,\"\n\r\t;:'é漢🙂-_.0123456789")
        let length = Int.random(in: 0...12, using: &rng)
        return "s" + String((0..<length).map { _ in alphabet.randomElement(using: &rng)! })
    }

    static func quoted(_ field: String) -> String {
        field.unicodeScalars.contains(where: { ",\"\n\r".unicodeScalars.contains($0) }) || field.hasPrefix(" ") || field.hasSuffix(" ")
            ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }

    /// A random table: its cells as text, which columns are numbers, and the CSV written with one kind of line end.
    struct RandomTable: Sendable, CustomStringConvertible {
        let cells: [[String]]
        let numeric: [Bool]
        let text: String
        var description: String { text.debugDescription }
    }

    static let tables = Generator<RandomTable, Shrink.None<RandomTable>> { rng in
        let columns = Int.random(in: 2...6, using: &rng), rows = Int.random(in: 1...40, using: &rng)
        let numeric = (0..<columns).map { _ in Bool.random(using: &rng) }
        let cells = (0..<columns).map { c in (0..<rows).map { _ in numeric[c] ? numberText(&rng) : stringText(&rng) } }
        let lineEnd = ["\n", "\r\n", "\r"].randomElement(using: &rng)!
        var text = (0..<columns).map { "c\($0)" }.joined(separator: ",") + lineEnd
        for r in 0..<rows {
            text += (0..<columns).map { quoted(cells[$0][r]) }.joined(separator: ",") + lineEnd
        }
        return RandomTable(cells: cells, numeric: numeric, text: text)
    }

    @Test func randomTablesReadBackCellForCell() async {
        await propertyCheck(count: 200, input: Self.tables) { random throws in
            let table = try CSVReader().read(string: random.text, source: "random")
            #expect(table.rowCount == random.cells[0].count)
            for (c, cells) in random.cells.enumerated() {
                let column = try #require(table["c\(c)"])
                switch column.storage {
                case .numbers(let values):
                    #expect(random.numeric[c], "column c\(c) of strings read as numbers")
                    #expect(zip(values, cells).allSatisfy { $0.bitPattern == Double($1)!.bitPattern }, "column c\(c): \(values) for \(cells)")
                case .strings(let values):
                    #expect(!random.numeric[c], "numeric column c\(c) read as strings: \(cells.prefix(5))")
                    #expect(values == cells, "column c\(c)")
                }
            }
        }
    }

    @Test func randomDamageGivesATableOrAnError() async {
        let base = Array("a,b,c\n1,\"x,y\",2.5\n3,\"q\"\"z\",-4e2\n5,w,\n".utf8)
        let damaged = Generator<[UInt8], Shrink.None<[UInt8]>> { rng in
            var bytes = base
            for _ in 0..<Int.random(in: 1...5, using: &rng) {
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes[i] = Array(",\"\n\r9e.-x\0".utf8).randomElement(using: &rng)!
                case 1: bytes.remove(at: i)
                default: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: i)
                }
                if bytes.isEmpty { bytes = [10] }
            }
            return bytes
        }
        await propertyCheck(count: 2_000, input: damaged) { bytes in
            _ = try? CSVReader().read(string: String(decoding: bytes, as: UTF8.self), source: "damaged")
        }
    }
}

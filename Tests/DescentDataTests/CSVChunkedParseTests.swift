import Foundation
import DescentCore
import Testing
@_spi(Testing) @testable import DescentData

/// The chunked (parallel) parse of ``CSVReader`` against its one-thread parse, on many small
/// random files: the chunk threshold is lowered to zero so that every file is split.
@Suite struct CSVChunkedParseTests {
    static func cell(_ rng: inout SplitMix64, numericColumn: Bool) -> String {
        switch rng.below(numericColumn ? 12 : 16) {
        case 0: return ""
        case 1: return ["NA", "nan", "NULL", "-nan", "N/A"][rng.below(5)]
        case 2: return ["inf", "-Infinity", "NAN", "+nan"][rng.below(4)]
        case 3: return " \(rng.below(100)) "
        case 4: return String(format: "%.17g", Double(Int(rng.next() >> 33) - (1 << 30)) / 977)
        case 5: return "\(rng.below(1000))e-\(rng.below(30))"
        case 6...11: return String(Double(Int(rng.next() % 2_000_001) - 1_000_000) / 1000)
        case 12: return "x\(rng.below(5))"
        case 13: return "1.2.3"
        default: return "word \(rng.below(50))"
        }
    }

    static func randomFile(_ rng: inout SplitMix64) -> String {
        let width = 1 + rng.below(5)
        let numeric = (0..<width).map { _ in rng.below(3) != 0 }
        let lineEnd = rng.below(2) == 0 ? "\n" : "\r\n"
        var lines = [(0..<width).map { "c\($0)" }.joined(separator: ",")]
        for _ in 0..<rng.below(60) {
            if rng.below(15) == 0 { lines.append(""); continue }
            var cells = (0..<width).map { cell(&rng, numericColumn: numeric[$0]) }
            if rng.below(80) == 0 { cells.append("extra") }
            if rng.below(80) == 0 && cells.count > 1 { cells.removeLast() }
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: lineEnd) + (rng.below(2) == 0 ? lineEnd : "")
    }

    static func outcome(_ reader: CSVReader, _ text: String) -> Result<Table, CSVError> {
        do throws(CSVError) { return .success(try reader.read(string: text, source: "r.csv")) } catch { return .failure(error) }
    }

    static func expectEqual(_ a: Result<Table, CSVError>, _ b: Result<Table, CSVError>, _ text: String) {
        switch (a, b) {
        case (.failure(let x), .failure(let y)): #expect(x == y, "\(text.debugDescription)")
        case (.success(let x), .success(let y)):
            #expect(x.rowCount == y.rowCount && x.columnNames == y.columnNames, "\(text.debugDescription)")
            for (p, s) in zip(x.columns, y.columns) {
                #expect(p.type == s.type && p.missing == s.missing && p.missingCount == s.missingCount, "\(p.name) in \(text.debugDescription)")
                switch (p.storage, s.storage) {
                case (.numbers(let u), .numbers(let v)): #expect(u.map(\.bitPattern) == v.map(\.bitPattern), "\(p.name)")
                case (.strings(let u), .strings(let v)): #expect(u == v, "\(p.name)")
                default: Issue.record("storage differs for \(p.name) in \(text.debugDescription)")
                }
            }
        default: Issue.record("one parse failed, the other not: \(a) vs \(b) for \(text.debugDescription)")
        }
    }

    @Test func chunkedParseEqualsOneThread() {
        var rng = SplitMix64(seed: 5)
        var chunked = CSVReader()
        chunked.parallelThreshold = 0
        for _ in 0..<400 {
            let text = Self.randomFile(&rng)
            Self.expectEqual(Self.outcome(chunked, text), Self.outcome(CSVReader(), text), text)
            // Selected columns and forced types take the same paths.
            let selected = CSVReader(typeOverrides: ["c0": .numeric], selectedColumns: ["c0"])
            var selectedChunked = selected
            selectedChunked.parallelThreshold = 0
            Self.expectEqual(Self.outcome(selectedChunked, text), Self.outcome(selected, text), text)
        }
    }

    @Test func numbersAreCorrectlyRoundedAndNaNSpellingsAreTextInTextColumns() throws {
        let table = try CSVReader().read(string: "x,t\n0.41968777667720514,NAN\n2.2250738585072011e-308,word\n1e400,+nan\n")
        #expect(table["x"]?.presentNumbers().map(\.bitPattern) == [0.41968777667720514, Double(bitPattern: 0x000F_FFFF_FFFF_FFFF), .infinity].map(\.bitPattern))
        // A NaN spelling that is not a missing token is a value of a text column, wherever it is.
        #expect(table["t"]?.type == .categorical)
        #expect(table["t"]?.presentStrings() == ["NAN", "word", "+nan"])
        #expect(table["t"]?.missingCount == 0)
    }

    @Test func aColumnSelectedTwiceIsReadOnce() throws {
        let table = try CSVReader(selectedColumns: ["b", "a", "b"]).read(string: "a,b\n1,x\n2,y\n")
        #expect(table.columnNames == ["b", "a", "b"])
        #expect(table.columns[2].presentStrings() == ["x", "y"])
    }
}

extension CSVChunkedParseTests {
    @Test func readNumbersIsATypedRead() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("numbers-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try "id,v,w\na,1.5,x\nb,NA,y\nc,-2e3,z\n".write(to: url, atomically: true, encoding: .utf8)
        let columns = try CSVReader().readNumbers(path: url.path, columns: ["v"])
        #expect(columns.map(\.name) == ["v"] && columns[0].type == .numeric)
        #expect(columns[0].presentNumbers() == [1.5, -2000] && columns[0].missing == [false, true, false])
        #expect(throws: CSVError(source: url.path, line: 2, column: "w", reason: "not a number: \"x\"")) {
            try CSVReader().readNumbers(path: url.path, columns: ["v", "w"])
        }
        #expect(throws: CSVError(source: url.path, column: "u", reason: "no such column (columns: id, v, w)")) {
            try CSVReader().readNumbers(path: url.path, columns: ["u"])
        }
    }
}

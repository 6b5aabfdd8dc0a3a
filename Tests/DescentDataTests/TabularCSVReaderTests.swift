import Foundation
import Testing
@testable import DescentData

@Suite struct TabularCSVReaderTests {
    @Test func infersNumericCategoricalAndTextAndKeepsMissing() throws {
        var lines = ["id,score,city,comment"]
        for i in 0..<30 {
            let score = i == 3 ? "NA" : (i == 4 ? "" : "\(Double(i) * 0.5)")
            let city = ["Paris", "Lyon", "Nice"][i % 3]
            lines.append("\(i),\(score),\(city),\"free text number \(i), with a comma\"")
        }
        let table = try CSVReader().read(string: lines.joined(separator: "\n"), source: "t.csv")
        #expect(table.rowCount == 30)
        #expect(table.columnNames == ["id", "score", "city", "comment"])
        let score = try #require(table["score"])
        #expect(score.type == .numeric)
        #expect(score.missingCount == 2)
        #expect(score[3] == nil && score[4] == nil)
        #expect(score[5] == .number(2.5))
        #expect(score.presentNumbers().count == 28)
        #expect(table["city"]?.type == .categorical)
        #expect(table["comment"]?.type == .text)
        #expect(table["comment"]?[0] == .string("free text number 0, with a comma"))
    }

    @Test func quotedFieldsEscapesCRLFAndBlankLines() throws {
        let text = "\u{FEFF}a,b\r\n\"x \"\"q\"\"\",1\r\n\r\n\"multi\nline\",2\r\n"
        let table = try CSVReader().read(string: text)
        #expect(table.rowCount == 2)
        #expect(table["a"]?[0] == .string("x \"q\""))
        #expect(table["a"]?[1] == .string("multi\nline"))
        #expect(table["b"]?.type == .numeric)
    }

    /// Classic Mac OS files end lines with a bare `\r`; pandas reads them (a `\r` inside quotes
    /// stays in the cell), and so does the reader, from memory and from a file, with the right lines in errors.
    @Test func bareCarriageReturnLineEndsReadAsPandasReadsThem() throws {
        let text = "a,b\r1,2\r\r\"x\ry\",4\r\"p\nq\",5\r\n"
        let path = DataFixtures.write(text, name: "classic-mac.csv")
        for table in [try CSVReader().read(string: text), try CSVReader().read(path: path)] {
            #expect(table.rowCount == 3)
            #expect(table["a"]?[0] == .string("1") && table["a"]?[1] == .string("x\ry") && table["a"]?[2] == .string("p\nq"))
            #expect(table["b"]?.presentNumbers() == [2, 4, 5])
        }
        #expect(try Dataset.csv(path: path, label: "b").dataset.count == 3)
        #expect(throws: CSVError(source: "m.csv", line: 3, reason: "expected 2 fields, found 1")) {
            try CSVReader().read(string: "a,b\r1,2\r3\r", source: "m.csv")
        }
        // In a file with \n line ends, a \r in quotes stays in the cell, as before.
        #expect(try CSVReader().read(string: "a,b\r\n\"x\ry\",1").rowCount == 1)
    }

    @Test func infinityIsAValueAndNaNIsMissing() throws {
        let table = try CSVReader().read(string: "v\n1\ninf\n-inf\nnan\nNaN\n2e3")
        let v = try #require(table["v"])
        #expect(v.type == .numeric)
        #expect(v.missingCount == 2)
        #expect(v.presentNumbers() == [1, .infinity, -.infinity, 2000])
    }

    @Test func overridesTypes() throws {
        let reader = CSVReader(typeOverrides: ["code": .categorical])
        let table = try reader.read(string: "code,x\n1,a\n2,b\n1,c")
        #expect(table["code"]?.type == .categorical)
        #expect(table["code"]?.presentStrings() == ["1", "2", "1"])
        do {
            _ = try CSVReader(typeOverrides: ["x": .numeric]).read(string: "code,x\n1,a\n2,b", source: "f.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "f.csv:2: column 'x': not a number: \"a\"")
        }
    }

    @Test func oneLineErrorsNameFileLineAndColumn() {
        #expect(throws: CSVError(source: "e.csv", reason: "empty file (no header row)")) {
            try CSVReader().read(string: "", source: "e.csv")
        }
        #expect(throws: CSVError(source: "r.csv", line: 3, reason: "expected 2 fields, found 3")) {
            try CSVReader().read(string: "a,b\n1,2\n1,2,3\n", source: "r.csv")
        }
        #expect(throws: CSVError(source: "d.csv", line: 1, column: "a", reason: "duplicate column name")) {
            try CSVReader().read(string: "a,a\n1,2\n", source: "d.csv")
        }
        #expect(throws: CSVError(source: "q.csv", line: 2, reason: "unterminated quoted field")) {
            try CSVReader().read(string: "a\n\"abc\n", source: "q.csv")
        }
        #expect(throws: CSVError(source: "/nonexistent/x.csv", reason: "no such file")) {
            try CSVReader().read(path: "/nonexistent/x.csv")
        }
    }

    @Test func selectsColumnsAndReportsMissingOnes() throws {
        let table = try CSVReader(selectedColumns: ["b"]).read(string: "a,b\n1,2\n")
        #expect(table.columnNames == ["b"])
        #expect(throws: CSVError.self) { try CSVReader(selectedColumns: ["z"]).read(string: "a,b\n1,2\n") }
    }

    @Test func headerOnlyGivesZeroRows() throws {
        let table = try CSVReader().read(string: "a,b\n")
        #expect(table.rowCount == 0)
        #expect(table.columns.count == 2)
    }

    @Test func fastNumberPathAgreesWithTheGeneralParser() {
        var state: UInt64 = 12345
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state }
        var texts = ["0", "-0", "1", "007", "1.5", "-2.25e3", "1e22", "1e23", "123456789012345678", "0.1", "3.14159",
                     "9007199254740993", "1e-22", "2.5E-5", "+4", ".5", "5.", "1e", "--1", "1.2.3", "e5"]
        for _ in 0..<2000 {
            let bits = next()
            let x = Double(Int64(bitPattern: bits) % 1_000_000_000) / pow(10, Double(bits % 12))
            texts.append(String(format: "%.6g", x))
            texts.append(String(format: "%.17g", x))
            texts.append(String(x))
        }
        for t in texts {
            let bytes = Array(t.utf8)
            let fast = bytes.withUnsafeBufferPointer { CSVReader.fastNumber($0, 0, $0.count) }
            if let fast {
                #expect(fast.bitPattern == Double(t)?.bitPattern, "\(t)")
            }
        }
        #expect(Array("1.5".utf8).withUnsafeBufferPointer { CSVReader.fastNumber($0, 0, 3) } == 1.5)
    }

    @Test func trailingEmptyFieldsAndSpacesAndSemicolons() throws {
        let table = try CSVReader().read(string: "a,b,c\r\n1, 2 ,\r\n3,NA,x\r\n 4 ,5,\r\n")
        #expect(table.rowCount == 3)
        #expect(table["a"]?.presentNumbers() == [1, 3, 4])
        #expect(table["b"]?.presentNumbers() == [2, 5])
        #expect(table["b"]?.missingCount == 1)
        let c = try #require(table["c"])
        #expect(c.type == .categorical)
        #expect(c.missingCount == 2)
        #expect(c[1] == .string("x"))
        let semicolons = try CSVReader(delimiter: ";").read(string: "x;y\n\"1,5\";2\n")
        #expect(semicolons["x"]?.type == .categorical)
        #expect(semicolons["x"]?[0] == .string("1,5"))
        #expect(semicolons["y"]?[0] == .number(2))
    }

    @Test func columnTypesCarryOverToASecondFile() throws {
        let first = try CSVReader().read(string: "code,v\n1,2\n2,3\n")
        var types = first.columnTypes
        types["code"] = .categorical
        let second = try CSVReader(typeOverrides: types).read(string: "code,v\n3,4\n")
        #expect(second["code"]?.type == .categorical)
        #expect(second["v"]?.type == .numeric)
    }

    /// Files over 1 MB without quotes are parsed in parallel chunks; the result must equal the
    /// sequential parse (forced here by one quoted field in an extra last row).
    @Test func parallelChunksEqualTheSequentialParse() throws {
        var lines = ["a,b,c,d,label"]
        var state: UInt64 = 99
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 33 }
        for r in 0..<50_000 {
            let a = r % 97 == 0 ? "NA" : String(Double(next() % 100_000) / 1000)
            let b = r % 13 == 0 ? "" : String(Int(next() % 1000) - 500)
            let c = String(format: "%.6g", Double(next()) / 1e7)
            let d = r % 1000 == 0 ? "inf" : "\(next() % 7)"
            let label = ["red", "green", "blue"][Int(next() % 3)]
            lines.append([a, b, c, d, label].joined(separator: ","))
            if r % 5000 == 0 { lines.append("") }
        }
        let text = lines.joined(separator: "\r\n") + "\r\n"
        #expect(text.utf8.count > 1 << 20)
        let parallel = try CSVReader().read(string: text, source: "p.csv")
        let sequential = try CSVReader().read(string: text + "1,2,3,4,\"quoted\"\r\n", source: "s.csv")
        #expect(parallel.rowCount == 50_000)
        #expect(sequential.rowCount == 50_001)
        for (p, s) in zip(parallel.columns, sequential.columns) {
            #expect(p.name == s.name && p.type == s.type)
            #expect(p.missing == Array(s.missing.prefix(50_000)))
            switch (p.storage, s.storage) {
            case (.numbers(let x), .numbers(let y)): #expect(x == Array(y.prefix(50_000)))
            case (.strings(let x), .strings(let y)): #expect(x == Array(y.prefix(50_000)))
            default: Issue.record("storage differs for \(p.name)")
            }
        }
        // Errors in a later chunk still name the right line.
        let bad = text + "1,2,3\r\n"
        #expect(throws: CSVError(source: "b.csv", line: lines.count + 1, reason: "expected 5 fields, found 3")) {
            try CSVReader().read(string: bad, source: "b.csv")
        }
    }
}

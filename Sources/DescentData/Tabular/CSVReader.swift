import Foundation

/// Reads CSV text into a typed ``Table``: RFC 4180 quoting, a header row, column types
/// inferred (numeric, categorical, text) or overridden, missing cells kept as missing.
///
/// Rules, chosen to match pandas' `read_csv` defaults where a user would notice:
/// - the first record is the header; empty names become `Unnamed: i` (0-based), duplicates are an error;
/// - blank lines are skipped; `\r\n` and `\n` line ends; a leading UTF-8 byte-order mark is ignored;
/// - a cell is missing when its text (spaces trimmed) is one of ``defaultMissingTokens``
///   (pandas' default `na_values`: `""`, `NA`, `NaN`, `null`, `None`, ...);
/// - a column is numeric when every present cell parses as a decimal number; `inf`, `-inf`
///   and `infinity` parse as infinities and stay values (the drift tests report them);
/// - other columns are text when values are long (mean length ≥ 30) or mostly unique
///   (more than 20 distinct values and more than half the present cells distinct), else categorical.
///
/// Errors are one line naming the file, the line and the column (see ``CSVError``).
public struct CSVReader: Sendable {
    /// pandas' default missing-value tokens.
    public static let defaultMissingTokens: Set<String> = [
        "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
        "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
    ]

    /// Field separator (one ASCII character).
    public var delimiter: UInt8
    /// Cell texts that mean "missing".
    public var missingTokens: Set<String>
    /// Forced column types by column name; other columns are inferred.
    public var typeOverrides: [String: ColumnType]
    /// When set, only these columns are materialised (in this order); a missing one is an error.
    public var selectedColumns: [String]?

    /// Creates a reader.
    public init(
        delimiter: Character = ",",
        typeOverrides: [String: ColumnType] = [:],
        selectedColumns: [String]? = nil,
        missingTokens: Set<String> = CSVReader.defaultMissingTokens
    ) {
        precondition(delimiter.isASCII && delimiter != "\"" && delimiter != "\n", "delimiter must be one ASCII character")
        self.delimiter = delimiter.asciiValue!
        self.typeOverrides = typeOverrides
        self.selectedColumns = selectedColumns
        self.missingTokens = missingTokens
    }

    /// Reads the CSV file at `path`.
    public func read(path: String) throws(CSVError) -> Table {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
                throw CSVError(source: path, reason: isDir.boolValue ? "is a directory, not a CSV file" : "cannot read file")
            }
            throw CSVError(source: path, reason: "no such file")
        }
        return try parse(Array(data), source: path)
    }

    /// Reads the CSV file at a file URL.
    public func read(url: URL) throws(CSVError) -> Table {
        try read(path: url.path)
    }

    /// Reads CSV text held in memory; `source` names it in error messages.
    public func read(string: String, source: String = "<string>") throws(CSVError) -> Table {
        try parse(Array(string.utf8), source: source)
    }

    // MARK: - Parsing

    private struct Fields {
        var starts: [Int] = []
        var ends: [Int] = []
        var escaped: [Bool] = []  // quoted field containing "" escapes
        var recordLines: [Int] = []  // 1-based line of each record's start
        var width = 0
    }

    func parse(_ bytes: [UInt8], source: String) throws(CSVError) -> Table {
        let fields = try bytes.withUnsafeBufferPointer { buf throws(CSVError) in try tokenize(buf, source: source) }
        guard fields.width > 0, !fields.recordLines.isEmpty else {
            throw CSVError(source: source, reason: "empty file (no header row)")
        }
        let width = fields.width
        let rows = fields.recordLines.count - 1

        // Header.
        var names = [String]()
        var seen = Set<String>()
        for c in 0..<width {
            var name = bytes.withUnsafeBufferPointer { text(of: c, in: fields, bytes: $0) }
                .trimmingCharacters(in: .whitespaces)
            if name.isEmpty { name = "Unnamed: \(c)" }
            if !seen.insert(name).inserted {
                throw CSVError(source: source, line: fields.recordLines[0], column: name, reason: "duplicate column name")
            }
            names.append(name)
        }
        for name in typeOverrides.keys where !seen.contains(name) {
            throw CSVError(source: source, column: name, reason: "type override for a column that is not in the file")
        }
        let wanted: [Int]
        if let selectedColumns {
            wanted = try selectedColumns.map { (name: String) throws(CSVError) -> Int in
                guard let i = names.firstIndex(of: name) else {
                    throw CSVError(source: source, column: name, reason: "no such column (columns: \(names.joined(separator: ", ")))")
                }
                return i
            }
        } else {
            wanted = Array(0..<width)
        }

        // Columns, built in parallel.
        let missingByLength = Dictionary(grouping: missingTokens.map { Array($0.utf8) }, by: \.count)
        let results = ResultBox(count: wanted.count)
        let headerNames = names
        bytes.withUnsafeBufferPointer { raw in
            let buf = SendableBuffer(raw)
            DispatchQueue.concurrentPerform(iterations: wanted.count) { k in
                let c = wanted[k]
                results.set(k, buildColumn(
                    c, name: headerNames[c], rows: rows, fields: fields, bytes: buf.base,
                    missingByLength: missingByLength, source: source))
            }
        }
        var columns = [Column]()
        columns.reserveCapacity(wanted.count)
        for k in 0..<wanted.count {
            switch results.get(k) {
            case .success(let col): columns.append(col)
            case .failure(let err): throw err
            }
        }
        return Table(columns: columns, source: source)
    }

    private func tokenize(_ b: UnsafeBufferPointer<UInt8>, source: String) throws(CSVError) -> Fields {
        let n = b.count
        let quote = UInt8(ascii: "\""), nl = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        let delim = delimiter
        var f = Fields()
        var i = 0
        if n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { i = 3 }
        var line = 1
        var recStarts = [Int](), recEnds = [Int](), recEsc = [Bool]()
        while i < n {
            let recordLine = line
            recStarts.removeAll(keepingCapacity: true)
            recEnds.removeAll(keepingCapacity: true)
            recEsc.removeAll(keepingCapacity: true)
            var endOfRecord = false
            while !endOfRecord {
                var fs: Int, fe: Int, esc = false
                if i < n && b[i] == quote {
                    i &+= 1
                    fs = i
                    while true {
                        if i >= n {
                            throw CSVError(source: source, line: recordLine, reason: "unterminated quoted field")
                        }
                        let ch = b[i]
                        if ch == quote {
                            if i &+ 1 < n && b[i &+ 1] == quote { esc = true; i &+= 2; continue }
                            break
                        }
                        if ch == nl { line &+= 1 }
                        i &+= 1
                    }
                    fe = i
                    i &+= 1
                    if i < n && b[i] != delim && b[i] != nl && b[i] != cr {
                        throw CSVError(source: source, line: line, reason: "unexpected character after a closing quote")
                    }
                } else {
                    fs = i
                    while i < n {
                        let ch = b[i]
                        if ch == delim || ch == nl { break }
                        i &+= 1
                    }
                    fe = i
                    if fe > fs && b[fe &- 1] == cr { fe &-= 1 }
                }
                recStarts.append(fs)
                recEnds.append(fe)
                recEsc.append(esc)
                if i < n && b[i] == delim {
                    i &+= 1
                    if i >= n { recStarts.append(i); recEnds.append(i); recEsc.append(false); endOfRecord = true }
                } else {
                    if i < n && b[i] == cr { i &+= 1 }
                    if i < n && b[i] == nl { i &+= 1; line &+= 1 }
                    endOfRecord = true
                }
            }
            // Skip blank lines.
            if recStarts.count == 1 && recStarts[0] == recEnds[0] && !(recStarts[0] > 0 && b[recStarts[0] &- 1] == quote) {
                continue
            }
            if f.recordLines.isEmpty {
                f.width = recStarts.count
                let guess = max(16, n / max(1, 8 * f.width))
                f.starts.reserveCapacity(guess * f.width)
                f.ends.reserveCapacity(guess * f.width)
                f.escaped.reserveCapacity(guess * f.width)
            } else if recStarts.count != f.width {
                throw CSVError(source: source, line: recordLine, reason: "expected \(f.width) fields, found \(recStarts.count)")
            }
            f.recordLines.append(recordLine)
            f.starts.append(contentsOf: recStarts)
            f.ends.append(contentsOf: recEnds)
            f.escaped.append(contentsOf: recEsc)
        }
        return f
    }

    private func text(of index: Int, in f: Fields, bytes: UnsafeBufferPointer<UInt8>) -> String {
        let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[f.starts[index]..<f.ends[index]]), as: UTF8.self)
        return f.escaped[index] ? s.replacingOccurrences(of: "\"\"", with: "\"") : s
    }

    private func buildColumn(
        _ c: Int, name: String, rows: Int, fields f: Fields, bytes: UnsafeBufferPointer<UInt8>,
        missingByLength: [Int: [[UInt8]]], source: String
    ) -> Result<Column, CSVError> {
        let width = f.width
        var missing = [Bool](repeating: false, count: rows)
        var nMissing = 0
        // Trimmed byte range of each cell, and whether it is missing.
        var lo = [Int](repeating: 0, count: rows), hi = [Int](repeating: 0, count: rows)
        for r in 0..<rows {
            let idx = (r &+ 1) &* width &+ c
            var s = f.starts[idx], e = f.ends[idx]
            while s < e && (bytes[s] == 0x20 || bytes[s] == 0x09) { s &+= 1 }
            while e > s && (bytes[e &- 1] == 0x20 || bytes[e &- 1] == 0x09) { e &-= 1 }
            lo[r] = s; hi[r] = e
            if let candidates = missingByLength[e &- s] {
                for tok in candidates where tok.elementsEqual(UnsafeBufferPointer(rebasing: bytes[s..<e])) {
                    missing[r] = true; nMissing &+= 1; break
                }
            }
        }
        let override = typeOverrides[name]
        if override == nil || override == .numeric {
            var values = [Double](repeating: 0, count: rows)
            var failedRow: Int? = nil
            withUnsafeTemporaryAllocation(of: CChar.self, capacity: 72) { tmp in
                for r in 0..<rows where !missing[r] {
                    guard let v = Self.parseNumber(bytes, lo[r], hi[r], tmp) else { failedRow = r; break }
                    if v.isNaN { missing[r] = true; nMissing &+= 1 } else { values[r] = v }
                }
            }
            if let r = failedRow {
                if override == .numeric {
                    let cell = text(of: (r + 1) * width + c, in: f, bytes: bytes)
                    return .failure(CSVError(source: source, line: f.recordLines[r + 1], column: name,
                                             reason: "not a number: \"\(cell.prefix(40))\""))
                }
            } else {
                return .success(Column(name: name, type: .numeric, storage: .numbers(values), missing: missing, missingCount: nMissing))
            }
        }
        var strings = [String](repeating: "", count: rows)
        var distinct = Set<String>()
        var totalLength = 0
        for r in 0..<rows where !missing[r] {
            let idx = (r &+ 1) &* width &+ c
            let s = text(of: idx, in: f, bytes: bytes)
            strings[r] = s
            totalLength &+= s.count
            if distinct.count <= rows { distinct.insert(s) }
        }
        let type: ColumnType
        if let override {
            type = override
        } else {
            let present = rows - nMissing
            let meanLength = present > 0 ? Double(totalLength) / Double(present) : 0
            type = (meanLength >= 30 || (distinct.count > 20 && 2 * distinct.count > present)) ? .text : .categorical
        }
        return .success(Column(name: name, type: type, storage: .strings(strings), missing: missing, missingCount: nMissing))
    }

    /// Parses a decimal number (optional sign, digits, point, exponent; or inf/infinity).
    /// Returns nil when the text is not a number; NaN for "nan" spellings.
    static func parseNumber(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, _ tmp: UnsafeMutableBufferPointer<CChar>) -> Double? {
        let len = e - s
        if len <= 0 || len >= tmp.count { return len >= tmp.count ? slowParse(b, s, e) : nil }
        var sawDigitOrAlpha = false
        for i in s..<e {
            let ch = b[i]
            switch ch {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigitOrAlpha = true
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): break
            case UInt8(ascii: "i"), UInt8(ascii: "I"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "f"), UInt8(ascii: "F"),
                 UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "a"), UInt8(ascii: "A"):
                sawDigitOrAlpha = true
            default: return nil
            }
            tmp[i - s] = CChar(bitPattern: ch)
        }
        if !sawDigitOrAlpha { return nil }
        tmp[len] = 0
        var end: UnsafeMutablePointer<CChar>? = nil
        let v = strtod(tmp.baseAddress!, &end)
        guard let end, end - tmp.baseAddress! == len else { return nil }
        return v
    }

    private static func slowParse(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Double? {
        let str = String(decoding: UnsafeBufferPointer(rebasing: b[s..<e]), as: UTF8.self)
        guard str.allSatisfy({ $0.isNumber || "+-.eE".contains($0) }) else { return nil }
        return Double(str)
    }
}

/// Write-once slots filled from `concurrentPerform`; each index is written by one thread only.
private final class ResultBox: @unchecked Sendable {
    private var slots: [Result<Column, CSVError>?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: Result<Column, CSVError>) { lock.lock(); slots[i] = r; lock.unlock() }
    func get(_ i: Int) -> Result<Column, CSVError> { lock.lock(); defer { lock.unlock() }; return slots[i]! }
}

/// An immutable byte buffer shared read-only across worker threads for the duration of a call.
private struct SendableBuffer: @unchecked Sendable {
    let base: UnsafeBufferPointer<UInt8>
    init(_ base: UnsafeBufferPointer<UInt8>) { self.base = base }
}

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
        // Memory-mapped: cells are copied into the table, so nothing refers to the file afterwards.
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
                throw CSVError(source: path, reason: isDir.boolValue ? "is a directory, not a CSV file" : "cannot read file")
            }
            throw CSVError(source: path, reason: "no such file")
        }
        let result: Result<Table, CSVError> = data.withUnsafeBytes { raw in
            do throws(CSVError) {
                return .success(try parse(raw.bindMemory(to: UInt8.self), source: path))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Reads the CSV file at a file URL.
    public func read(url: URL) throws(CSVError) -> Table {
        try read(path: url.path)
    }

    /// Reads CSV text held in memory; `source` names it in error messages.
    public func read(string: String, source: String = "<string>") throws(CSVError) -> Table {
        try Array(string.utf8).withUnsafeBufferPointer { buf throws(CSVError) in try parse(buf, source: source) }
    }

    /// Why `bytes` look like UTF-16 rather than UTF-8 (a byte-order mark FF FE or FE FF, or
    /// NUL bytes in at least a quarter of the first kilobyte), or nil.
    static func utf16Problem<Bytes: Collection>(_ bytes: Bytes) -> String? where Bytes.Element == UInt8 {
        let head = Array(bytes.prefix(1024))
        let advice = "the file must be UTF-8 (convert it with: iconv -f UTF-16 -t UTF-8)"
        if head.count >= 2 && (head[0], head[1]) == (0xFF, 0xFE) { return "the file is UTF-16 (little-endian byte-order mark FF FE); \(advice)" }
        if head.count >= 2 && (head[0], head[1]) == (0xFE, 0xFF) { return "the file is UTF-16 (big-endian byte-order mark FE FF); \(advice)" }
        let nuls = head.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
        if nuls >= 2 && nuls * 4 >= head.count { return "the file is UTF-16 (\(nuls) NUL bytes in its first \(head.count) bytes); \(advice)" }
        return nil
    }

    // MARK: - Parsing

    /// Field locations, column-major: `cells[c * capacity + r]` packs (escaped << 63 | start << 32 | end).
    private final class Fields: @unchecked Sendable {
        var header: [(start: Int, end: Int, escaped: Bool)] = []
        var headerLine = 1
        /// 1-based line where each data row starts.
        var recordLines: UnsafeMutableBufferPointer<Int32> = .init(start: nil, count: 0)
        var rows = 0
        var width = 0
        var capacity = 0
        var cells: UnsafeMutableBufferPointer<UInt64> = .init(start: nil, count: 0)
        /// Numbers parsed while tokenizing (row order, so the file is read once, front to back).
        var numbers: UnsafeMutableBufferPointer<Double> = .init(start: nil, count: 0)
        var missing: UnsafeMutableBufferPointer<Bool> = .init(start: nil, count: 0)
        var missingCount: [Int] = []
        /// Whether every present cell of the column parsed as a number so far, else the first failing row.
        var firstNonNumericRow: [Int?] = []
        deinit { cells.deallocate(); numbers.deallocate(); missing.deallocate(); recordLines.deallocate() }
        @inline(__always) func start(_ c: Int, _ r: Int) -> Int { Int((cells[c &* capacity &+ r] >> 32) & 0x7FFF_FFFF) }
        @inline(__always) func end(_ c: Int, _ r: Int) -> Int { Int(cells[c &* capacity &+ r] & 0xFFFF_FFFF) }
        @inline(__always) func escaped(_ c: Int, _ r: Int) -> Bool { cells[c &* capacity &+ r] >> 63 != 0 }
    }

    func parse(_ bytes: UnsafeBufferPointer<UInt8>, source: String) throws(CSVError) -> Table {
        guard bytes.count < Int(Int32.max) else { throw CSVError(source: source, reason: "file too large (over 2 GB)") }
        let missingByLength = Dictionary(grouping: missingTokens.map { Array($0.utf8) }, by: \.count)
        let fields = try tokenize(bytes, source: source, missingByLength: missingByLength)
        guard fields.width > 0 else {
            throw CSVError(source: source, reason: "empty file (no header row)")
        }
        let width = fields.width
        let rows = fields.rows

        // Header.
        var names = [String]()
        var seen = Set<String>()
        for c in 0..<width {
            let h = fields.header[c]
            var name = Self.text(h.start, h.end, h.escaped, bytes)
                .trimmingCharacters(in: .whitespaces)
            if name.isEmpty { name = "Unnamed: \(c)" }
            if !seen.insert(name).inserted {
                throw CSVError(source: source, line: fields.headerLine, column: name, reason: "duplicate column name")
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
        let results = ResultBox(count: wanted.count)
        let headerNames = names
        let buf = SendableBuffer(bytes)
        DispatchQueue.concurrentPerform(iterations: wanted.count) { k in
            let c = wanted[k]
            results.set(k, buildColumn(c, name: headerNames[c], rows: rows, fields: fields, bytes: buf.base, source: source))
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

    /// Per-range results merged after parallel parsing.
    private struct RangeState {
        var rows = 0
        var missingCount: [Int]
        var firstNonNumericRow: [Int?]
        init(width: Int) {
            missingCount = [Int](repeating: 0, count: width)
            firstNonNumericRow = [Int?](repeating: nil, count: width)
        }
    }

    private func tokenize(_ b: UnsafeBufferPointer<UInt8>, source: String, missingByLength: [Int: [[UInt8]]]) throws(CSVError) -> Fields {
        let n = b.count
        let quote = UInt8(ascii: "\""), nl = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        if let problem = CSVReader.utf16Problem(b) { throw CSVError(source: source, reason: problem) }
        let f = Fields()
        var i = 0
        if n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { i = 3 }
        var newlines = 0
        var quotes = false
        for k in i..<n {
            let ch = b[k]
            // A bare \r ends a record too (after a quoted field), so it counts as a line end.
            if ch == nl || (ch == cr && (k &+ 1 == n || b[k &+ 1] != nl)) { newlines &+= 1 } else if ch == quote { quotes = true }
        }
        // Header: the first non-blank record.
        var line = 1
        while i < n {
            if b[i] == nl { i &+= 1; line &+= 1; continue }
            if b[i] == cr && i &+ 1 < n && b[i &+ 1] == nl { i &+= 2; line &+= 1; continue }
            break
        }
        guard i < n else { return f }
        f.headerLine = line
        while true {
            let (fs, fe, esc, next, lines) = try Self.field(b, at: i, delimiter: delimiter, source: source, line: line)
            line &+= lines
            f.header.append((fs, fe, esc))
            i = next
            if i < n && b[i] == delimiter {
                i &+= 1
                if i >= n { f.header.append((i, i, false)); break }
            } else {
                if i < n && b[i] == cr { i &+= 1 }
                if i < n && b[i] == nl { i &+= 1; line &+= 1 }
                break
            }
        }
        f.width = f.header.count
        f.capacity = max(1, newlines + 1)
        f.cells = .allocate(capacity: f.width * f.capacity)
        f.numbers = .allocate(capacity: f.width * f.capacity)
        f.numbers.initialize(repeating: 0)
        f.missing = .allocate(capacity: f.width * f.capacity)
        f.missing.initialize(repeating: false)
        f.recordLines = .allocate(capacity: f.capacity)
        let dataStart = i

        // Without quotes, records are lines: split the data into line-aligned chunks and parse
        // them in parallel (two passes: count rows per chunk, then fill each chunk's rows).
        let workers = ProcessInfo.processInfo.activeProcessorCount
        if !quotes && workers > 1 && n - dataStart > (1 << 20) {
            let chunkCount = workers * 4
            var bounds = [dataStart]
            for k in 1..<chunkCount {
                var p = max(bounds.last!, dataStart + (n - dataStart) * k / chunkCount)
                while p < n && b[p] != nl { p &+= 1 }
                if p < n { p &+= 1 }
                bounds.append(p)
            }
            bounds.append(n)
            // Pass 1: non-blank lines (rows) and newlines per chunk.
            let counts = Box<[(rows: Int, lines: Int)]>(Array(repeating: (0, 0), count: chunkCount))
            let shared = SendableBuffer(b)
            let bnds = bounds
            DispatchQueue.concurrentPerform(iterations: chunkCount) { k in
                let b = shared.base
                var rows = 0, lines = 0, lineHasContent = false
                var p = bnds[k]
                let end = bnds[k + 1]
                while p < end {
                    let ch = b[p]
                    if ch == nl {
                        lines &+= 1
                        if lineHasContent { rows &+= 1 }
                        lineHasContent = false
                    } else if ch != cr {
                        lineHasContent = true
                    } else if p &+ 1 < n && b[p &+ 1] != nl {
                        lineHasContent = true
                    }
                    p &+= 1
                }
                if lineHasContent { rows &+= 1 }
                counts.set(k, (rows, lines))
            }
            var firstRow = [Int](), firstLine = [Int]()
            var r = 0, l = line
            for k in 0..<chunkCount { firstRow.append(r); firstLine.append(l); r += counts.value[k].rows; l += counts.value[k].lines }
            // Pass 2: parse each chunk into its rows.
            let results = Box<[Result<RangeState, CSVError>?]>(Array(repeating: nil, count: chunkCount))
            let rowsStart = firstRow, linesStart = firstLine
            DispatchQueue.concurrentPerform(iterations: chunkCount) { k in
                var state = RangeState(width: f.width)
                do throws(CSVError) {
                    try parseRecords(shared.base, from: bnds[k], to: bnds[k + 1], firstRow: rowsStart[k], firstLine: linesStart[k],
                                     fields: f, state: &state, source: source, missingByLength: missingByLength)
                    results.set(k, .success(state))
                } catch {
                    results.set(k, .failure(error))
                }
            }
            f.missingCount = [Int](repeating: 0, count: f.width)
            f.firstNonNumericRow = [Int?](repeating: nil, count: f.width)
            for k in 0..<chunkCount {
                switch results.value[k]! {
                case .failure(let error): throw error
                case .success(let state):
                    for c in 0..<f.width {
                        f.missingCount[c] += state.missingCount[c]
                        if f.firstNonNumericRow[c] == nil { f.firstNonNumericRow[c] = state.firstNonNumericRow[c] }
                    }
                    f.rows += state.rows
                }
            }
            return f
        }
        var state = RangeState(width: f.width)
        try parseRecords(b, from: dataStart, to: n, firstRow: 0, firstLine: line, fields: f, state: &state,
                         source: source, missingByLength: missingByLength)
        f.missingCount = state.missingCount
        f.firstNonNumericRow = state.firstNonNumericRow
        f.rows = state.rows
        return f
    }

    /// One field starting at `i`: its byte range, whether it holds `""` escapes, the index after
    /// it, and how many newlines a quoted field spanned.
    @inline(__always)
    private static func field(_ b: UnsafeBufferPointer<UInt8>, at start: Int, delimiter delim: UInt8, source: String, line: Int)
        throws(CSVError) -> (Int, Int, Bool, Int, Int)
    {
        let n = b.count
        let quote = UInt8(ascii: "\""), nl = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var i = start
        var fs: Int, fe: Int, esc = false, lines = 0
        if i < n && b[i] == quote {
            i &+= 1
            fs = i
            while true {
                if i >= n { throw CSVError(source: source, line: line, reason: "unterminated quoted field") }
                let ch = b[i]
                if ch == quote {
                    if i &+ 1 < n && b[i &+ 1] == quote { esc = true; i &+= 2; continue }
                    break
                }
                if ch == nl { lines &+= 1 }
                i &+= 1
            }
            fe = i
            i &+= 1
            if i < n && b[i] != delim && b[i] != nl && b[i] != cr {
                throw CSVError(source: source, line: line + lines, reason: "unexpected character after a closing quote")
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
        return (fs, fe, esc, i, lines)
    }

    /// Parses the data records in bytes `from..<to` (which start and end at record boundaries)
    /// into rows `firstRow...`: field ranges, missing flags and numbers.
    private func parseRecords(_ b: UnsafeBufferPointer<UInt8>, from: Int, to n: Int, firstRow: Int, firstLine: Int,
                              fields f: Fields, state: inout RangeState, source: String,
                              missingByLength: [Int: [[UInt8]]]) throws(CSVError) {
        let nl = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        let delim = delimiter
        let lengthMask = missingByLength.keys.reduce(UInt64(0)) { $0 | ($1 < 64 ? 1 << UInt64($1) : 0) }
        let tokensByLength: [[[UInt8]]] = (0..<64).map { missingByLength[$0] ?? [] }
        let scratch = UnsafeMutableBufferPointer<CChar>.allocate(capacity: 72)
        defer { scratch.deallocate() }
        var i = from
        var line = firstLine
        var row = firstRow
        while i < n {
            // Skip blank lines.
            if b[i] == nl { i &+= 1; line &+= 1; continue }
            if b[i] == cr && i &+ 1 < n && b[i &+ 1] == nl { i &+= 2; line &+= 1; continue }
            let recordLine = line
            var field = 0
            var endOfRecord = false
            while !endOfRecord {
                let (fs, fe, esc, next, lines) = try Self.field(b, at: i, delimiter: delim, source: source, line: line)
                line &+= lines
                i = next
                if field >= f.width {
                    var extra = field + 1
                    while i < n && b[i] != nl { if b[i] == delim { extra += 1 }; i &+= 1 }
                    throw CSVError(source: source, line: recordLine, reason: "expected \(f.width) fields, found \(extra)")
                }
                let idx = field &* f.capacity &+ row
                f.cells[idx] = (esc ? 1 << 63 : 0) | (UInt64(fs) << 32) | UInt64(fe)
                // Trim, detect missing, parse numbers, while the bytes are in cache.
                var s = fs, e = fe
                while s < e && (b[s] == 0x20 || b[s] == 0x09) { s &+= 1 }
                while e > s && (b[e &- 1] == 0x20 || b[e &- 1] == 0x09) { e &-= 1 }
                let len = e &- s
                var isMissing = false
                if len < 64 && lengthMask & (1 << UInt64(len)) != 0 {
                    for tok in tokensByLength[len] where tok.elementsEqual(UnsafeBufferPointer(rebasing: b[s..<e])) {
                        isMissing = true; break
                    }
                }
                if !isMissing && state.firstNonNumericRow[field] == nil {
                    if let v = Self.fastNumber(b, s, e) ?? Self.parseNumber(b, s, e, scratch) {
                        if v.isNaN { isMissing = true } else { f.numbers[idx] = v }
                    } else {
                        state.firstNonNumericRow[field] = row
                    }
                }
                if isMissing { f.missing[idx] = true; state.missingCount[field] &+= 1 }
                field &+= 1
                if i < n && b[i] == delim {
                    i &+= 1
                    if i >= n || b[i] == nl || (b[i] == cr && (i &+ 1 >= n || b[i &+ 1] == nl)) {
                        // A trailing delimiter: one more, empty field.
                        if field >= f.width { throw CSVError(source: source, line: recordLine, reason: "expected \(f.width) fields, found \(field + 1)") }
                        let idx = field &* f.capacity &+ row
                        f.cells[idx] = (UInt64(i) << 32) | UInt64(i)
                        if lengthMask & 1 != 0 { f.missing[idx] = true; state.missingCount[field] &+= 1 }
                        else if state.firstNonNumericRow[field] == nil { state.firstNonNumericRow[field] = row }
                        field &+= 1
                        if i < n && b[i] == cr { i &+= 1 }
                        if i < n && b[i] == nl { i &+= 1; line &+= 1 }
                        endOfRecord = true
                    }
                } else {
                    if i < n && b[i] == cr { i &+= 1 }
                    if i < n && b[i] == nl { i &+= 1; line &+= 1 }
                    endOfRecord = true
                }
            }
            if field != f.width {
                throw CSVError(source: source, line: recordLine, reason: "expected \(f.width) fields, found \(field)")
            }
            f.recordLines[row] = Int32(truncatingIfNeeded: recordLine)
            row &+= 1
        }
        state.rows = row - firstRow
    }

    private static func text(_ s: Int, _ e: Int, _ escaped: Bool, _ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let str = String(decoding: UnsafeBufferPointer(rebasing: bytes[s..<e]), as: UTF8.self)
        return escaped ? str.replacingOccurrences(of: "\"\"", with: "\"") : str
    }

    private func buildColumn(
        _ c: Int, name: String, rows: Int, fields f: Fields, bytes: UnsafeBufferPointer<UInt8>, source: String
    ) -> Result<Column, CSVError> {
        let base = c * f.capacity
        let missing = Array(UnsafeBufferPointer(rebasing: f.missing[base..<(base + rows)]))
        let nMissing = f.missingCount[c]
        let override = typeOverrides[name]
        if override == nil || override == .numeric {
            if let r = f.firstNonNumericRow[c] {
                if override == .numeric {
                    let cell = Self.text(f.start(c, r), f.end(c, r), f.escaped(c, r), bytes)
                    return .failure(CSVError(source: source, line: Int(f.recordLines[r]), column: name,
                                             reason: "not a number: \"\(cell.prefix(40))\""))
                }
            } else {
                let values = Array(UnsafeBufferPointer(rebasing: f.numbers[base..<(base + rows)]))
                return .success(Column(name: name, type: .numeric, storage: .numbers(values), missing: missing, missingCount: nMissing))
            }
        }
        var strings = [String](repeating: "", count: rows)
        var distinct = Set<String>()
        var totalLength = 0
        for r in 0..<rows where !missing[r] {
            let s = Self.text(f.start(c, r), f.end(c, r), f.escaped(c, r), bytes)
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

    private static let powersOfTen: [Double] = (0...22).map { pow(10, Double($0)) }

    /// Clinger's fast path: plain decimals with at most 19 significant digits whose value is
    /// exactly representable after one multiplication or division by an exact power of ten.
    /// Returns nil when the text needs the general parser.
    @inline(__always)
    static func fastNumber(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Double? {
        var i = s
        guard i < e else { return nil }
        var negative = false
        if b[i] == UInt8(ascii: "-") { negative = true; i &+= 1 } else if b[i] == UInt8(ascii: "+") { i &+= 1 }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        var digits = 0
        while i < e, b[i] &- 48 < 10 {
            let d = UInt64(b[i] &- 48)
            if mantissa != 0 || d != 0 { significant &+= 1 }
            mantissa = mantissa &* 10 &+ d
            digits &+= 1; i &+= 1
        }
        if i < e && b[i] == UInt8(ascii: ".") {
            i &+= 1
            while i < e, b[i] &- 48 < 10 {
                let d = UInt64(b[i] &- 48)
                if mantissa != 0 || d != 0 { significant &+= 1 }
                mantissa = mantissa &* 10 &+ d
                exponent &-= 1
                digits &+= 1; i &+= 1
            }
        }
        guard digits > 0, significant <= 19 else { return nil }
        if i < e && (b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E")) {
            i &+= 1
            var expNegative = false
            if i < e && b[i] == UInt8(ascii: "-") { expNegative = true; i &+= 1 } else if i < e && b[i] == UInt8(ascii: "+") { i &+= 1 }
            var x = 0, expDigits = 0
            while i < e, b[i] &- 48 < 10, expDigits < 5 { x = x &* 10 &+ Int(b[i] &- 48); i &+= 1; expDigits &+= 1 }
            guard expDigits > 0 else { return nil }
            exponent &+= expNegative ? -x : x
        }
        guard i == e else { return nil }
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        guard mantissa < (1 << 53), exponent >= -22, exponent <= 22 else { return nil }
        var v = Double(mantissa)
        v = exponent < 0 ? v / powersOfTen[-exponent] : v * powersOfTen[exponent]
        return negative ? -v : v
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

/// A value shared by worker threads that each write their own index.
private final class Box<T>: @unchecked Sendable {
    var value: T
    private let lock = NSLock()
    init(_ value: T) { self.value = value }
    func set<E>(_ i: Int, _ e: E) where T == [E] { lock.lock(); value[i] = e; lock.unlock() }
}

/// An immutable byte buffer shared read-only across worker threads for the duration of a call.
private struct SendableBuffer: @unchecked Sendable {
    let base: UnsafeBufferPointer<UInt8>
    init(_ base: UnsafeBufferPointer<UInt8>) { self.base = base }
}

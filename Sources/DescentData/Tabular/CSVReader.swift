import Foundation

/// Reads CSV text into a typed ``Table``: RFC 4180 quoting, a header row, column types
/// inferred (numeric, categorical, text) or overridden, missing cells kept as missing.
///
/// Rules, chosen to match pandas' `read_csv` defaults where a user would notice:
/// - the first record is the header; empty names become `Unnamed: i` (0-based), duplicates are an error;
/// - blank lines are skipped; `\r\n` and `\n` line ends, and bare `\r` in a file whose header
///   ends that way (classic Mac OS, which pandas reads too); a leading UTF-8 byte-order mark is ignored;
/// - a cell is missing when its text (spaces trimmed) is one of ``defaultMissingTokens``
///   (pandas' default `na_values`: `""`, `NA`, `NaN`, `null`, `None`, ...);
/// - a column is numeric when every present cell parses as a decimal number (correctly
///   rounded, as `strtod`; see ``DecimalParser``); `inf`, `-inf` and `infinity` parse as
///   infinities and stay values (the drift tests report them); other NaN spellings (`NAN`,
///   `+nan`) are missing cells of a numeric column and plain values of a text column;
/// - other columns are text when values are long (mean length ≥ 30) or mostly unique
///   (more than 20 distinct values and more than half the present cells distinct), else categorical.
///
/// Errors are one line naming the file, the line and the column (see ``CSVError``).
///
/// Speed: numbers go straight from the file's bytes into each column's `[Double]`, with no
/// string per cell; large quote-free files are split into line-aligned chunks parsed on all
/// cores (``CSVRecordParser``), and only columns that turn out to hold text are read a second
/// time for their strings.
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
        if let file = MappedFile(path: path) {
            return try withExtendedLifetime(file) { () throws(CSVError) -> Table in try parse(file.bytes, source: path) }
        }
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

    /// A copy of `bytes` with every bare `\r` outside quotes made `\n`, when the file ends its
    /// lines that way (classic Mac OS): its first line end outside quotes is a `\r` not followed
    /// by `\n`. Nil for other files, found by reading the header line only.
    static func bareCarriageReturnsAsNewlines(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let cr = UInt8(ascii: "\r"), nl = UInt8(ascii: "\n"), quote = UInt8(ascii: "\"")
        var i = 0, quoted = false
        while i < bytes.count && (quoted || (bytes[i] != cr && bytes[i] != nl)) {
            if bytes[i] == quote { quoted.toggle() }
            i &+= 1
        }
        guard i + 1 < bytes.count, bytes[i] == cr, bytes[i + 1] != nl else { return nil }
        quoted = false
        return bytes.indices.map { k in
            let byte = bytes[k]
            if byte == quote { quoted.toggle() }
            return byte == cr && !quoted && (k + 1 == bytes.count || bytes[k + 1] != nl) ? nl : byte
        }
    }

    // MARK: - Parsing

    /// Data larger than this (in bytes) and free of quotes is split into line-aligned chunks
    /// parsed on all cores; smaller data, or data with quotes (a record may span lines), is
    /// parsed by one thread. Tests and the fuzz target lower it to exercise the chunked path
    /// on small inputs.
    @_spi(Testing) public var parallelThreshold = 1 << 20

    /// The number a cell's text (already trimmed) spells under the reader's rules, or nil:
    /// ``DecimalParser`` over the bytes. For the fuzz target, which checks it against `strtod`.
    @_spi(Testing) public static func number(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let base = bytes.baseAddress else { return nil }
        return DecimalParser.parse(base, 0, bytes.count)
    }

    func parse(_ bytes: UnsafeBufferPointer<UInt8>, source: String) throws(CSVError) -> Table {
        guard bytes.count < Int(Int32.max) else { throw CSVError(source: source, reason: "file too large (over 2 GB)") }
        if let problem = CSVReader.utf16Problem(bytes) { throw CSVError(source: source, reason: problem) }
        guard let translated = CSVReader.bareCarriageReturnsAsNewlines(bytes) else { return try parseRecords(bytes, source: source) }
        return try translated.withUnsafeBufferPointer { buffer throws(CSVError) in try parseRecords(buffer, source: source) }
    }

    /// ``parse(_:source:)`` of text whose line ends are `\n` or `\r\n`.
    private func parseRecords(_ bytes: UnsafeBufferPointer<UInt8>, source: String) throws(CSVError) -> Table {
        guard let b = bytes.baseAddress, let header = try Self.header(b, bytes.count, delimiter: delimiter, source: source) else {
            throw CSVError(source: source, reason: "empty file (no header row)")
        }
        let n = bytes.count
        let width = header.fields.count

        // Header.
        var names = [String]()
        var seen = Set<String>()
        for c in 0..<width {
            let h = header.fields[c]
            var name = Self.text(h.start, h.end, h.escaped, b).trimmingCharacters(in: .whitespaces)
            if name.isEmpty { name = "Unnamed: \(c)" }
            if !seen.insert(name).inserted {
                throw CSVError(source: source, line: header.line, column: name, reason: "duplicate column name")
            }
            names.append(name)
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
        for name in typeOverrides.keys where !seen.contains(name) {
            throw CSVError(source: source, column: name, reason: "type override for a column that is not in the file")
        }

        // The file columns read (each once, even if selected twice), and how.
        var read = [Int]()
        var slot = [Int](repeating: -1, count: width)
        for c in wanted where slot[c] < 0 { slot[c] = read.count; read.append(c) }
        let overrides = read.map { typeOverrides[names[$0]] }
        let parsesNumbers = overrides.map { $0 == nil || $0 == .numeric }
        let parser = CSVRecordParser(delimiter: delimiter, width: width, slot: slot, parsesNumbers: parsesNumbers,
                                     missingTokens: MissingTokenMatcher(missingTokens), source: source)

        // Records, parsed in chunks, then the text cells of the columns that need them.
        let shared = UncheckedSendable(bytes)
        let chunks = splitIntoChunks(b, n, dataStart: header.end, firstLine: header.endLine)
        let cells = CSVCellBuffers(capacity: chunks.last.map { $0.rowBase + $0.capacity } ?? 0, parsesNumbers: parsesNumbers)
        let parsed = Box<[Result<CSVChunkResult, CSVError>?]>(Array(repeating: nil, count: chunks.count))
        DispatchQueue.concurrentPerform(iterations: chunks.count) { k in
            do throws(CSVError) {
                parsed.set(k, .success(try parser.parse(shared.value.baseAddress!, chunks[k], into: cells)))
            } catch {
                parsed.set(k, .failure(error))
            }
        }
        var results = [CSVChunkResult]()
        for k in chunks.indices {
            switch parsed.value[k]! {
            case .failure(let error): throw error
            case .success(let r): results.append(r)
            }
        }
        let rows = results.reduce(0) { $0 + $1.rows }

        // A column stays numeric when no present cell failed to parse; else it is text, or
        // an error when the user forced it numeric.
        var kinds = [ColumnKind]()
        var textSlot = [Int](repeating: -1, count: width)
        var textColumns = 0
        for (k, c) in read.enumerated() {
            let failure = results.lazy.compactMap { $0.firstNonNumber[k] }.first
            if parsesNumbers[k] && failure == nil {
                kinds.append(.numbers(missingCount: results.reduce(0) { $0 + $1.missingCount[k] }))
            } else if let f = failure, overrides[k] == .numeric {
                let cell = Self.text(f.start, f.end, f.escaped, b)
                throw CSVError(source: source, line: f.line, column: names[c], reason: "not a number: \"\(cell.prefix(40))\"")
            } else {
                kinds.append(.text(textColumns))
                textSlot[c] = textColumns
                textColumns += 1
            }
        }
        let text = TextCells(count: textColumns * max(1, cells.capacity))
        let counts = results.map(\.rows)
        if textColumns > 0 {
            let textToRead = read.indices.filter { if case .text = kinds[$0] { return true } else { return false } }
            let slots = textSlot
            DispatchQueue.concurrentPerform(iterations: chunks.count) { k in
                parser.collectText(shared.value.baseAddress!, chunks[k], rows: counts[k], into: cells,
                                   textSlot: slots, textColumns: textToRead, cells: text.cells)
            }
        }

        // Columns, built in parallel.
        let built = Box<[Column?]>(Array(repeating: nil, count: read.count))
        let headerNames = names, readColumns = read, columnKinds = kinds
        let segments = zip(chunks, results).map { (base: $0.rowBase, rows: $1.rows, missing: $1.missingCount) }
        DispatchQueue.concurrentPerform(iterations: read.count) { k in
            built.set(k, buildColumn(k, name: headerNames[readColumns[k]], kind: columnKinds[k], override: overrides[k], rows: rows,
                                     segments: segments, cells: cells, text: text, bytes: shared.value.baseAddress!))
        }
        return Table(columns: wanted.map { built.value[slot[$0]]! }, source: source)
    }

    /// How a read column's cells are turned into a ``Column``.
    private enum ColumnKind: Sendable {
        /// Every present cell parsed as a number.
        case numbers(missingCount: Int)
        /// Strings, from text cell column `index`.
        case text(Int)
    }

    /// The header record: its fields, the line it is on, and where the data starts (byte and line);
    /// nil when the file holds nothing but blank lines (or a byte-order mark).
    private static func header(_ b: UnsafePointer<UInt8>, _ n: Int, delimiter: UInt8, source: String) throws(CSVError)
        -> (fields: [(start: Int, end: Int, escaped: Bool)], line: Int, end: Int, endLine: Int)?
    {
        let nl = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var i = 0
        if n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { i = 3 }
        // The first non-blank record.
        var line = 1
        while i < n {
            if b[i] == nl { i &+= 1; line &+= 1; continue }
            if b[i] == cr && i &+ 1 < n && b[i &+ 1] == nl { i &+= 2; line &+= 1; continue }
            break
        }
        guard i < n else { return nil }
        let headerLine = line
        var fields = [(start: Int, end: Int, escaped: Bool)]()
        while true {
            let f = try CSVRecordParser.field(b, n, at: i, delimiter: delimiter, source: source, line: line)
            line &+= f.lines
            fields.append((f.start, f.end, f.escaped))
            i = f.next
            if i < n && b[i] == delimiter {
                i &+= 1
                if i >= n { fields.append((i, i, false)); break }
            } else {
                CSVRecordParser.skipLineEnd(b, n, &i, &line)
                break
            }
        }
        return (fields, headerLine, i, line)
    }

    /// Splits the data (from `dataStart`) into chunks: line-aligned pieces parsed in parallel
    /// when the data is large and holds no quote, else one chunk. Each chunk's row capacity is
    /// its count of `\n` and `\r` bytes plus one (a record ends at one of them or at the end).
    private func splitIntoChunks(_ b: UnsafePointer<UInt8>, _ n: Int, dataStart: Int, firstLine: Int) -> [CSVChunk] {
        let workers = ProcessInfo.processInfo.activeProcessorCount
        var bounds = [dataStart]
        if workers > 1 && n - dataStart > parallelThreshold {
            let pieces = workers * 4
            for k in 1..<pieces {
                var p = max(bounds.last!, dataStart + (n - dataStart) / pieces * k)
                if p < n, let nl = memchr(b + p, Int32(UInt8(ascii: "\n")), n - p) {
                    p = UnsafeRawPointer(b).distance(to: UnsafeRawPointer(nl)) + 1
                } else {
                    p = n
                }
                bounds.append(p)
            }
        }
        bounds.append(n)
        let counts = Box<[LineEndCount]>(Array(repeating: LineEndCount(), count: bounds.count - 1))
        let shared = UncheckedSendable(UnsafeBufferPointer(start: b, count: n))
        let edges = bounds
        DispatchQueue.concurrentPerform(iterations: edges.count - 1) { k in
            counts.set(k, LineEndCount(shared.value.baseAddress!, from: edges[k], to: edges[k + 1]))
        }
        var pieces = [CSVChunk]()
        var line = firstLine, rowBase = 0
        if counts.value.count > 1 && counts.value.contains(where: \.hasQuote) {
            // A quoted field may hold line ends: records must be found from the start.
            let total = counts.value.reduce(0) { $0 + $1.lineEnds }
            return [CSVChunk(start: dataStart, end: n, firstLine: firstLine, rowBase: 0, capacity: total + 1)]
        }
        for k in 0..<(edges.count - 1) {
            let c = counts.value[k]
            pieces.append(CSVChunk(start: edges[k], end: edges[k + 1], firstLine: line, rowBase: rowBase, capacity: c.lineEnds + 1))
            line += c.newlines
            rowBase += c.lineEnds + 1
        }
        return pieces
    }

    private static func text(_ s: Int, _ e: Int, _ escaped: Bool, _ b: UnsafePointer<UInt8>) -> String {
        let str = String(decoding: UnsafeBufferPointer(start: b + s, count: e - s), as: UTF8.self)
        return escaped ? str.replacingOccurrences(of: "\"\"", with: "\"") : str
    }

    private func buildColumn(
        _ k: Int, name: String, kind: ColumnKind, override: ColumnType?, rows: Int,
        segments: [(base: Int, rows: Int, missing: [Int])], cells: CSVCellBuffers, text: TextCells, bytes: UnsafePointer<UInt8>
    ) -> Column {
        switch kind {
        case .numbers(let missingCount):
            let values = Self.gather(cells.values[k]!, segments.map { ($0.base, $0.rows, true) }, rows, unwritten: 0)
            // A chunk without missing cells in the column never wrote its flags: all false.
            let missing = missingCount == 0 ? [Bool](repeating: false, count: rows)
                : Self.gather(cells.missing[k], segments.map { ($0.base, $0.rows, $0.missing[k] > 0) }, rows, unwritten: false)
            return Column(name: name, type: .numeric, storage: .numbers(values), missing: missing, missingCount: missingCount)
        case .text(let t):
            let missing = Self.gather(cells.missing[k], segments.map { ($0.base, $0.rows, true) }, rows, unwritten: false)
            var strings = [String](repeating: "", count: rows)
            var distinct = Set<String>()
            var totalLength = 0
            var nMissing = 0
            var r = 0
            for segment in segments {
                for slot in segment.base..<(segment.base + segment.rows) {
                    defer { r += 1 }
                    if missing[r] { nMissing += 1; continue }
                    let packed = text.cells[t * cells.capacity + slot]
                    let s = Self.text(Int((packed >> 32) & 0x7FFF_FFFF), Int(packed & 0xFFFF_FFFF), packed >> 63 != 0, bytes)
                    strings[r] = s
                    totalLength &+= s.count
                    if distinct.count <= rows { distinct.insert(s) }
                }
            }
            let type: ColumnType
            if let override {
                type = override
            } else {
                let present = rows - nMissing
                let meanLength = present > 0 ? Double(totalLength) / Double(present) : 0
                type = (meanLength >= 30 || (distinct.count > 20 && 2 * distinct.count > present)) ? .text : .categorical
            }
            return Column(name: name, type: type, storage: .strings(strings), missing: missing, missingCount: nMissing)
        }
    }

    /// The chunks' rows of one buffer, in order, as one array; a segment not `written` holds `unwritten`.
    private static func gather<T: BitwiseCopyable>(
        _ buffer: UnsafeMutablePointer<T>, _ segments: [(base: Int, rows: Int, written: Bool)], _ rows: Int, unwritten: T
    ) -> [T] {
        [T](unsafeUninitializedCapacity: rows) { out, count in
            LargeAllocation.prepareForWriting(UnsafeMutableRawBufferPointer(out))
            var r = 0
            for segment in segments {
                if segment.written {
                    (out.baseAddress! + r).initialize(from: buffer + segment.base, count: segment.rows)
                } else {
                    (out.baseAddress! + r).initialize(repeating: unwritten, count: segment.rows)
                }
                r += segment.rows
            }
            count = rows
        }
    }

    /// Clinger's fast path and the Eisel-Lemire algorithm over a cell's bytes (see ``DecimalParser``);
    /// nil when the text is not a number.
    @inline(__always)
    static func fastNumber(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Double? {
        guard let base = b.baseAddress else { return nil }
        return DecimalParser.parse(base, s, e)
    }
}

/// Counts of line-end bytes in a stretch of data, and whether it holds a quote.
private struct LineEndCount: Sendable {
    var newlines = 0
    /// `\n` plus `\r` bytes: an upper bound on the records that end in the stretch.
    var lineEnds = 0
    var hasQuote = false

    init() {}

    init(_ b: UnsafePointer<UInt8>, from: Int, to: Int) {
        newlines = Self.count(UInt8(ascii: "\n"), b, from, to)
        lineEnds = newlines + Self.count(UInt8(ascii: "\r"), b, from, to)
        hasQuote = from < to && memchr(b + from, Int32(UInt8(ascii: "\"")), to - from) != nil
    }

    /// Occurrences of `byte` in `from..<to` (libc's vectorised memchr, one call per hit).
    private static func count(_ byte: UInt8, _ b: UnsafePointer<UInt8>, _ from: Int, _ to: Int) -> Int {
        var n = 0
        var p = UnsafeRawPointer(b + from)
        let end = UnsafeRawPointer(b + to)
        while p < end, let hit = memchr(p, Int32(byte), p.distance(to: end)) {
            n &+= 1
            p = UnsafeRawPointer(hit) + 1
        }
        return n
    }
}

/// The text cells of the columns read as text (see ``CSVRecordParser/collectText``).
private final class TextCells: @unchecked Sendable {
    let cells: UnsafeMutablePointer<UInt64>
    init(count: Int) { cells = LargeAllocation.allocate(UInt64.self, count: count) }
    deinit { LargeAllocation.free(cells) }
}

/// A value shared by worker threads that each write their own index.
private final class Box<T>: @unchecked Sendable {
    var value: T
    private let lock = NSLock()
    init(_ value: T) { self.value = value }
    func set<E>(_ i: Int, _ e: E) where T == [E] { lock.lock(); value[i] = e; lock.unlock() }
}

import Foundation

/// A stretch of data records parsed by one worker: bytes `start..<end` (record boundaries),
/// the file line of its first byte, and where its rows go in the shared cell buffers.
struct CSVChunk: Sendable {
    var start: Int
    var end: Int
    /// 1-based line of the byte at `start`.
    var firstLine: Int
    /// Index of the chunk's first row slot in ``CSVCellBuffers``.
    var rowBase: Int
    /// Row slots reserved for the chunk (an upper bound on its records).
    var capacity: Int
}

/// Where a cell sits in the file, kept for the error a cell that is not a number may become.
struct CSVCellLocation: Sendable {
    /// Row within its chunk.
    var row: Int
    /// 1-based line where the cell's record starts.
    var line: Int
    var start: Int
    var end: Int
    /// The field was quoted and holds `""` escapes.
    var escaped: Bool
}

/// What one chunk's parse found beyond the cells themselves.
struct CSVChunkResult: Sendable {
    var rows = 0
    /// Missing cells per selected column (meaningful for columns that stay numeric).
    var missingCount: [Int]
    /// The first cell of each selected column that is neither missing nor a number.
    var firstNonNumber: [CSVCellLocation?]
}

/// The parsed cells of the selected columns, one row slot per record, each chunk's rows in
/// its own stretch: numbers (columns parsed as numbers), missing flags, and the byte where
/// each record starts (to pick up text cells in a second pass, only for columns that need it).
final class CSVCellBuffers: @unchecked Sendable {
    let capacity: Int
    /// Per selected column: its numbers (placeholder `0` where missing), or nil for columns read as text.
    let values: [UnsafeMutablePointer<Double>?]
    /// Per selected column: `true` where the cell is missing. A chunk's stretch of a column is
    /// written (all of it) only once the chunk meets a missing cell in that column, or by the
    /// text pass; otherwise every cell there is present.
    let missing: [UnsafeMutablePointer<Bool>]

    /// One allocation for all numbers, one for all flags (large, so on huge pages).
    private let allValues: UnsafeMutablePointer<Double>
    private let allMissing: UnsafeMutablePointer<Bool>

    init(capacity: Int, parsesNumbers: [Bool]) {
        self.capacity = capacity
        let slots = max(1, capacity)
        let valueBase = LargeAllocation.allocate(Double.self, count: slots * max(1, parsesNumbers.count { $0 }))
        let missingBase = LargeAllocation.allocate(Bool.self, count: slots * max(1, parsesNumbers.count))
        var numeric = 0
        var values = [UnsafeMutablePointer<Double>?]()
        for parses in parsesNumbers {
            values.append(parses ? valueBase + numeric * slots : nil)
            if parses { numeric += 1 }
        }
        self.values = values
        missing = parsesNumbers.indices.map { missingBase + $0 * slots }
        allValues = valueBase
        allMissing = missingBase
    }

    deinit {
        LargeAllocation.free(allValues)
        LargeAllocation.free(allMissing)
    }
}

/// The record grammar of ``CSVReader`` (RFC 4180 quoting, `\n` or `\r\n` line ends, blank
/// lines skipped, a bare `\r` after a closing quote ends the record) applied to one chunk:
/// field counts are checked, and each selected column's cells are trimmed, matched against
/// the missing tokens and parsed as numbers straight into the cell buffers, without strings.
struct CSVRecordParser: Sendable {
    let delimiter: UInt8
    /// Fields per record (the header's).
    let width: Int
    /// For each field of a record: its selected column, or -1 when the column is not read.
    let slot: [Int]
    /// For each selected column: whether its cells are parsed as numbers.
    let parsesNumbers: [Bool]
    let missingTokens: MissingTokenMatcher
    let source: String

    /// One field starting at `start` (before `n`): its byte range, whether it holds `""`
    /// escapes, the index after it, and how many newlines a quoted field spanned.
    @inline(__always)
    static func field(_ b: UnsafePointer<UInt8>, _ n: Int, at start: Int, delimiter delim: UInt8, source: String, line: Int)
        throws(CSVError) -> (start: Int, end: Int, escaped: Bool, next: Int, lines: Int)
    {
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
            (fe, i) = unquotedEnd(b, n, from: i, delimiter: delim)
        }
        return (fs, fe, esc, i, lines)
    }

    /// Where the unquoted field starting at `start` ends: its end (a `\r` before the line end
    /// left out) and the index of the delimiter or `\n` after it (or `n`).
    @inline(__always)
    static func unquotedEnd(_ b: UnsafePointer<UInt8>, _ n: Int, from start: Int, delimiter delim: UInt8) -> (end: Int, next: Int) {
        var i = start
        while i < n {
            let ch = b[i]
            if ch == delim || ch == UInt8(ascii: "\n") { break }
            i &+= 1
        }
        return (i > start && b[i &- 1] == UInt8(ascii: "\r") ? i &- 1 : i, i)
    }

    /// `start..<end` without the spaces and tabs around it.
    @inline(__always)
    static func trimmed(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> (start: Int, end: Int) {
        var s = start, e = end
        while s < e && (b[s] == 0x20 || b[s] == 0x09) { s &+= 1 }
        while e > s && (b[e &- 1] == 0x20 || b[e &- 1] == 0x09) { e &-= 1 }
        return (s, e)
    }

    /// Whether a delimiter just consumed (the next byte is `i`) ends the record, so that one
    /// more, empty field follows it.
    @inline(__always)
    static func endsRecord(_ b: UnsafePointer<UInt8>, _ n: Int, _ i: Int) -> Bool {
        i >= n || b[i] == UInt8(ascii: "\n") || (b[i] == UInt8(ascii: "\r") && (i &+ 1 >= n || b[i &+ 1] == UInt8(ascii: "\n")))
    }

    /// Skips the line end after a record's last field.
    @inline(__always)
    static func skipLineEnd(_ b: UnsafePointer<UInt8>, _ n: Int, _ i: inout Int, _ line: inout Int) {
        if i < n && b[i] == UInt8(ascii: "\r") { i &+= 1 }
        if i < n && b[i] == UInt8(ascii: "\n") { i &+= 1; line &+= 1 }
    }

    /// Parses the records of `chunk` into `out`; throws the chunk's first malformed record.
    func parse(_ b: UnsafePointer<UInt8>, _ chunk: CSVChunk, into out: CSVCellBuffers) throws(CSVError) -> CSVChunkResult {
        let n = chunk.end
        let nl = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r"), quote = UInt8(ascii: "\"")
        let delim = delimiter, width = self.width, selected = parsesNumbers.count
        // Per field of a record: where its numbers and missing flags go (this chunk's stretch).
        let valueOut = UnsafeMutablePointer<UnsafeMutablePointer<Double>?>.allocate(capacity: width)
        // Per field: where its numbers go while every cell so far was a number (nil otherwise).
        let fastOut = UnsafeMutablePointer<UnsafeMutablePointer<Double>?>.allocate(capacity: width)
        let missingOut = UnsafeMutablePointer<UnsafeMutablePointer<Bool>?>.allocate(capacity: width)
        let slotOf = UnsafeMutablePointer<Int>.allocate(capacity: width)
        let stillNumeric = UnsafeMutablePointer<Bool>.allocate(capacity: max(1, selected))
        let missingCounts = UnsafeMutablePointer<Int>.allocate(capacity: max(1, selected))
        let failures = UnsafeMutablePointer<CSVCellLocation?>.allocate(capacity: max(1, selected))
        defer {
            valueOut.deallocate(); fastOut.deallocate(); missingOut.deallocate(); slotOf.deallocate()
            stillNumeric.deallocate(); missingCounts.deallocate(); failures.deallocate()
        }
        for c in 0..<width {
            let k = slot[c]
            slotOf[c] = k
            missingOut[c] = k >= 0 ? out.missing[k] + chunk.rowBase : nil
            valueOut[c] = k >= 0 ? out.values[k].map { $0 + chunk.rowBase } : nil
            fastOut[c] = valueOut[c]
        }
        for k in 0..<selected { stillNumeric[k] = parsesNumbers[k]; missingCounts[k] = 0 }
        failures.initialize(repeating: nil, count: max(1, selected))
        let tokens = missingTokens

        var i = chunk.start
        var line = chunk.firstLine
        var row = 0

        /// Trims field `c`'s cell, decides whether it is missing and parses its number.
        @inline(__always)
        func store(_ c: Int, _ fs: Int, _ fe: Int, _ esc: Bool, _ recordLine: Int) {
            guard let m = missingOut[c] else { return }
            let (s, e) = Self.trimmed(b, fs, fe)
            var isMissing = tokens.matches(b, s, e)
            let k = slotOf[c]
            if let v = valueOut[c] {
                var x = 0.0
                if !isMissing && stillNumeric[k] {
                    if let parsed = DecimalParser.parse(b, s, e) {
                        if parsed.isNaN { isMissing = true } else { x = parsed }
                    } else {
                        stillNumeric[k] = false
                        fastOut[c] = nil
                        failures[k] = CSVCellLocation(row: row, line: recordLine, start: fs, end: fe, escaped: esc)
                    }
                }
                v[row] = x
            }
            if isMissing {
                // The column's first missing cell in this chunk: the others so far were present.
                if missingCounts[k] == 0 { m.initialize(repeating: false, count: chunk.capacity) }
                m[row] = true
                missingCounts[k] &+= 1
            }
        }

        while i < n {
            // Skip blank lines.
            if b[i] == nl { i &+= 1; line &+= 1; continue }
            if b[i] == cr && i &+ 1 < n && b[i &+ 1] == nl { i &+= 2; line &+= 1; continue }
            if row >= chunk.capacity {
                // Cannot happen (capacity counts every line end); a bug must not write out of bounds.
                throw CSVError(source: source, line: line, reason: "internal error: more records than line ends")
            }
            let recordLine = line
            var field = 0
            while true {
                var fs: Int, fe: Int, esc = false
                var stored = false
                if i < n && b[i] == quote {
                    let f = try Self.field(b, n, at: i, delimiter: delim, source: source, line: line)
                    fs = f.start; fe = f.end; esc = f.escaped; i = f.next; line &+= f.lines
                } else {
                    fs = i
                    fe = i
                    // A number column's cell is usually just a number: parse it where it stands, and
                    // take it if the field ends right after it (else the general path below decides).
                    if field < width, let v = fastOut[field], let (x, stop) = DecimalParser.parsePrefix(b, i, n) {
                        var next = -1
                        if stop == n || b[stop] == delim || b[stop] == nl {
                            next = stop
                        } else if b[stop] == cr && (stop &+ 1 == n || b[stop &+ 1] == nl || b[stop &+ 1] == delim) {
                            next = stop &+ 1
                        }
                        if next >= 0 && !tokens.matches(b, fs, stop) {
                            v[row] = x
                            fe = stop
                            i = next
                            stored = true
                        }
                    }
                    if !stored { (fe, i) = Self.unquotedEnd(b, n, from: fs, delimiter: delim) }
                }
                if field >= width {
                    var extra = field + 1
                    while i < n && b[i] != nl { if b[i] == delim { extra += 1 }; i &+= 1 }
                    throw CSVError(source: source, line: recordLine, reason: "expected \(width) fields, found \(extra)")
                }
                if !stored { store(field, fs, fe, esc, recordLine) }
                field &+= 1
                if i < n && b[i] == delim {
                    i &+= 1
                    if Self.endsRecord(b, n, i) {
                        // A trailing delimiter: one more, empty field.
                        if field >= width { throw CSVError(source: source, line: recordLine, reason: "expected \(width) fields, found \(field + 1)") }
                        store(field, i, i, false, recordLine)
                        field &+= 1
                        Self.skipLineEnd(b, n, &i, &line)
                        break
                    }
                } else {
                    Self.skipLineEnd(b, n, &i, &line)
                    break
                }
            }
            if field != width {
                throw CSVError(source: source, line: recordLine, reason: "expected \(width) fields, found \(field)")
            }
            row &+= 1
        }
        return CSVChunkResult(rows: row, missingCount: Array(UnsafeBufferPointer(start: missingCounts, count: selected)),
                              firstNonNumber: Array(UnsafeBufferPointer(start: failures, count: selected)))
    }

    /// Second pass over records `0..<rows` of a chunk already parsed without error: the byte
    /// range of each cell of the columns read as text (`textSlot[field]` ≥ 0), packed as
    /// (escaped << 63 | start << 32 | end) at `cells[t * capacity + rowBase + row]`, and their
    /// missing flags in `out` (missing tokens only: a NaN spelling is text in a text column).
    /// `textColumns[t]` is text column `t`'s index among the selected columns.
    func collectText(_ b: UnsafePointer<UInt8>, _ chunk: CSVChunk, rows: Int, into out: CSVCellBuffers,
                     textSlot: [Int], textColumns: [Int], cells: UnsafeMutablePointer<UInt64>) {
        let n = chunk.end
        let capacity = out.capacity
        let missing = textColumns.map { out.missing[$0] }
        let delim = delimiter, width = self.width
        let tokens = missingTokens
        let nl = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var i = chunk.start
        var line = 0
        var r = 0
        // The records again, front to back, as the first pass found them (blank lines skipped).
        while i < n && r < rows {
            if b[i] == nl { i &+= 1; continue }
            if b[i] == cr && i &+ 1 < n && b[i &+ 1] == nl { i &+= 2; continue }
            let slot = chunk.rowBase &+ r
            @inline(__always)
            func record(_ field: Int, _ fs: Int, _ fe: Int, _ esc: Bool) {
                guard field < width else { return }
                let t = textSlot[field]
                guard t >= 0 else { return }
                cells[t &* capacity &+ slot] = (esc ? 1 << 63 : 0) | (UInt64(fs) << 32) | UInt64(fe)
                let (s, e) = Self.trimmed(b, fs, fe)
                missing[t][slot] = tokens.matches(b, s, e)
            }
            var field = 0
            while field < width {
                // The chunk parsed without error, so the field is well formed.
                guard let f = try? Self.field(b, n, at: i, delimiter: delim, source: source, line: 0) else { break }
                i = f.next
                record(field, f.start, f.end, f.escaped)
                field &+= 1
                guard i < n && b[i] == delim else { break }
                i &+= 1
                if Self.endsRecord(b, n, i) { record(field, i, i, false); break }
            }
            Self.skipLineEnd(b, n, &i, &line)
            r &+= 1
        }
    }
}

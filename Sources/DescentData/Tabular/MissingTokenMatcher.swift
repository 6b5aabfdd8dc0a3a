/// Decides whether a trimmed cell is one of the reader's missing-value tokens, without
/// building a string: a bit per (length, first byte) rules most cells out with one load, the
/// few candidates are compared byte by byte.
struct MissingTokenMatcher: Sendable {
    /// Read-only tables behind plain pointers, shared by the worker threads.
    private final class Tables: @unchecked Sendable {
        /// Bit (length * 256 + first byte) set when a token of that length (1...63) starts with that byte.
        let slots: UnsafeMutablePointer<UInt64>
        /// All tokens' bytes, back to back, grouped by length; `byLength[len]` is the range of
        /// token indices of that length (lengths ≥ 64 share the last entry), `starts[t]` where token t begins.
        let bytes: UnsafeMutablePointer<UInt8>
        let starts: UnsafeMutablePointer<Int>
        let lengths: UnsafeMutablePointer<Int>
        let byLength: UnsafeMutablePointer<(Int, Int)>

        init(_ tokens: [[UInt8]]) {
            let sorted = tokens.sorted { $0.count < $1.count }
            slots = .allocate(capacity: 256)
            slots.initialize(repeating: 0, count: 256)
            bytes = .allocate(capacity: max(1, sorted.reduce(0) { $0 + $1.count }))
            starts = .allocate(capacity: max(1, sorted.count))
            lengths = .allocate(capacity: max(1, sorted.count))
            byLength = .allocate(capacity: 65)
            byLength.initialize(repeating: (0, 0), count: 65)
            var offset = 0
            for (t, token) in sorted.enumerated() {
                (bytes + offset).initialize(from: token, count: token.count)
                starts[t] = offset
                lengths[t] = token.count
                offset += token.count
                let len = min(token.count, 64)
                if byLength[len] == (0, 0) { byLength[len] = (t, t) }
                byLength[len].1 = t + 1
                if token.count < 64 {
                    let slot = token.count * 256 + Int(token[0])
                    slots[slot >> 6] |= 1 << UInt64(slot & 63)
                }
            }
        }

        deinit {
            slots.deallocate(); bytes.deallocate(); starts.deallocate(); lengths.deallocate(); byLength.deallocate()
        }
    }

    private let tables: Tables
    /// Whether the empty cell is missing.
    let emptyIsMissing: Bool

    init(_ tokens: Set<String>) {
        emptyIsMissing = tokens.contains("")
        tables = Tables(tokens.filter { !$0.isEmpty }.map { Array($0.utf8) })
    }

    /// Whether bytes `s..<e` of `b` spell a missing token.
    @inline(__always)
    func matches(_ b: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        let length = e &- s
        if length == 0 { return emptyIsMissing }
        let t = tables
        if length < 64 {
            let slot = length &* 256 &+ Int(b[s])
            guard t.slots[slot >> 6] & (1 << UInt64(slot & 63)) != 0 else { return false }
        }
        let (first, end) = t.byLength[min(length, 64)]
        for k in first..<end where t.lengths[k] == length {
            let token = t.bytes + t.starts[k]
            var j = 0
            while j < length && token[j] == b[s &+ j] { j &+= 1 }
            if j == length { return true }
        }
        return false
    }
}

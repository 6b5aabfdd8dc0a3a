import Foundation

/// Decides whether a trimmed cell is one of the reader's missing-value tokens, without
/// building a string: a bit per (length, first byte) rules most cells out with one load, the
/// few candidates are compared byte by byte.
struct MissingTokenMatcher: Sendable {
    /// The tokens' bytes, grouped by (length, first byte) slot; tokens of 64 bytes or more in `long`.
    private let candidates: [Int: [[UInt8]]]
    /// Bit (len * 256 + first byte) set when some token of that length starts with that byte.
    private let slots: [UInt64]
    private let long: [[UInt8]]
    /// Whether the empty cell is missing.
    let emptyIsMissing: Bool

    init(_ tokens: Set<String>) {
        var candidates = [Int: [[UInt8]]]()
        var slots = [UInt64](repeating: 0, count: 64 * 256 / 64)
        var long = [[UInt8]]()
        var emptyIsMissing = false
        for token in tokens {
            let bytes = Array(token.utf8)
            if bytes.isEmpty { emptyIsMissing = true; continue }
            if bytes.count >= 64 { long.append(bytes); continue }
            let slot = bytes.count * 256 + Int(bytes[0])
            slots[slot >> 6] |= 1 << UInt64(slot & 63)
            candidates[slot, default: []].append(bytes)
        }
        self.candidates = candidates
        self.slots = slots
        self.long = long
        self.emptyIsMissing = emptyIsMissing
    }

    /// Whether bytes `s..<e` of `b` spell a missing token.
    @inline(__always)
    func matches(_ b: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        let length = e &- s
        if length == 0 { return emptyIsMissing }
        if length >= 64 { return matchesAny(long, b, s, length) }
        let slot = length &* 256 &+ Int(b[s])
        guard slots.withUnsafeBufferPointer({ $0[slot >> 6] }) & (1 << UInt64(slot & 63)) != 0 else { return false }
        return matchesAny(candidates[slot] ?? [], b, s, length)
    }

    private func matchesAny(_ tokens: [[UInt8]], _ b: UnsafePointer<UInt8>, _ s: Int, _ length: Int) -> Bool {
        for token in tokens where token.count == length {
            if token.withUnsafeBufferPointer({ t in memcmp(t.baseAddress!, b + s, length) == 0 }) { return true }
        }
        return false
    }
}

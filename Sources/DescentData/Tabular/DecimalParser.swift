#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the text of a CSV cell into a `Double`, correctly rounded (the nearest double, ties
/// to even), exactly as C's `strtod` does for the forms a CSV cell can hold:
///
/// - decimals: an optional sign, digits with an optional point (`5`, `5.`, `.5`, `-0.25`),
///   an optional exponent (`1e-7`, `2.5E+3`); overflow gives ±infinity, underflow ±0 or a
///   subnormal;
/// - `inf`, `infinity` and `nan` in any case, optionally signed.
///
/// Anything else (spaces, hexadecimal, `1e`, `1.2.3`, `nan(…)`) is not a number (`nil`).
///
/// Plain decimals of at most 19 significant digits are converted without `strtod`: Clinger's
/// exact path when the digits and the power of ten are both exact doubles, else the
/// Eisel-Lemire algorithm (one or two 64×128-bit products with a table of powers of five;
/// Lemire, "Number Parsing at a Gigabyte per Second", 2021). Longer inputs whose truncation
/// decides the rounding, and the rare products Eisel-Lemire cannot settle, go to `strtod`.
enum DecimalParser {
    /// The number spelled by bytes `start..<end` of `b`, or nil when they are not a number.
    @inline(__always)
    static func parse(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        if let (value, stop) = parsePrefix(b, start, end) { return stop == end ? value : nil }
        var i = start
        if i < end && (b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+")) { i &+= 1 }
        return special(b, i, end, negative: i > start && b[start] == UInt8(ascii: "-"))
    }

    /// The longest decimal at the start of `start..<end` (sign, digits with an optional point,
    /// then an exponent if one with digits follows) and the index after it; nil when there is
    /// no digit. The caller decides whether the byte at the stop may end the number.
    /// (Transparent: `@inline(__always)` was not honoured inside the record loop, and the call
    /// cost a quarter of the parse.)
    @_transparent
    static func parsePrefix(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> (Double, Int)? {
        var i = start
        var negative = false
        if i < end {
            if b[i] == UInt8(ascii: "-") { negative = true; i &+= 1 } else if b[i] == UInt8(ascii: "+") { i &+= 1 }
        }
        let digitsStart = i
        // Digits accumulate with wrapping arithmetic; more than 19 significant ones are redone carefully.
        var w: UInt64 = 0
        accumulateDigits(b, &i, end, &w)
        var digits = i &- digitsStart
        var fractionDigits = 0
        if i < end && b[i] == UInt8(ascii: ".") {
            i &+= 1
            let fractionStart = i
            accumulateDigits(b, &i, end, &w)
            fractionDigits = i &- fractionStart
            digits &+= fractionDigits
        }
        guard digits > 0 else { return nil }
        var exponent = -fractionDigits
        if let (x, next) = exponentPart(b, i, end) {
            exponent &+= x
            i = next
        }
        if digits <= 19 && w <= 1 << 53 && exponent >= -22 && exponent <= 22 {
            // Clinger: both operands exact, so one correctly rounded operation.
            let v = Double(w)
            let magnitude = exponent < 0 ? v / exactPowersOfTen[-exponent] : v * exactPowersOfTen[exponent]
            return (negative ? -magnitude : magnitude, i)
        }
        guard let magnitude = slowMagnitude(b, digitsStart, i, w: w, exponent: exponent, digits: digits) else { return nil }
        return (negative ? -magnitude : magnitude, i)
    }

    /// The magnitude of the unsigned decimal `start..<end` (digit count, wrapped digits `w` and
    /// exponent already read) when Clinger's path does not apply: Eisel-Lemire, else strtod.
    @inline(never)
    private static func slowMagnitude(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int, w: UInt64, exponent: Int, digits: Int) -> Double? {
        if digits > 19 {
            // Leading zeros do not count; past 19 significant digits `w` wrapped.
            var significant = digits
            var k = start
            while k < end && (b[k] == UInt8(ascii: "0") || b[k] == UInt8(ascii: ".")) {
                if b[k] == UInt8(ascii: "0") { significant &-= 1 }
                k &+= 1
            }
            if significant > 19 { return parseLong(b, start, end) }
        }
        return value(w, exponent, truncated: false) ?? strtodFallback(b, start, end)
    }

    /// The value of the eight bytes at `p` when all are ASCII digits (most significant first),
    /// computed in one word (SWAR, as fast_float does), else nil.
    @_transparent
    static func eightDigits(_ p: UnsafePointer<UInt8>) -> UInt64? {
        let v = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
        // Each byte in 0x30...0x39: adding 0x46 keeps it below 0x80, subtracting 0x30 does not borrow.
        guard ((v &+ 0x4646_4646_4646_4646) | (v &- 0x3030_3030_3030_3030)) & 0x8080_8080_8080_8080 == 0 else { return nil }
        var x = v &- 0x3030_3030_3030_3030
        x = (x &* 10) &+ (x >> 8)  // pairs of digits
        let mask: UInt64 = 0x0000_00FF_0000_00FF
        let pairsToFour: UInt64 = 100 &+ (1_000_000 << 32)
        let fourToEight: UInt64 = 1 &+ (10_000 << 32)
        return (((x & mask) &* pairsToFour) &+ (((x >> 16) & mask) &* fourToEight)) >> 32
    }

    /// Appends the digits from `i` to `w` (wrapping past 19 of them), eight at a time while it
    /// can, and moves `i` past them.
    @_transparent
    static func accumulateDigits(_ b: UnsafePointer<UInt8>, _ i: inout Int, _ end: Int, _ w: inout UInt64) {
        while i &+ 8 <= end, let eight = eightDigits(b + i) {
            w = w &* 100_000_000 &+ eight
            i &+= 8
        }
        while i < end {
            let d = b[i] &- 48
            if d >= 10 { break }
            w = w &* 10 &+ UInt64(d)
            i &+= 1
        }
    }

    /// The exponent at `i` (`e` or `E`, an optional sign, at least one digit) and the index
    /// after it, or nil when there is none.
    @_transparent
    static func exponentPart(_ b: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> (Int, Int)? {
        guard i < end && (b[i] | 0x20) == UInt8(ascii: "e") else { return nil }
        var j = i &+ 1
        var negative = false
        if j < end && b[j] == UInt8(ascii: "-") { negative = true; j &+= 1 } else if j < end && b[j] == UInt8(ascii: "+") { j &+= 1 }
        let digitsStart = j
        var x = 0
        while j < end {
            let d = b[j] &- 48
            if d >= 10 { break }
            if x < 1_000_000_000_000 { x = x &* 10 &+ Int(d) }  // beyond, ±inf or 0 whatever the digits
            j &+= 1
        }
        return j > digitsStart ? (negative ? -x : x, j) : nil
    }

    /// An unsigned decimal (already checked to fill `start..<end`) with more than 19 significant digits.
    private static func parseLong(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        var i = start
        let digitsStart = i
        // Up to 19 significant digits go to `w`; later ones only shift the exponent (integer
        // part) or mark the value as truncated (when non-zero).
        var w: UInt64 = 0
        var significant = 0
        var exponent = 0
        var truncated = false
        while i < end {
            let d = b[i] &- 48
            if d >= 10 { break }
            if significant < 19 {
                w = w &* 10 &+ UInt64(d)
                if w != 0 { significant &+= 1 }
            } else {
                exponent &+= 1
                if d != 0 { truncated = true }
            }
            i &+= 1
        }
        var digits = i &- digitsStart
        if i < end && b[i] == UInt8(ascii: ".") {
            i &+= 1
            let fractionStart = i
            while i < end {
                let d = b[i] &- 48
                if d >= 10 { break }
                if significant < 19 {
                    w = w &* 10 &+ UInt64(d)
                    exponent &-= 1
                    if w != 0 { significant &+= 1 }
                } else if d != 0 {
                    truncated = true
                }
                i &+= 1
            }
            digits &+= i &- fractionStart
        }
        guard digits > 0 else { return nil }
        if let (x, next) = exponentPart(b, i, end) {
            exponent &+= x
            i = next
        }
        guard i == end else { return nil }
        return value(w, exponent, truncated: truncated) ?? strtodFallback(b, digitsStart, end)
    }

    /// `inf`, `infinity` or `nan` (any case) filling `start..<end`, after the sign.
    private static func special(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int, negative: Bool) -> Double? {
        func matches(_ word: StaticString) -> Bool {
            guard end &- start == word.utf8CodeUnitCount else { return false }
            let w = word.utf8Start
            for k in 0..<word.utf8CodeUnitCount where b[start &+ k] | 0x20 != w[k] { return false }
            return true
        }
        if matches("inf") || matches("infinity") { return negative ? -.infinity : .infinity }
        if matches("nan") { return .nan }
        return nil
    }

    /// 10^0 ... 10^22, the powers of ten that are exact doubles.
    static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The double nearest `w` × 10^`q` (non-negative), or nil when it needs `strtod`.
    /// `truncated`: digits after the 19th were dropped, so the value lies in (w, w+1) × 10^q.
    @inline(never)
    static func value(_ w: UInt64, _ q: Int, truncated: Bool) -> Double? {
        if w == 0 { return 0 }
        if !truncated && w <= 1 << 53 && q >= -22 && q <= 22 {
            // Clinger: both operands exact, so one correctly rounded operation.
            let v = Double(w)
            return q < 0 ? v / exactPowersOfTen[-q] : v * exactPowersOfTen[q]
        }
        guard let bits = eiselLemire(w, q) else { return nil }
        if truncated {
            // The dropped digits could only change the result if w+1 rounds elsewhere.
            guard let upper = eiselLemire(w &+ 1, q), upper == bits else { return nil }
        }
        return Double(bitPattern: bits)
    }

    /// The bit pattern of the double nearest `w` × 10^`q` (w > 0), or nil in the rare cases
    /// where the 128-bit product cannot decide the rounding.
    static func eiselLemire(_ w: UInt64, _ q: Int) -> UInt64? {
        if q < -342 { return 0 }
        if q > 308 { return 0x7FF0_0000_0000_0000 }
        let lz = w.leadingZeroBitCount
        let normalized = w << UInt64(lz)
        let index = 2 &* (q &+ 342)
        let first = normalized.multipliedFullWidth(by: powersOfFive128[index])
        var high = first.high, low = first.low
        // 9 bits below the 55 that matter all ones: the low word of 5^q can carry into them.
        if high & 0x1FF == 0x1FF {
            let second = normalized.multipliedFullWidth(by: powersOfFive128[index &+ 1])
            let (sum, carry) = low.addingReportingOverflow(second.high)
            low = sum
            if carry { high &+= 1 }
        }
        // Outside -27...55 the table entry is itself inexact; a low word of all ones means the
        // truncation error could reach the bits that decide rounding.
        if low == UInt64.max && (q < -27 || q > 55) { return nil }
        let upperBit = Int(high >> 63)
        let shift = UInt64(upperBit &+ 9)
        var mantissa = high >> shift
        var power2 = ((217_706 &* q) >> 16) &+ 63 &+ upperBit &- lz &+ 1023
        if power2 <= 0 {
            // Subnormal (or zero): shift into place, round half up (exact ties cannot occur here).
            let rightShift = 1 &- power2
            if rightShift >= 64 { return 0 }
            mantissa >>= UInt64(rightShift)
            mantissa &+= mantissa & 1
            mantissa >>= 1
            let exponentBits: UInt64 = mantissa < 1 << 52 ? 0 : 1
            return (exponentBits << 52) | mantissa
        }
        // An exact tie (possible only for small |q|, where the product is exact) rounds to even.
        if low <= 1 && q >= -4 && q <= 23 && mantissa & 3 == 1 && (mantissa << shift) == high {
            mantissa &= ~1
        }
        mantissa &+= mantissa & 1
        mantissa >>= 1
        if mantissa >= 2 << 52 {
            mantissa = 1 << 52
            power2 &+= 1
        }
        mantissa &= ~(1 << 52)
        if power2 >= 0x7FF { return 0x7FF0_0000_0000_0000 }
        return (UInt64(power2) << 52) | mantissa
    }

    /// `strtod` over a NUL-terminated copy of the bytes (already checked to be a decimal).
    static func strtodFallback(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        let length = end &- start
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length &+ 1) { tmp -> Double? in
            for k in 0..<length { tmp[k] = CChar(bitPattern: b[start &+ k]) }
            tmp[length] = 0
            var stop: UnsafeMutablePointer<CChar>? = nil
            let v = strtod(tmp.baseAddress!, &stop)
            guard let stop, stop - tmp.baseAddress! == length else { return nil }
            return v
        }
    }
}

import Foundation
import DescentCore
import Testing
@testable import DescentData

/// ``DecimalParser`` against C's `strtod` (the reference for correctly rounded conversion).
@Suite struct DecimalParserTests {
    /// What the parser must return for `text`: strtod's value when strtod consumes all of it.
    static func reference(_ text: String) -> Double? {
        text.withCString { p -> Double? in
            var end: UnsafeMutablePointer<CChar>? = nil
            let v = strtod(p, &end)
            guard let end, end - UnsafeMutablePointer(mutating: p) == strlen(p), strlen(p) > 0 else { return nil }
            return v
        }
    }

    static func parse(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { b in b.baseAddress.flatMap { DecimalParser.parse($0, 0, b.count) } }
    }

    static func check(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let got = parse(text), want = reference(text)
        if let got, let want, got.isNaN && want.isNaN { return }
        #expect(got?.bitPattern == want?.bitPattern, "\(text): got \(String(describing: got)), strtod \(String(describing: want))",
                sourceLocation: sourceLocation)
    }

    @Test func edgeCasesEqualStrtod() {
        let texts = [
            "0", "-0", "+0", "0.0", "-0.0", "00000", "0e0", "0e-999999", "-0e999999", "1", "-1", "+1", "007", "5.", ".5", "-.5", "+.5e1",
            "0.1", "0.2", "0.3", "3.14159", "1e22", "1e23", "-2.25e3", "2.5E-5", "1E+2", "1e-22", "123456789012345678",
            "9007199254740992", "9007199254740993", "9007199254740994", "9007199254740995", "9007199254740993.0000000001",
            "18446744073709551615", "18446744073709551616", "12345678901234567890123", "0.12345678901234567890123",
            // Largest, smallest normal and subnormal, and the values that round across them.
            "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "1.8e308", "-1.8e308",
            "2.2250738585072014e-308", "2.2250738585072011e-308", "2.2250738585072012e-308", "2.2250738585072009e-308",
            "4.9406564584124654e-324", "5e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "3e-324", "1e-324",
            "1e-400", "-1e-400", "1e400", "-1e400", "1e99999999999999999999", "1e-99999999999999999999",
            // Exact decimal expansions of halfway points (ties to even) and one digit past them.
            "9007199254740993", "9007199254740993.5", "0.1000000000000000055511151231257827021181583404541015625",
            "0.1000000000000000055511151231257827021181583404541015624", "0.1000000000000000055511151231257827021181583404541015626",
            "2.22507385850720113605740979670913197593481954635164564e-308",
            "7.2057594037927933e16", "7.2057594037927933e+16", "1448997445238699", "8.98846567431158e307",
            "0.000000000000000000000000000000000000000000001", "1" + String(repeating: "0", count: 400) + "e-400",
            "0." + String(repeating: "0", count: 330) + "1e330", String(repeating: "9", count: 800),
            "4.503599627370496e15", "4.5035996273704965e15", "1.00000000000000011102230246251565404236316680908203125",
            "1.00000000000000011102230246251565404236316680908203124", "1.00000000000000011102230246251565404236316680908203126",
            "1e-5", "1e-6", "1.5e-7", "123.456", "-98765.4321", "6.02214076e23", "6.62607015e-34",
        ]
        for t in texts { Self.check(t) }
    }

    @Test func nonFiniteSpellingsAndRejects() {
        for t in ["inf", "-inf", "+inf", "INF", "Infinity", "-INFINITY", "iNfInItY"] {
            #expect(Self.parse(t) == (t.hasPrefix("-") ? -.infinity : .infinity), "\(t)")
        }
        for t in ["nan", "NaN", "-nan", "+NAN"] { #expect(Self.parse(t)?.isNaN == true, "\(t)") }
        for t in ["", "+", "-", ".", "-.", "e5", ".e5", "1e", "1e+", "1e-", "--1", "+-1", "1.2.3", "1..2", "1e5.5", "1e5e5",
                  " 1", "1 ", "\t1", "1\r", "0x10", "0x1p3", "infinit", "infinityy", "in", "nan(1)", "nana", "1,5", "1_000",
                  "١", "1f", "1d", "e", "E", "--", "+inf5", "\u{0}"] {
            #expect(Self.parse(t) == nil, "\(t)")
        }
    }

    /// Random doubles (any finite bit pattern, and everyday magnitudes) printed the ways CSV
    /// writers print them: shortest round-trip, %.17g, %.15g, %.6g, %.3e, and with more digits
    /// than a double holds.
    @Test func randomDoublesInEveryFormatEqualStrtod() {
        var rng = SplitMix64(seed: 2024)
        for k in 0..<8_000 {
            let x: Double
            if k % 3 == 0 {
                x = Double(bitPattern: rng.next() & 0x7FFF_FFFF_FFFF_FFFF)
                guard x.isFinite else { continue }
            } else {
                x = Double(Int64(bitPattern: rng.next()) % 1_000_000_000_000) / pow(10, Double(rng.below(20)))
            }
            let y = rng.below(2) == 0 ? x : -x
            for t in [y.description, String(format: "%.17g", y), String(format: "%.15g", y), String(format: "%.6g", y),
                      String(format: "%.3e", y), String(format: "%.25g", y), String(format: "%.10f", y)] {
                Self.check(t)
            }
        }
    }

    /// Random digit strings: 1 to 40 digits, a point anywhere, an exponent from -360 to 330,
    /// so every path runs (Clinger, Eisel-Lemire, truncated digits, subnormals, overflow).
    @Test func randomDigitStringsEqualStrtod() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<30_000 {
            let count = 1 + rng.below(rng.below(4) == 0 ? 40 : 20)
            var digits = (0..<count).map { _ in Character(String(rng.below(10))) }
            if rng.below(4) == 0 { digits[0] = "0" }
            var text = rng.below(3) == 0 ? "-" : ""
            let point = rng.below(count + 1)
            text += String(digits[..<point])
            if point < count || rng.below(2) == 0 { text += "." }
            text += String(digits[point...])
            if rng.below(4) != 0 {
                let exponent = rng.below(691) - 360
                text += (rng.below(2) == 0 ? "e" : "E") + (exponent >= 0 && rng.below(2) == 0 ? "+" : "") + String(exponent)
            }
            Self.check(text)
        }
    }

    /// Halfway points between neighbouring doubles, written out exactly, and just below and
    /// above: the cases where a wrong rounding shows. With m in [2^52, 2^53), m·2^s and
    /// (m+1)·2^s are neighbours and (2m+1)·2^(s-1) is their midpoint.
    @Test func exactHalfwayPointsRoundToEven() {
        var rng = SplitMix64(seed: 99)
        for _ in 0..<3_000 {
            let m = (rng.next() >> 11) | 1 << 52
            let s = rng.below(140) - 120
            // Decimal digits (least significant first) of 2m+1, times 2^(s-1) or 5^(1-s).
            var digits = String(2 * m + 1).reversed().map { Int(String($0))! }
            let factor = s - 1 >= 0 ? 2 : 5
            for _ in 0..<abs(s - 1) {
                var carry = 0
                for i in digits.indices {
                    let v = digits[i] * factor + carry
                    digits[i] = v % 10
                    carry = v / 10
                }
                while carry > 0 { digits.append(carry % 10); carry /= 10 }
            }
            let pointFromRight = s - 1 >= 0 ? 0 : 1 - s
            while digits.count <= pointFromRight { digits.append(0) }
            let all = digits.reversed().map(String.init).joined()
            let cut = all.index(all.endIndex, offsetBy: -pointFromRight)
            let text = pointFromRight == 0 ? all : all[..<cut] + "." + all[cut...]
            Self.check(text)
            Self.check(text + (pointFromRight == 0 ? ".000000000000000000001" : "000000000000000000001"))
            // Just below: the last digit (a 5) lowered, followed by nines.
            Self.check(String(text.dropLast()) + "4999999999999999999999")
        }
    }
}

extension DecimalParserTests {
    /// The eight-digits-at-once step against the digit loop, on every position of a digit run.
    @Test func eightDigitsAtOnceEqualsDigitByDigit() {
        var rng = SplitMix64(seed: 3)
        for _ in 0..<5_000 {
            var bytes = (0..<8).map { _ in UInt8(48 + rng.below(10)) }
            let expected = bytes.reduce(UInt64(0)) { $0 * 10 + UInt64($1 - 48) }
            #expect(bytes.withUnsafeBufferPointer { DecimalParser.eightDigits($0.baseAddress!) } == expected)
            bytes[rng.below(8)] = [UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: ":"), 0, 0xFF, UInt8(ascii: "e")][rng.below(6)]
            #expect(bytes.withUnsafeBufferPointer { DecimalParser.eightDigits($0.baseAddress!) } == nil)
        }
    }
}

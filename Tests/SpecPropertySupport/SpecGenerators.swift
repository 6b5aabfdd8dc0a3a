import DescentCore
import PropertyBased

/// Random text for the spec grammars' property tests: words, numbers as people write them,
/// and valid specs damaged (truncated, with characters inserted, deleted or replaced).
public enum SpecGenerators {
    /// Text of at most `count.upperBound` characters from `alphabet`, without blanks at either
    /// end, not empty when `count` excludes 0.
    public static func word(_ alphabet: String, _ count: ClosedRange<Int>, _ rng: inout any SeededRandomNumberGenerator) -> String {
        let letters = Array(alphabet)
        let text = SpecText.trim(String((0..<Int.random(in: count, using: &rng)).map { _ in letters.randomElement(using: &rng)! }))
        return text.isEmpty && count.lowerBound > 0 ? String(letters.first { $0 != " " && $0 != "\t" }!) : text
    }

    /// A finite number in `range`, printed as Swift prints it (shortest round-trip digits).
    public static func real(_ range: ClosedRange<Double>, _ rng: inout any SeededRandomNumberGenerator) -> Double {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return range.lowerBound
        case 1: return min(max(Double(Int.random(in: -1000...1000, using: &rng)), range.lowerBound), range.upperBound)
        case 2:
            // Across magnitudes: 1e-300 ... 1e300 within the range.
            let magnitude = Double(sign: .plus, exponent: Int.random(in: -900...900, using: &rng), significand: Double.random(in: 1..<2, using: &rng))
            return min(max(magnitude, range.lowerBound), range.upperBound)
        default: return Double.random(in: range, using: &rng)
        }
    }

    /// A whole number in `range`, often at its edges.
    public static func integer(_ range: ClosedRange<Int>, _ rng: inout any SeededRandomNumberGenerator) -> Int {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: range.lowerBound
        case 1: Int.random(in: range.lowerBound...min(range.upperBound, range.lowerBound &+ 100), using: &rng)
        default: Int.random(in: range, using: &rng)
        }
    }

    /// `text` damaged one to three times: cut short, or a character inserted, deleted or replaced
    /// (with characters the grammars give meaning to, and others).
    public static func damaged(_ text: String, _ rng: inout any SeededRandomNumberGenerator) -> String {
        var characters = Array(text)
        let special = Array(":,=/; -.e0123456789xé\t\"")
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            let n = characters.count
            switch Int.random(in: 0..<4, using: &rng) {
            case 0 where n > 0: characters.removeLast(Int.random(in: 1...n, using: &rng))
            case 1 where n > 0: characters.remove(at: Int.random(in: 0..<n, using: &rng))
            case 2 where n > 0: characters[Int.random(in: 0..<n, using: &rng)] = special.randomElement(using: &rng)!
            default: characters.insert(special.randomElement(using: &rng)!, at: Int.random(in: 0...n, using: &rng))
            }
        }
        return String(characters)
    }

    /// Random text over the grammars' characters (and a few others), up to 40 characters.
    public static func noise(_ rng: inout any SeededRandomNumberGenerator) -> String {
        word("abcdefghijklmnopqrstuvwxyz_:,=/;.-+e0123456789 é\"", 0...40, &rng)
    }
}

/// A JSON value as a safetensors header holds it, parsed strictly (RFC 8259): object
/// members keep their order and a repeated key is an error, numbers keep their text so an
/// integer is read exactly (no rounding through Double), and nothing but whitespace may
/// follow the value. Nesting is limited so that a hostile header cannot exhaust the stack.
enum HeaderJSON {
    case object([(key: String, value: HeaderJSON)])
    case array([HeaderJSON])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    /// The value if it is a JSON integer from 0 to `Int.max` written without fraction or exponent.
    var nonNegativeInt: Int? {
        guard case .number(let text) = self, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return Int(text)
    }

    /// Compact JSON text of the value, for error messages (long values are cut).
    var text: String {
        let full: String
        switch self {
        case .object(let members): full = "{" + members.map { "\"\($0.key)\":\($0.value.text)" }.joined(separator: ",") + "}"
        case .array(let items): full = "[" + items.map(\.text).joined(separator: ",") + "]"
        case .string(let s): full = "\"\(s)\""
        case .number(let n): full = n
        case .bool(let b): full = b ? "true" : "false"
        case .null: full = "null"
        }
        let oneLine = full.map { $0.isNewline ? " " : String($0) }.joined()
        return oneLine.count > 80 ? oneLine.prefix(77) + "..." : oneLine
    }

    struct ParseError: Error, CustomStringConvertible {
        let description: String
    }

    struct Parser {
        let bytes: UnsafeRawBufferPointer
        var position = 0
        static let maximumDepth = 64

        init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

        /// One value, then only whitespace to the end.
        mutating func parseDocument() throws -> HeaderJSON {
            let value = try parseValue(depth: 0)
            skipWhitespace()
            guard position == bytes.count else { throw error("unexpected text after the value") }
            return value
        }

        private func error(_ what: String) -> ParseError { ParseError(description: "\(what) at byte \(position)") }

        private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

        private mutating func skipWhitespace() {
            while let c = current, c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { position += 1 }
        }

        private mutating func expect(_ literal: String) throws {
            for c in literal.utf8 {
                guard current == c else { throw error("invalid literal") }
                position += 1
            }
        }

        private mutating func parseValue(depth: Int) throws -> HeaderJSON {
            guard depth < Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth)") }
            skipWhitespace()
            guard let c = current else { throw error("unexpected end") }
            switch c {
            case UInt8(ascii: "{"):
                position += 1
                var members: [(key: String, value: HeaderJSON)] = []
                var keys = Set<String>()
                skipWhitespace()
                if current == UInt8(ascii: "}") { position += 1; return .object(members) }
                while true {
                    skipWhitespace()
                    guard current == UInt8(ascii: "\"") else { throw error("expected a string key") }
                    let key = try parseString()
                    guard keys.insert(key).inserted else { throw error("duplicate key \"\(key)\"") }
                    skipWhitespace()
                    guard current == UInt8(ascii: ":") else { throw error("expected ':'") }
                    position += 1
                    members.append((key, try parseValue(depth: depth + 1)))
                    skipWhitespace()
                    if current == UInt8(ascii: ",") { position += 1; continue }
                    guard current == UInt8(ascii: "}") else { throw error("expected ',' or '}'") }
                    position += 1
                    return .object(members)
                }
            case UInt8(ascii: "["):
                position += 1
                var items: [HeaderJSON] = []
                skipWhitespace()
                if current == UInt8(ascii: "]") { position += 1; return .array(items) }
                while true {
                    items.append(try parseValue(depth: depth + 1))
                    skipWhitespace()
                    if current == UInt8(ascii: ",") { position += 1; continue }
                    guard current == UInt8(ascii: "]") else { throw error("expected ',' or ']'") }
                    position += 1
                    return .array(items)
                }
            case UInt8(ascii: "\""):
                return .string(try parseString())
            case UInt8(ascii: "t"): try expect("true"); return .bool(true)
            case UInt8(ascii: "f"): try expect("false"); return .bool(false)
            case UInt8(ascii: "n"): try expect("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return .number(try parseNumber())
            default:
                throw error("unexpected character")
            }
        }

        private func isDigit(_ c: UInt8?) -> Bool { c.map { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } ?? false }

        private mutating func parseNumber() throws -> String {
            let start = position
            if current == UInt8(ascii: "-") { position += 1 }
            guard isDigit(current) else { throw error("invalid number") }
            if current == UInt8(ascii: "0") {
                position += 1
                if isDigit(current) { throw error("invalid number (leading zero)") }
            } else {
                while isDigit(current) { position += 1 }
            }
            if current == UInt8(ascii: ".") {
                position += 1
                guard isDigit(current) else { throw error("invalid number") }
                while isDigit(current) { position += 1 }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                position += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
                guard isDigit(current) else { throw error("invalid number") }
                while isDigit(current) { position += 1 }
            }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        }

        private mutating func hex4() throws -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let c = current else { throw error("unexpected end in \\u escape") }
                let digit: UInt32
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
                default: throw error("invalid \\u escape")
                }
                value = value * 16 + digit
                position += 1
            }
            return value
        }

        /// A string starting at the opening quote; the header was checked to be UTF-8.
        private mutating func parseString() throws -> String {
            position += 1
            var utf8: [UInt8] = []
            while true {
                guard let c = current else { throw error("unterminated string") }
                position += 1
                switch c {
                case UInt8(ascii: "\""):
                    return String(decoding: utf8, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard let e = current else { throw error("unterminated string") }
                    position += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(e)
                    case UInt8(ascii: "b"): utf8.append(0x08)
                    case UInt8(ascii: "f"): utf8.append(0x0C)
                    case UInt8(ascii: "n"): utf8.append(0x0A)
                    case UInt8(ascii: "r"): utf8.append(0x0D)
                    case UInt8(ascii: "t"): utf8.append(0x09)
                    case UInt8(ascii: "u"):
                        var scalar = try hex4()
                        if (0xD800..<0xDC00).contains(scalar) {
                            guard current == UInt8(ascii: "\\") else { throw error("unpaired surrogate") }
                            position += 1
                            guard current == UInt8(ascii: "u") else { throw error("unpaired surrogate") }
                            position += 1
                            let low = try hex4()
                            guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate") }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let unicode = Unicode.Scalar(scalar) else { throw error("unpaired surrogate") }
                        utf8.append(contentsOf: Array(String(Character(unicode)).utf8))
                    default:
                        throw error("invalid escape")
                    }
                case 0..<0x20:
                    throw error("control character in string")
                default:
                    utf8.append(c)
                }
            }
        }
    }
}

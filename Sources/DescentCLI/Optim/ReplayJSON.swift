import Foundation

/// JSON as `descent optim replay` reads it: standard JSON plus the bare `NaN`, `Infinity`
/// and `-Infinity` that Python's `json.dump` writes for non-finite floats (parameters and
/// gradients may be non-finite). A syntax error names its line and column.
indirect enum ReplayJSON: Equatable {
    case object([String: ReplayJSON])
    case array([ReplayJSON])
    case number(Double)
    case string(String)
    case bool(Bool)
    case null

    /// A syntax error at a 1-based line and column (columns count characters).
    struct SyntaxError: Error, CustomStringConvertible {
        let line: Int
        let column: Int
        let reason: String
        var description: String { "malformed JSON at line \(line), column \(column): \(reason)" }
    }

    /// Parses `data`, one JSON value with optional whitespace around it.
    static func parse(_ data: Data) throws -> ReplayJSON {
        var parser = Parser(bytes: Array(data))
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        if parser.index < parser.bytes.count { throw parser.error("unexpected \(parser.describeCurrent()) after the JSON value") }
        return value
    }

    /// What a value is, for error messages.
    var kind: String {
        switch self {
        case .object: return "an object"
        case .array: return "an array"
        case .number: return "a number"
        case .string: return "a string"
        case .bool(let b): return "\(b)"
        case .null: return "null"
        }
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0
        static let maximumDepth = 512

        func error(_ reason: String, at offset: Int? = nil) -> SyntaxError {
            let end = min(offset ?? index, bytes.count)
            var line = 1, column = 1
            for byte in bytes[..<end] {
                if byte == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else if byte & 0xC0 != 0x80 {  // not a UTF-8 continuation byte
                    column += 1
                }
            }
            return SyntaxError(line: line, column: column, reason: reason)
        }

        func describeCurrent() -> String {
            guard index < bytes.count else { return "end of file" }
            let byte = bytes[index]
            if byte >= 0x20 && byte < 0x7F { return "character '\(Character(UnicodeScalar(byte)))'" }
            return String(format: "byte 0x%02X", byte)
        }

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func value(depth: Int) throws -> ReplayJSON {
            guard index < bytes.count else { throw error("unexpected end of file, expected a value") }
            guard depth < Self.maximumDepth else { throw error("nested more than \(Self.maximumDepth) levels deep") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "N"): try literal("NaN"); return .number(.nan)
            case UInt8(ascii: "I"): try literal("Infinity"); return .number(.infinity)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
            default: throw error("unexpected \(describeCurrent()), expected a value")
            }
        }

        mutating func literal(_ word: String) throws {
            let start = index
            var end = start
            while end < bytes.count, bytes[end] < 0x80, Character(UnicodeScalar(bytes[end])).isLetter {
                end += 1
            }
            guard bytes[start..<end].elementsEqual(word.utf8) else {
                let found = String(decoding: bytes[start..<min(end, start + 20)], as: UTF8.self)
                throw error("unknown literal '\(found)' (JSON has true, false, null; Python's NaN, Infinity, -Infinity)", at: start)
            }
            index = end
        }

        mutating func number() throws -> Double {
            let start = index
            if bytes[index] == UInt8(ascii: "-") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "I") {
                    try literal("Infinity")
                    return -.infinity
                }
            }
            func digits() -> Int {
                let first = index
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
                return index - first
            }
            let integerStart = index
            let integerDigits = digits()
            guard integerDigits > 0 else { throw error("invalid number, expected a digit") }
            if integerDigits > 1, bytes[integerStart] == UInt8(ascii: "0") { throw error("invalid number, leading zero", at: integerStart) }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard digits() > 0 else { throw error("invalid number, expected a digit after '.'") }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard digits() > 0 else { throw error("invalid number, expected a digit in the exponent") }
            }
            guard let value = Double(String(decoding: bytes[start..<index], as: UTF8.self)) else {
                throw error("invalid number", at: start)
            }
            return value
        }

        mutating func string() throws -> String {
            index += 1  // the opening quote
            var scalars = String.UnicodeScalarView()
            var run: [UInt8] = []  // raw UTF-8 between escapes
            func flush() {
                scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars)
                run.removeAll(keepingCapacity: true)
            }
            while true {
                guard index < bytes.count else { throw error("unterminated string") }
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    flush()
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    flush()
                    index += 1
                    guard index < bytes.count else { throw error("unterminated string") }
                    let escape = bytes[index]
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""): scalars.append("\"")
                    case UInt8(ascii: "\\"): scalars.append("\\")
                    case UInt8(ascii: "/"): scalars.append("/")
                    case UInt8(ascii: "b"): scalars.append("\u{08}")
                    case UInt8(ascii: "f"): scalars.append("\u{0C}")
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "u"):
                        var code = try hex4()
                        if (0xD800..<0xDC00).contains(code), index + 1 < bytes.count,
                           bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                            let save = index
                            index += 2
                            let low = try hex4()
                            if (0xDC00..<0xE000).contains(low) {
                                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                index = save
                            }
                        }
                        scalars.append(UnicodeScalar(code) ?? "\u{FFFD}")
                    default:
                        throw error("invalid escape in a string", at: index - 2)
                    }
                case 0..<0x20:
                    throw error("control character in a string")
                default:
                    run.append(byte)
                    index += 1
                }
            }
        }

        mutating func hex4() throws -> UInt32 {
            var code: UInt32 = 0
            for _ in 0..<4 {
                guard index < bytes.count, let digit = Character(UnicodeScalar(bytes[index])).hexDigitValue else {
                    throw error("invalid \\u escape, expected four hex digits")
                }
                code = code * 16 + UInt32(digit)
                index += 1
            }
            return code
        }

        mutating func array(depth: Int) throws -> ReplayJSON {
            index += 1
            var items: [ReplayJSON] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(items)
            }
            while true {
                skipWhitespace()
                items.append(try value(depth: depth + 1))
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end of file, expected ',' or ']'") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
                throw error("unexpected \(describeCurrent()), expected ',' or ']'")
            }
        }

        mutating func object(depth: Int) throws -> ReplayJSON {
            index += 1
            var members: [String: ReplayJSON] = [:]
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end of file, expected a key") }
                guard bytes[index] == UInt8(ascii: "\"") else { throw error("unexpected \(describeCurrent()), expected a quoted key") }
                let key = try string()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                    throw error(index < bytes.count ? "unexpected \(describeCurrent()), expected ':'" : "unexpected end of file, expected ':'")
                }
                index += 1
                skipWhitespace()
                members[key] = try value(depth: depth + 1)  // a repeated key: the last wins, as in Python
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end of file, expected ',' or '}'") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
                throw error("unexpected \(describeCurrent()), expected ',' or '}'")
            }
        }
    }
}

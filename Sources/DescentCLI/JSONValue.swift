import DescentCore
import Foundation

/// A minimal JSON value with deterministic output: keys in insertion order, Float data
/// with 9 significant digits (exact for float32), non-finite numbers as null.
enum JSONValue {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    /// A float32 value, printed with 9 significant digits.
    case float(Float)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// A number or null.
    static func optional(_ x: Double?) -> JSONValue { x.map { .number($0) } ?? .null }

    /// A tensor as nested arrays of its shape.
    static func nested(_ tensor: Tensor) -> JSONValue {
        func build(_ shape: ArraySlice<Int>, _ offset: Int, _ stride: Int) -> JSONValue {
            guard let first = shape.first else { return .float(tensor.scalars[offset]) }
            let inner = stride / max(first, 1)
            return .array((0..<first).map { build(shape.dropFirst(), offset + $0 * inner, inner) })
        }
        return build(tensor.shape[...], 0, tensor.count)
    }

    var text: String {
        var out = ""
        write(to: &out)
        return out
    }

    func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .number(let d): out += d.isFinite ? "\(d)" : "null"
        case .float(let f): out += f.isFinite ? String(format: "%.9g", Double(f)) : "null"
        case .string(let s): out += Self.quote(s)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                item.write(to: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (i, (key, value)) in fields.enumerated() {
                if i > 0 { out += ", " }
                out += Self.quote(key) + ": "
                value.write(to: &out)
            }
            out += "}"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}

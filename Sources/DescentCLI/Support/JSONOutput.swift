import DescentCore
import Foundation

/// Every JSON the commands print or write goes through one encoder: keys sorted, slashes
/// unescaped, snake-case keys spelled out by each report's `CodingKeys`. Reports keep
/// non-finite numbers out (they are written as null: ``finite(_:)``).
enum JSONOutput {
    static func data<T: Encodable>(_ value: T, pretty: Bool = false) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    static func text<T: Encodable>(_ value: T, pretty: Bool = false) throws -> String {
        String(decoding: try data(value, pretty: pretty), as: UTF8.self)
    }
}

/// A report printed as JSON.
protocol JSONReport: Encodable {}

extension JSONReport {
    /// The report as one line of JSON (reports hold only finite numbers, so encoding cannot fail).
    var text: String {
        do { return try JSONOutput.text(self) } catch { preconditionFailure("\(Self.self) is not encodable: \(error)") }
    }
}

/// A number as JSON: the value when finite, null otherwise.
func finite(_ x: Double?) -> Double? { x.flatMap { $0.isFinite ? $0 : nil } }

/// A float32 number as JSON, exactly (as the double it widens to), or null when not finite.
func finite(_ x: Float?) -> Double? { finite(x.map(Double.init)) }

/// A scalar of a heterogeneous JSON object (hyperparameters, detector parameters).
enum JSONScalar: Encodable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)

    /// A parameter given as text, in its own JSON type: integer, number, boolean, null (`none`) or string.
    init(parsing text: String) {
        if let i = Int(text) {
            self = .int(i)
        } else if let d = Double(text), d.isFinite {
            self = .number(d)
        } else {
            switch text.lowercased() {
            case "true": self = .bool(true)
            case "false": self = .bool(false)
            case "none": self = .null
            default: self = .string(text)
            }
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let b): try container.encode(b)
        case .int(let i): try container.encode(i)
        case .number(let d): if d.isFinite { try container.encode(d) } else { try container.encodeNil() }
        case .string(let s): try container.encode(s)
        }
    }
}

/// A tensor as nested arrays of its shape, float32 values written exactly.
struct NestedScalars: Encodable {
    let tensor: Tensor

    func encode(to encoder: any Encoder) throws {
        let scalars = tensor.scalars
        func write(_ container: inout any UnkeyedEncodingContainer, _ shape: ArraySlice<Int>, _ offset: Int, _ stride: Int) throws {
            let count = shape.first!
            let inner = stride / max(count, 1)
            for i in 0..<count {
                if shape.count == 1 {
                    if let v = finite(scalars[offset + i]) { try container.encode(v) } else { try container.encodeNil() }
                } else {
                    var nested = container.nestedUnkeyedContainer()
                    try write(&nested, shape.dropFirst(), offset + i * inner, inner)
                }
            }
        }
        if tensor.shape.isEmpty {
            var container = encoder.singleValueContainer()
            if let v = finite(scalars[0]) { try container.encode(v) } else { try container.encodeNil() }
        } else {
            var container: any UnkeyedEncodingContainer = encoder.unkeyedContainer()
            try write(&container, tensor.shape[...], 0, tensor.count)
        }
    }
}

/// An optional report field written as null when absent (a synthesized `Encodable` would
/// leave the key out).
@propertyWrapper
struct Null<Value: Encodable>: Encodable {
    var wrappedValue: Value?

    init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}

import ArgumentParser

/// An option whose value is one of an enumeration's cases: `--help` lists them. An unknown
/// name is kept and rejected when the command runs (``value(_:)``), so that it ends as all bad
/// input does: one line, exit status 2, nothing written.
struct Choice<Value: CaseIterable & RawRepresentable>: ExpressibleByArgument, Sendable where Value.RawValue == String {
    let name: String

    init(_ value: Value) { name = value.rawValue }
    init(name: String) { self.name = name }
    init?(argument: String) { name = argument }

    static var allValueStrings: [String] { Value.allCases.map(\.rawValue) }
    var defaultValueDescription: String { name }

    /// The case named, or a one-line error naming the option and the known names.
    func value(_ option: String) throws -> Value {
        guard let value = Value(rawValue: name) else {
            throw CommandFailure("unknown \(option) '\(name)' (known: \(Self.allValueStrings.joined(separator: ", ")))")
        }
        return value
    }
}

import ArgumentParser

/// One option value holding comma-separated finite numbers (`--noise 0,0.1,0.5`).
struct NumberList: ExpressibleByArgument, Sendable {
    let values: [Double]

    init?(argument: String) {
        let items = KeyValue.list(argument)
        let values = items.compactMap { Double($0) }.filter(\.isFinite)
        guard !items.isEmpty, values.count == items.count else { return nil }
        self.values = values
    }

    /// The values, or `fallback` when the option was not given; a one-line error naming
    /// `flag` when one is negative.
    static func nonNegative(_ list: NumberList?, _ flag: String, default fallback: [Double]) throws -> [Double] {
        guard let list else { return fallback }
        if let bad = list.values.first(where: { $0 < 0 }) { throw CommandFailure("\(flag): invalid value '\(bad)'") }
        return list.values
    }
}

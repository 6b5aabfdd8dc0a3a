import ArgumentParser
import DescentCore

/// One option value holding comma-separated finite numbers (`--noise 0,0.1,0.5`).
struct NumberList: ExpressibleByArgument, Sendable {
    let values: [Double]
    /// The items as given, for messages (`-1`, not `-1.0`).
    private let texts: [String]

    /// Nil (ArgumentParser's one-line error) when an item is empty (`0,,1`), not a number or not finite.
    init?(argument: String) {
        let items = SpecText.items(argument)
        let values = items.compactMap { Double($0) }.filter(\.isFinite)
        guard !items.isEmpty, values.count == items.count else { return nil }
        self.values = values
        texts = items
    }

    /// The values, or `fallback` when the option was not given; a one-line error naming
    /// `flag` when one is negative.
    static func nonNegative(_ list: NumberList?, _ flag: String, default fallback: [Double]) throws -> [Double] {
        guard let list else { return fallback }
        if let bad = list.values.firstIndex(where: { $0 < 0 }) { throw CommandFailure("\(flag): invalid value '\(list.texts[bad])' (must be at least 0)") }
        return list.values
    }
}

import DescentCore

/// The `key=value` grammar of the command line's repeatable settings (`--test col=ks`,
/// `--threshold 0.01`, `--type col=text`, `--param delta=0.01`): ``SpecText``'s items, split at
/// the last `=` (a column name may hold one, a value never does), both sides non-empty.
enum KeyValue {
    /// `key=value`; the key is required.
    static func pair(_ item: String, option: String) throws -> (key: String, value: String) {
        guard let (key, value) = try split(item, option: option, form: "key=value"), let key else {
            throw CommandFailure("\(option) expects key=value, got '\(item)'")
        }
        return (key, value)
    }

    /// `key=value` for one key, or `value` alone for all of them (key `nil`).
    static func keyed(_ item: String, option: String) throws -> (key: String?, value: String) {
        try split(item, option: option, form: "col=value or value") ?? (nil, SpecText.trim(item))
    }

    /// A comma-separated list, items trimmed, empty items dropped.
    static func list(_ text: String) -> [String] {
        SpecText.items(text).filter { !$0.isEmpty }
    }

    private static func split(_ item: String, option: String, form: String) throws -> (String?, String)? {
        guard let (key, value) = SpecText.pair(item, splittingAtLast: true) else { return nil }
        guard !key.isEmpty, !value.isEmpty else { throw CommandFailure("\(option) expects \(form), got '\(item)'") }
        return (key, value)
    }
}

import Foundation

/// The `key=value` grammar of the command line's repeatable settings (`--test col=ks`,
/// `--threshold 0.01`, `--type col=text`, `--param delta=0.01`): split at the last `=` (a column
/// name may hold one, a value never does), both sides trimmed and non-empty.
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
        try split(item, option: option, form: "col=value or value") ?? (nil, item.trimmingCharacters(in: .whitespaces))
    }

    /// A comma-separated list, items trimmed, empty items dropped.
    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private static func split(_ item: String, option: String, form: String) throws -> (String?, String)? {
        guard let eq = item.lastIndex(of: "=") else { return nil }
        let key = item[..<eq].trimmingCharacters(in: .whitespaces)
        let value = item[item.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty, !value.isEmpty else { throw CommandFailure("\(option) expects \(form), got '\(item)'") }
        return (key, value)
    }
}

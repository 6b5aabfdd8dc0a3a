/// Range checks of typed option values, the same for every command: the value given or the
/// default, or a one-line error naming the option.
enum OptionRange {
    /// `value` when `valid`, `fallback` when not given.
    static func integer(_ value: Int?, _ flag: String, default fallback: Int, valid: (Int) -> Bool) throws -> Int {
        guard let value else { return fallback }
        guard valid(value) else { throw CommandFailure("\(flag): invalid value '\(value)'") }
        return value
    }

    /// `value` when finite and `valid`, `fallback` when not given (ArgumentParser reads `nan` and `inf` as numbers).
    static func number(_ value: Double?, _ flag: String, default fallback: Double, valid: (Double) -> Bool) throws -> Double {
        guard let value else { return fallback }
        guard value.isFinite, valid(value) else { throw CommandFailure("\(flag): invalid value '\(value)'") }
        return value
    }

    /// The `--delimiter` character: one ASCII character other than the quote.
    static func delimiter(_ text: String) throws -> Character {
        guard text.count == 1, let delimiter = text.first, delimiter.isASCII, delimiter != "\"" else {
            throw CommandFailure("--delimiter must be one ASCII character")
        }
        return delimiter
    }
}

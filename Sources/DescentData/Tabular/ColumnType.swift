/// The kind of values a table column holds, which decides the tests that apply to it.
public enum ColumnType: String, Sendable, Hashable, CaseIterable, Codable {
    /// Real numbers (integers included); may contain infinities, never NaN (NaN cells are missing).
    case numeric
    /// A small set of labels compared by frequency.
    case categorical
    /// Free text: mostly unique or long strings.
    case text
}

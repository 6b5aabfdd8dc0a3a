/// The drift verdict for one column.
public struct ColumnDrift: Sendable {
    /// Column name.
    public let name: String
    /// Column type.
    public let type: ColumnType
    /// The test used, or `nil` when the column was not testable.
    public let test: StatTest?
    /// The test's statistic (the distance for distance tests).
    public let statistic: Double?
    /// The p-value (p-value tests only).
    public let pValue: Double?
    /// The threshold the score was compared with.
    public let threshold: Double?
    /// Whether the column drifted; `nil` when not testable.
    public let drifted: Bool?
    /// Why the column could not be tested.
    public let notTestableReason: String?
    /// Present (non-missing) values in the reference sample.
    public let referenceCount: Int
    /// Present (non-missing) values in the current sample.
    public let currentCount: Int
    /// Missing cells in the reference sample.
    public let referenceMissing: Int
    /// Missing cells in the current sample.
    public let currentMissing: Int

    /// Whether a test was run.
    public var isTestable: Bool { drifted != nil }
}

/// What a drift report tests and how: every automatic choice can be overridden.
public struct DriftOptions: Sendable {
    /// Columns to test (default: every column of the reference).
    public var columns: [String]?
    /// Test per column name, overriding the automatic choice.
    public var tests: [String: StatTest]
    /// Test for every column without a per-column test (default: automatic choice).
    public var allColumnsTest: StatTest?
    /// Threshold per column name.
    public var thresholds: [String: Double]
    /// Threshold for every column without a per-column threshold (default: the test's own).
    public var allColumnsThreshold: Double?
    /// Dataset drift when the share of drifted columns among tested ones reaches this (default 0.5).
    public var driftShare: Double
    /// The automatic test choice.
    public var selection: TestSelection
    /// Permutations for `empirical_mmd`.
    public var permutations: Int
    /// Seed for permutations.
    public var seed: UInt64

    /// Creates options; defaults follow Evidently.
    public init(columns: [String]? = nil, tests: [String: StatTest] = [:], allColumnsTest: StatTest? = nil,
                thresholds: [String: Double] = [:], allColumnsThreshold: Double? = nil, driftShare: Double = 0.5,
                selection: TestSelection = TestSelection(), permutations: Int = 100, seed: UInt64 = 0) {
        self.columns = columns
        self.tests = tests
        self.allColumnsTest = allColumnsTest
        self.thresholds = thresholds
        self.allColumnsThreshold = allColumnsThreshold
        self.driftShare = driftShare
        self.selection = selection
        self.permutations = permutations
        self.seed = seed
    }
}

/// Evidently's default choice of test for a column, by type, reference size and number of distinct values.
///
/// - up to `pValueReferenceLimit` (1,000) reference values, p-value tests: numeric columns with
///   more than 5 distinct values get `ks`; columns with 3 to 5 distinct values (or categorical with
///   more than 2) get `chisquare`; binary columns get `z`;
/// - above it, distances: numeric columns with more than 5 distinct values get `wasserstein`,
///   the others `jensenshannon`;
/// - text columns get `abs_text_content_drift` (a cross-validated domain classifier).
public struct TestSelection: Sendable {
    /// Reference size up to which p-value tests are chosen.
    public var pValueReferenceLimit: Int

    /// Creates the selection rule (Evidently's defaults).
    public init(pValueReferenceLimit: Int = 1000) {
        self.pValueReferenceLimit = pValueReferenceLimit
    }

    /// The default test for a column (text columns: the text domain classifier).
    public func test(for type: ColumnType, referenceCount: Int, distinctCount: Int) -> StatTest? {
        switch type {
        case .text:
            return .textContentDrift
        case .numeric:
            if referenceCount <= pValueReferenceLimit {
                if distinctCount <= 5 { return distinctCount > 2 ? .chisquare : .z }
                return .ks
            }
            return distinctCount <= 5 ? .jensenshannon : .wasserstein
        case .categorical:
            if referenceCount <= pValueReferenceLimit { return distinctCount > 2 ? .chisquare : .z }
            return .jensenshannon
        }
    }
}

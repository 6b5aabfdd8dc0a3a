/// The fixed names of `descent audit`'s checks, as they appear in its JSON.
public enum AuditCheck: String, Sendable, Codable, CaseIterable {
    /// The rarest class is below a tenth of an even share (cleanlab's rule).
    case classImbalance = "class_imbalance"
    /// Cells that are empty or a missing-value token.
    case missingValues = "missing_values"
    /// Numeric cells holding ±infinity.
    case infiniteValues = "infinite_values"
    /// Columns holding one value in every present cell.
    case constantColumns = "constant_columns"
    /// Rows identical to an earlier row of the same split.
    case duplicateRows = "duplicate_rows"
    /// Rows much closer to another row of the same split than rows usually are (cleanlab's rule).
    case nearDuplicateRows = "near_duplicate_rows"
    /// Test rows that are exact or near copies of training rows.
    case trainTestLeakage = "train_test_leakage"
    /// A single feature that predicts the label almost perfectly.
    case targetLeakage = "target_leakage"
    /// Categories of the test split never seen in training.
    case newCategories = "new_categories"
    /// Columns whose type differs between the splits, or that one split lacks.
    case typeMismatch = "type_mismatch"
    /// Rows whose given label the model's out-of-fold probabilities contradict (confident learning).
    case labelIssues = "label_issues"
    /// Rows far from their nearest neighbours (cleanlab's kNN rule).
    case outliers
    /// Personal information in text: e-mail, phone, payment card, IBAN, IP address, US SSN.
    case pii
}

/// How serious a finding is; `--fail-on` compares against it.
public enum AuditSeverity: String, Sendable, Codable, CaseIterable, Comparable {
    /// Worth a look; not a reason to stop.
    case info
    /// Likely to hurt the model or its evaluation.
    case warning
    /// Wrong results or a legal problem until fixed (leakage, personal information).
    case error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    /// Info is below warning, warning below error.
    public static func < (a: AuditSeverity, b: AuditSeverity) -> Bool { a.rank < b.rank }
}

/// The part of the data a row belongs to.
public enum AuditSplit: String, Sendable, Codable, Hashable {
    /// The training file (`--train`).
    case train
    /// The test file (`--test`).
    case test
}

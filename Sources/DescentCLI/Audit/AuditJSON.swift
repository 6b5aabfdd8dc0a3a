import DescentData

/// `descent audit --json`: `{"rows": {"train", "test"}, "fingerprints": {...}, "findings": [...]}`,
/// each finding `{"check", "severity", "count", "columns", "rows": [{"split", "row"}], "message", "fix"}`.
struct AuditJSON: JSONReport {
    struct Rows: Encodable {
        var train: Int
        @Null var test: Int?
    }

    struct Fingerprints: Encodable {
        var train: DatasetFingerprint
        @Null var test: DatasetFingerprint?
    }

    struct Finding: Encodable {
        var check: String
        var severity: String
        var count: Int
        var columns: [String]
        var rows: [AuditFinding.RowReference]
        var message: String
        var fix: String

        init(_ f: AuditFinding) {
            check = f.check.rawValue
            severity = f.severity.rawValue
            count = f.count
            columns = f.columns
            rows = f.rows
            message = f.message
            fix = f.fix
        }
    }

    var rows: Rows
    var fingerprints: Fingerprints
    var findings: [Finding]

    init(_ audit: DataAudit) {
        rows = Rows(train: audit.train.rowCount, test: audit.test?.rowCount)
        fingerprints = Fingerprints(train: audit.trainFingerprint, test: audit.testFingerprint)
        findings = audit.findings.map(Finding.init)
    }
}

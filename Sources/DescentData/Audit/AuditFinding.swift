/// One problem `descent audit` found: which check, how serious, how many, where, and what to do.
public struct AuditFinding: Sendable, Equatable {
    /// The most rows a finding lists (its ``count`` says how many there are in all).
    public static let rowLimit = 100

    /// A row of one split, numbered from 1 for the first data line (the header not counted).
    public struct RowReference: Sendable, Hashable, Codable {
        /// The split the row is in.
        public var split: AuditSplit
        /// The row, from 1 for the first data line.
        public var row: Int

        /// A reference to `row` (from 1) of `split`.
        public init(split: AuditSplit, row: Int) {
            self.split = split
            self.row = row
        }
    }

    /// The check that found it.
    public var check: AuditCheck
    /// How serious it is.
    public var severity: AuditSeverity
    /// How many rows (or, for column checks, columns or cells, as the message says) are affected.
    public var count: Int
    /// The columns concerned.
    public var columns: [String]
    /// Every affected row, in order.
    public var allRows: [RowReference]
    /// The first ``rowLimit`` affected rows (what the JSON lists).
    public var rows: [RowReference] { Array(allRows.prefix(Self.rowLimit)) }
    /// The split the finding is about; nil when it concerns both (leakage, type mismatch).
    public var split: AuditSplit?
    /// What was found, in one sentence with the figures.
    public var message: String
    /// What to do about it.
    public var fix: String

    /// A finding; `rows` are 0-based indices into `split`.
    public init(check: AuditCheck, severity: AuditSeverity, count: Int, columns: [String] = [],
                rows: [Int] = [], split: AuditSplit? = .train, message: String, fix: String) {
        self.init(check: check, severity: severity, count: count, columns: columns,
                  references: rows.sorted().map { RowReference(split: split ?? .train, row: $0 + 1) },
                  message: message, fix: fix)
        self.split = split
    }

    /// A finding with rows already numbered (from 1) and possibly from both splits.
    public init(check: AuditCheck, severity: AuditSeverity, count: Int, columns: [String], references: [RowReference],
                message: String, fix: String) {
        self.check = check
        self.severity = severity
        self.count = count
        self.columns = columns
        self.allRows = references
        self.split = Set(references.map(\.split)).count == 1 ? references.first?.split : nil
        self.message = message
        self.fix = fix
    }
}

import ArgumentParser

/// `descent audit`: is the data fit to train on? Checks, PII redaction and a datasheet.
public struct AuditCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit training data: imbalance, duplicates, leakage, label issues, outliers, PII; redact PII; write a datasheet.",
        discussion: """
        Examples:
          descent audit --train train.csv --test test.csv --label y --fail-on error
          descent audit --train train.csv --label y --pred-probs oof.csv --json
          descent audit redact --input notes.csv --out notes-redacted.csv
          descent audit datasheet --data train.csv --label y --out DATASHEET.md

        Exit status: 0 nothing at the --fail-on level, 1 a finding at that level, 2 bad input.
        """,
        subcommands: [AuditCheckCommand.self, AuditRedactCommand.self, AuditDatasheetCommand.self],
        defaultSubcommand: AuditCheckCommand.self
    )

    public init() {}
}

import ArgumentParser
import DescentData
import Foundation

/// `descent audit redact`: a copy of a CSV file with personal information replaced by placeholders.
struct AuditRedactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redact",
        abstract: "Write a copy of a CSV file with e-mails, phone numbers, card numbers, IBANs, IP addresses and US SSNs replaced by [EMAIL], [PHONE], [CARD], [IBAN], [IP], [SSN].",
        discussion: """
        Every cell is read as written (no type conversion) and scanned; the copy is written atomically, with \\n line ends and quotes only where a cell needs them.

        Examples:
          descent audit redact --input notes.csv --out notes-redacted.csv
          descent audit redact --input notes.csv --out notes-redacted.csv --json
        """
    )

    @Option(help: "The CSV file to redact.") var input: String?
    @Option(help: "Where to write the redacted copy (not the input file).") var out: String?
    @Option(help: "Field delimiter (one character).") var delimiter: String = ","
    @Flag(help: "Print the replacements per kind as one JSON object.") var json = false

    struct Report: JSONReport {
        var input: String
        var out: String
        var replaced: [String: Int]
        var total: Int
    }

    func run() throws {
        let counts = try CommandFailure.run("audit redact") { () throws -> Redaction.Counts in
            guard let input else { throw CommandFailure("missing --input FILE") }
            guard let out else { throw CommandFailure("missing --out FILE") }
            let delimiter = try OptionRange.delimiter(self.delimiter)
            if URL(fileURLWithPath: input).standardizedFileURL == URL(fileURLWithPath: out).standardizedFileURL {
                throw CommandFailure("--out \(out) is the input file; write the copy elsewhere")
            }
            let (text, counts) = try Redaction.redact(path: input, delimiter: delimiter)
            try OutputFile.write(text, to: out)
            return counts
        }
        let replaced = Dictionary(uniqueKeysWithValues: PIIKind.allCases.map { ($0.rawValue, counts[$0] ?? 0) })
        let total = replaced.values.reduce(0, +)
        if json {
            Console.emit(Report(input: input!, out: out!, replaced: replaced, total: total).text)
        } else {
            let parts = PIIKind.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
            Console.emit("\(out!): \(total) replacements (\(parts))")
        }
    }
}

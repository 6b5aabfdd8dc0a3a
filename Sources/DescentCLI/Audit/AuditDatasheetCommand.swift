import ArgumentParser
import DescentData
import Foundation

/// `descent audit datasheet`: a datasheet in Markdown, and the YAML of questions for a person.
struct AuditDatasheetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datasheet",
        abstract: "Write a datasheet (Gebru et al.) for a CSV file: computed facts filled in, a person's answers read from a YAML file.",
        discussion: """
        The answers file (--answers, default: the datasheet's path with .yaml) holds the questions only a person can answer; when it does not exist it is written with empty answers for you to fill in and keep beside the data, and the datasheet marks them unanswered. Run again after filling it in.

        Examples:
          descent audit datasheet --data train.csv --label y --out DATASHEET.md
          descent audit datasheet --data train.csv --label y --out DATASHEET.md --answers datasheet.yaml --audit
        """
    )

    @Option(help: "The CSV file described.") var data: String?
    @Option(help: "The label column, if any.") var label: String?
    @Option(help: "Where to write the datasheet (Markdown).") var out: String?
    @Option(help: "The YAML file of answers (default: --out with the extension .yaml).") var answers: String?
    @Flag(help: "Also run the audit checks (without the model) and list the findings.") var audit = false
    @Option(help: "Field delimiter (one character).") var delimiter: String = ","

    func run() throws {
        try CommandFailure.run("audit datasheet") {
            guard let data else { throw CommandFailure("missing --data FILE") }
            guard let out else { throw CommandFailure("missing --out FILE") }
            let delimiter = try OptionRange.delimiter(self.delimiter)
            let table = try CSVReader(delimiter: delimiter).read(path: data)
            if let label, table[label] == nil {
                throw CommandFailure("\(data): no column '\(label)' (columns: \(table.columnNames.joined(separator: ", ")))")
            }
            let answersPath = answers ?? URL(fileURLWithPath: out).deletingPathExtension().appendingPathExtension("yaml").path
            var given: [String: String] = [:]
            let exists = FileManager.default.fileExists(atPath: answersPath)
            if exists {
                guard let text = try? String(contentsOfFile: answersPath, encoding: .utf8) else {
                    throw CommandFailure("\(answersPath): cannot read file")
                }
                given = try Datasheet.parseAnswers(text, source: answersPath)
            }
            let findings = try audit ? (label.map { try DataAudit(train: table, test: nil, label: $0).findings } ?? []) : []
            let sheet = Datasheet(table: table, label: label, findings: findings, answers: given)
            let markdown = sheet.markdown()
            if !exists { try OutputFile.write(sheet.answersTemplate(), to: answersPath) }
            try OutputFile.write(markdown, to: out)
            let unanswered = Datasheet.questions.filter { (given[$0.id] ?? "").isEmpty }.count
            Console.emit("\(out): datasheet written; \(Datasheet.questions.count - unanswered) of \(Datasheet.questions.count) questions answered in \(answersPath)\(exists ? "" : " (written now: fill it in and run again)")")
        }
    }
}

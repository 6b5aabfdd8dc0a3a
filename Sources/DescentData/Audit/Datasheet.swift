import Foundation

/// A datasheet for a dataset in Markdown, with the sections of Gebru et al., "Datasheets for
/// Datasets" (CACM 2021): motivation, composition, collection process, preprocessing,
/// uses, distribution, maintenance. Facts the data shows (rows, columns, types, missing
/// cells, classes, fingerprint, audit findings) are filled in; the questions only a person
/// can answer come from a short YAML file of ``Question/id``s the user fills and keeps beside the data.
public struct Datasheet: Sendable {
    /// A question for a person, with its section.
    public struct Question: Sendable {
        public let id: String
        public let section: String
        public let text: String
    }

    /// The questions a person answers, in order.
    public static let questions: [Question] = [
        Question(id: "motivation_purpose", section: "Motivation", text: "For what purpose was the dataset created? Was there a specific task in mind?"),
        Question(id: "motivation_creators", section: "Motivation", text: "Who created the dataset, on behalf of which entity, and who funded it?"),
        Question(id: "composition_instances", section: "Composition", text: "What do the instances represent (people, documents, images, transactions)?"),
        Question(id: "composition_sample", section: "Composition", text: "Is it all possible instances or a sample? If a sample, how was it drawn and is it representative?"),
        Question(id: "composition_confidential", section: "Composition", text: "Does it contain data that might be confidential or identify people, directly or indirectly?"),
        Question(id: "collection_how", section: "Collection process", text: "How was the data acquired (observed, reported, derived), over what time frame, and by whom?"),
        Question(id: "collection_consent", section: "Collection process", text: "Were the people concerned notified, and did they consent? How can they revoke consent?"),
        Question(id: "preprocessing_done", section: "Preprocessing, cleaning, labeling", text: "What preprocessing, cleaning or labelling was done, and is the raw data kept?"),
        Question(id: "uses_intended", section: "Uses", text: "What tasks has it been used for, and what should it not be used for?"),
        Question(id: "uses_risks", section: "Uses", text: "Could its composition or collection harm people or groups if used as is?"),
        Question(id: "distribution_how", section: "Distribution", text: "How is it distributed, and under what license or terms of use?"),
        Question(id: "maintenance_who", section: "Maintenance", text: "Who maintains it, how can they be contacted, and will it be updated?"),
    ]

    /// The data described.
    public let table: Table
    /// The label column, if any.
    public let label: String?
    /// Findings of an audit of the data, if one ran.
    public let findings: [AuditFinding]
    /// Answers by question id.
    public let answers: [String: String]

    /// A datasheet for `table` with `label`, the audit `findings` and a person's `answers` by question id.
    public init(table: Table, label: String?, findings: [AuditFinding] = [], answers: [String: String] = [:]) {
        self.table = table
        self.label = label
        self.findings = findings
        self.answers = answers
    }

    /// The YAML file of questions to fill in, with any answers already given.
    public func answersTemplate() -> String {
        var out = "# Datasheet answers for \(URL(fileURLWithPath: table.source).lastPathComponent) (Gebru et al., Datasheets for Datasets).\n"
        out += "# Fill in each answer between the quotes and keep this file beside the data;\n"
        out += "# `descent audit datasheet` puts the answers into the datasheet.\n"
        var section = ""
        for question in Self.questions {
            if question.section != section {
                section = question.section
                out += "\n# \(section)\n"
            }
            out += "# \(question.text)\n\(question.id): \(Self.quote(answers[question.id] ?? ""))\n"
        }
        return out
    }

    /// The datasheet as Markdown.
    public func markdown() -> String {
        let name = URL(fileURLWithPath: table.source).lastPathComponent
        let fingerprint = DatasetFingerprint(table)
        var out = "# Datasheet: \(name)\n\n"
        out += "Sections after Gebru et al., *Datasheets for Datasets* (2021). Figures computed from the data by `descent audit datasheet`; answers from the YAML file kept beside the data (unanswered questions are marked).\n"
        var section = ""
        func answer(_ question: Question) {
            if question.section != section {
                section = question.section
                out += "\n## \(section)\n\n"
            }
            let given = answers[question.id].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
            out += "**\(question.text)**\n\n\(given.isEmpty ? "_Not answered yet (`\(question.id)`)._" : given)\n\n"
        }
        for question in Self.questions where question.section == "Motivation" { answer(question) }
        out += "\n## Composition\n\n"
        section = "Composition"
        out += "| fact | value |\n| --- | --- |\n"
        out += "| rows | \(table.rowCount) |\n| columns | \(table.columns.count) |\n"
        out += "| SHA-256 (row order, line endings and number format do not change it) | `\(fingerprint.sha256)` |\n"
        if let label, let column = table[label] {
            let labels = AuditLabels(column)
            let counts = labels.counts
            out += "| label | `\(label)`: \(labels.classes.count) classes |\n"
            let shown = labels.classes.indices.prefix(20).map { "\(labels.classes[$0]): \(counts[$0])" }.joined(separator: ", ")
            out += "| rows per class | \(shown)\(labels.classes.count > 20 ? ", ..." : "") |\n"
        }
        out += "\n| column | type | missing | distinct | summary |\n| --- | --- | ---: | ---: | --- |\n"
        for column in table.columns {
            var distinct = Set<String>()
            for row in 0..<column.count where !column.missing[row] { distinct.insert(CanonicalCell.text(column, row: row)) }
            var summary = ""
            if case .numbers = column.storage {
                let values = column.presentNumbers().filter(\.isFinite)
                if let lo = values.min(), let hi = values.max() {
                    summary = "min \(Self.format(lo)), median \(Self.format(median(values))), max \(Self.format(hi))"
                }
            } else {
                var counts: [String: Int] = [:]
                for value in column.presentStrings() { counts[value, default: 0] += 1 }
                let top = counts.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.prefix(3)
                summary = column.type == .text ? "free text" : "most frequent: " + top.map { "\(Self.escape($0.key)) (\($0.value))" }.joined(separator: ", ")
            }
            out += "| \(Self.escape(column.name)) | \(column.type.rawValue) | \(column.missingCount) | \(distinct.count) | \(summary) |\n"
        }
        out += "\n"
        if !findings.isEmpty {
            out += "Audit findings (`descent audit`):\n\n"
            for finding in findings { out += "- **\(finding.check.rawValue)** (\(finding.severity.rawValue)): \(Self.escape(finding.message))\n" }
            out += "\n"
        }
        for question in Self.questions where question.section == "Composition" {
            out += "**\(question.text)**\n\n\((answers[question.id] ?? "").isEmpty ? "_Not answered yet (`\(question.id)`)._" : answers[question.id]!)\n\n"
        }
        for question in Self.questions where !["Motivation", "Composition"].contains(question.section) { answer(question) }
        return out
    }

    /// Reads the answers of a YAML file written by ``answersTemplate()``: `id: "text"` or `id: text`
    /// lines, `#` comments; throws naming the line of anything else.
    public static func parseAnswers(_ text: String, source: String) throws(AuditInputError) -> [String: String] {
        var answers: [String: String] = [:]
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw AuditInputError("\(source):\(number + 1): expected 'question_id: \"answer\"'")
            }
            let key = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
            guard questions.contains(where: { $0.id == key }) else {
                throw AuditInputError("\(source):\(number + 1): unknown question '\(key)' (known: \(questions.map(\.id).joined(separator: ", ")))")
            }
            var value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\"") {
                guard let data = value.data(using: .utf8), let decoded = try? JSONDecoder().decode(String.self, from: data) else {
                    throw AuditInputError("\(source):\(number + 1): '\(key)': unterminated or malformed quoted answer")
                }
                value = decoded
            } else if let hash = value.range(of: " #") {
                value = String(value[..<hash.lowerBound]).trimmingCharacters(in: .whitespaces)
            }
            answers[key] = value
        }
        return answers
    }

    /// A YAML double-quoted string (JSON's escaping is valid YAML).
    static func quote(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    static func format(_ x: Double) -> String { String(format: "%.4g", x) }
}

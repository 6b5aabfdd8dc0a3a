import ArgumentParser
import DescentData
import Foundation

/// `descent audit [check]`: every check over a training file and an optional test file.
struct AuditCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run the data checks on a training CSV file and an optional test CSV file (the default).",
        discussion: """
        Checks (their names in the JSON): \(AuditCheck.allCases.map(\.rawValue).joined(separator: ", ")). label_issues uses out-of-fold probabilities: --pred-probs FILE (one p_<class> column per class, one row per training row, in order), or else a Descent MLP cross-validated over --folds folds (AdamW, --epochs epochs); --no-model skips it.

        Examples:
          descent audit --train train.csv --test test.csv --label y
          descent audit check --train train.csv --label y --pred-probs oof.csv --fail-on warning --json
          descent audit --train train.csv --test test.csv --label y --html audit.html

        Exit status: 0 nothing at the --fail-on level (or no --fail-on), 1 a finding at that level, 2 bad input.
        """
    )

    enum FailLevel: String, CaseIterable {
        case warning, error
    }

    @Option(help: "The training CSV file.") var train: String?
    @Option(help: "The test CSV file (enables train_test_leakage, new_categories, type_mismatch).") var test: String?
    @Option(help: "The label column.") var label: String?
    @Option(help: "Out-of-fold predicted probabilities for the training rows: one p_<class> column per class.") var predProbs: String?
    @Option(help: "Prefix of the probability columns in --pred-probs.") var probaPrefix: String = "p_"
    @Option(help: "Exit with status 1 when a finding at this severity or above exists: warning or error.") var failOn: Choice<FailLevel>?
    @Option(help: "Folds of the cross-validated model for label_issues (default 5).") var folds: Int?
    @Option(help: "Epochs of each fold's model (default 20).") var epochs: Int?
    @Option(help: "Seed of the folds and the models (default 0).") var seed: UInt64?
    @Flag(help: "Skip the cross-validated model (and label_issues) when no --pred-probs is given.") var noModel = false
    @Option(help: "Field delimiter (one character).") var delimiter: String = ","
    @Option(help: "Write a self-contained HTML report to this file.") var html: String?
    @Option(help: "Write every affected row (check,split,row; rows from 1) to this CSV file; the JSON lists the first 100 per finding.") var rowsOut: String?
    @OptionGroup var compute: ComputeOptions
    @Flag(help: "Print one JSON object instead of the table.") var json = false

    func run() throws {
        let audit = try CommandFailure.run("audit") { try compute.run { try makeAudit() } }
        if json {
            Console.emit(AuditJSON(audit).text)
        } else {
            Console.emit(AuditTable.render(audit))
        }
        if let failOn, let level = try? failOn.value("--fail-on") {
            let severity: AuditSeverity = level == .warning ? .warning : .error
            if audit.hasFinding(atLeast: severity) { throw ExitCode(1) }
        }
    }

    func makeAudit() throws -> DataAudit {
        guard let train else { throw CommandFailure("missing --train FILE") }
        guard let label else { throw CommandFailure("missing --label COLUMN") }
        _ = try failOn?.value("--fail-on")
        let delimiter = try OptionRange.delimiter(self.delimiter)
        let folds = try OptionRange.integer(self.folds, "--folds", default: 5) { $0 >= 2 && $0 <= 100 }
        let epochs = try OptionRange.integer(self.epochs, "--epochs", default: 20) { $0 >= 1 && $0 <= 10_000 }
        let seed = self.seed ?? 0
        let reader = CSVReader(delimiter: delimiter)
        let trainTable = try reader.read(path: train)
        guard trainTable.rowCount > 0 else { throw CommandFailure("\(train): no data rows") }
        let labels = try AuditLabels(trainTable, column: label)
        let testTable = try test.map { path throws -> Table in
            let table = try reader.read(path: path)
            guard table.rowCount > 0 else { throw CommandFailure("\(path): no data rows") }
            return table
        }
        var probabilities: PredictedProbabilities?
        if let predProbs {
            let table = try reader.read(path: predProbs)
            probabilities = try PredictedProbabilities(table, labels: labels, rows: trainTable.rowCount, prefix: probaPrefix)
        } else if !noModel, labels.classes.count >= 2 {
            let features = AuditFeatures(fitting: trainTable, exclude: [label])
            if features.width > 0 && labels.indices.compactMap({ $0 }).count >= folds {
                let model = OutOfFoldProbabilities(folds: folds, epochs: epochs, seed: seed)
                probabilities = try model.compute(features: features.matrix(trainTable), width: features.width, labels: labels)
            }
        }
        let audit = try DataAudit(train: trainTable, test: testTable, label: label, probabilities: probabilities)
        if let html {
            let title = "Audit: \(URL(fileURLWithPath: train).lastPathComponent)" + (test.map { " and \(URL(fileURLWithPath: $0).lastPathComponent)" } ?? "")
            try OutputFile.write(HTMLAuditReport(audit: audit, title: title).render(), to: html)
        }
        if let rowsOut {
            var text = "check,split,row\n"
            for finding in audit.findings {
                for reference in finding.allRows { text += "\(finding.check.rawValue),\(reference.split.rawValue),\(reference.row)\n" }
            }
            try OutputFile.write(text, to: rowsOut)
        }
        return audit
    }
}

/// The human-readable summary of an audit: one line per finding.
enum AuditTable {
    static func render(_ audit: DataAudit) -> String {
        var out = "train: \(audit.train.rowCount) rows, sha256 \(audit.trainFingerprint.sha256.prefix(16))"
        if let test = audit.test, let fingerprint = audit.testFingerprint {
            out += "; test: \(test.rowCount) rows, sha256 \(fingerprint.sha256.prefix(16))"
        }
        out += "\n"
        if audit.findings.isEmpty { return out + "no findings" }
        let width = audit.findings.map(\.check.rawValue.count).max() ?? 0
        let countWidth = audit.findings.map { String($0.count).count }.max() ?? 0
        for f in audit.findings {
            let name = f.check.rawValue.padded(width)
            let severity = f.severity.rawValue.padded(7)
            let count = String(repeating: " ", count: countWidth - String(f.count).count) + String(f.count)
            out += "\(severity)  \(name)  \(count)  \(f.message)\n"
        }
        return String(out.dropLast())
    }
}

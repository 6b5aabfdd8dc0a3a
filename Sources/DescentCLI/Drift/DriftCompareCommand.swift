import ArgumentParser
import DescentData
import DescentMonitor
import Foundation

/// `descent drift [compare]`: per-column drift tests between a reference and a current CSV file.
struct DriftCompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare a current CSV file with a reference one, column by column (the default).",
        discussion: """
        Tests (Evidently's names): \(StatTest.allCases.map(\.rawValue).joined(separator: ", ")). By default each column gets Evidently's choice: p-value tests (ks, chisquare, z) up to 1,000 reference values, distances (wasserstein, jensenshannon) above, the text classifier (abs_text_content_drift) for text columns. The dataset drifts when the share of drifted columns reaches --drift-share.

        Examples:
          descent drift --reference ref.csv --current cur.csv
          descent drift compare --reference ref.csv --current cur.csv --columns age,income --test age=ks --threshold 0.01 --json
          descent drift --reference ref.csv --current cur.csv --multivariate --html report.html

        Exit status: 0 no drift, 1 drift, 2 bad input.
        """
    )

    @Option(help: "The reference CSV file (the data the model was trained on).") var reference: String?
    @Option(help: "The current CSV file (the data the model sees now).") var current: String?
    @Option(help: "Columns to test, comma-separated (default: all columns of the reference).") var columns: String?
    @Option(name: .customLong("test"), help: "A test for one column (col=ks) or for all columns (ks); repeatable. Tests: \(StatTest.allCases.map(\.rawValue).joined(separator: ", ")).")
    var tests: [String] = []
    @Option(name: .customLong("threshold"), help: "A threshold for one column (col=0.01) or for all columns (0.01); repeatable.")
    var thresholds: [String] = []
    @Option(name: .customLong("type"), help: "Force a column's type: col=\(ColumnType.allCases.map(\.rawValue).joined(separator: "|")); repeatable.")
    var types: [String] = []
    @Option(help: "Dataset drift when this share of tested columns drifts (default 0.5).") var driftShare: Double?
    @Option(help: "Reference values up to which p-value tests are chosen automatically (default 1000).") var pValueLimit: Int?
    @Option(help: "Permutations for empirical_mmd (default 100).") var permutations: Int?
    @Option(help: "Seed for permutations, subsampling and cross-validation folds (default 0).") var seed: UInt64?
    @Option(help: "Field delimiter (one character).") var delimiter: String = ","
    @Flag(help: "Also test multivariate drift: PCA reconstruction error and a domain classifier.") var multivariate = false
    @Option(help: "Rows per chunk for the reconstruction error (default: the reference in 10 chunks).") var chunkSize: Int?
    @Option(help: "Domain-classifier AUC at or above which the data drifted (default 0.65).") var aucThreshold: Double?
    @Option(help: "Write a self-contained HTML report to this file.") var html: String?
    @OptionGroup var compute: ComputeOptions
    @Flag(help: "Print one JSON object instead of the table.") var json = false

    func run() throws {
        let (report, multi) = try CommandFailure.run("drift") { try compute.run { try makeReports() } }
        if json {
            Console.emit(DriftJSON(report, multivariate: multi).text)
            let untestable = report.columns.filter { !$0.isTestable }
            if !untestable.isEmpty {
                Console.error("descent drift: not testable: \(untestable.map { "\($0.name) (\($0.notTestableReason ?? ""))" }.joined(separator: "; "))")
            }
        } else {
            var table = DriftTable.render(report)
            if let multi { table += DriftTable.render(multi) }
            Console.emit(String(table.dropLast()))
        }
        throw ExitCode(report.drift || multi?.drift == true ? 1 : 0)
    }

    func makeReport() throws -> DriftReport { try makeReports().0 }

    func makeReports() throws -> (DriftReport, MultivariateDrift?) {
        guard let reference else { throw CommandFailure("missing --reference FILE") }
        guard let current else { throw CommandFailure("missing --current FILE") }
        let delim = try OptionRange.delimiter(delimiter)
        let driftShare = try OptionRange.number(self.driftShare, "--drift-share", default: 0.5) { $0 >= 0 && $0 <= 1 }
        let pValueLimit = try OptionRange.integer(self.pValueLimit, "--p-value-limit", default: 1000) { $0 >= 0 }
        let permutations = try OptionRange.integer(self.permutations, "--permutations", default: 100) { $0 >= 1 }
        let seed = self.seed ?? 0
        var typeOverrides: [String: ColumnType] = [:]
        for item in types {
            let (k, v) = try KeyValue.pair(item, option: "--type")
            guard let t = ColumnType(rawValue: v) else {
                throw CommandFailure("--type expects col=\(ColumnType.allCases.map(\.rawValue).joined(separator: "|")), got '\(item)'")
            }
            typeOverrides[k] = t
        }
        var options = DriftOptions(driftShare: driftShare, selection: TestSelection(pValueReferenceLimit: pValueLimit),
                                   permutations: permutations, seed: seed)
        if let columns {
            let list = KeyValue.list(columns)
            guard !list.isEmpty else { throw CommandFailure("--columns is empty") }
            options.columns = list
        }
        for item in tests {
            let (k, v) = try KeyValue.keyed(item, option: "--test")
            guard let test = StatTest(rawValue: v) else {
                throw CommandFailure("unknown test '\(v)' (tests: \(StatTest.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            if let k { options.tests[k] = test } else { options.allColumnsTest = test }
        }
        for item in thresholds {
            let (k, v) = try KeyValue.keyed(item, option: "--threshold")
            guard let t = Double(v), t.isFinite, t >= 0 else { throw CommandFailure("--threshold expects a non-negative number, got '\(v)'") }
            if let k { options.thresholds[k] = t } else { options.allColumnsThreshold = t }
        }
        let wanted = options.columns
        let refReader = CSVReader(delimiter: delim, typeOverrides: typeOverrides, selectedColumns: wanted)
        let refRead = try Self.read(refReader, reference)
        let curHeader = Set(try CSVHeader.names(current, delimiter: delim))
        let missing = refRead.columnNames.filter { !curHeader.contains($0) }
        if let first = missing.first {
            throw CommandFailure("\(current): no column '\(first)' (present in \(reference))")
        }
        // Both files are read alike (only --type overrides), then their types are compared.
        let curOverrides = typeOverrides.filter { curHeader.contains($0.key) }
        let curRead = try Self.read(CSVReader(delimiter: delim, typeOverrides: curOverrides, selectedColumns: refRead.columnNames), current)
        let (refTable, curTable) = try ColumnTypeAgreement.reconcile(reference: refRead, current: curRead,
                                                                      referencePath: reference, currentPath: current)
        let report = try DriftReport(reference: refTable, current: curTable, options: options)
        if report.testedCount == 0 {
            let reasons = report.columns.map { "\($0.name) (\($0.notTestableReason ?? ""))" }.joined(separator: "; ")
            throw CommandFailure("no column could be tested: \(reasons)")
        }
        var multi: MultivariateDrift? = nil
        if multivariate {
            let aucThreshold = try OptionRange.number(self.aucThreshold, "--auc-threshold", default: 0.65) { $0 > 0 && $0 <= 1 }
            let chunkSize = try self.chunkSize.map { try OptionRange.integer($0, "--chunk-size", default: 1) { $0 >= 1 } }
            let usable = report.columns.filter { $0.type != .text }.map(\.name)
            multi = try MultivariateDrift(reference: refTable, current: curTable, columns: usable, chunkSize: chunkSize,
                                          aucThreshold: aucThreshold, seed: seed)
        }
        if let html {
            let page = HTMLDriftReport(report: report, reference: refTable, current: curTable, multivariate: multi,
                                       title: "Drift: \(URL(fileURLWithPath: current).lastPathComponent) against \(URL(fileURLWithPath: reference).lastPathComponent)")
            try OutputFile.write(page.render(), to: html)
        }
        return (report, multi)
    }

    /// Reads a table.
    static func read(_ reader: CSVReader, _ path: String) throws -> Table {
        try reader.read(path: path)
    }

    static func json(_ report: DriftReport) -> DriftJSON { DriftJSON(report) }

    static func json(_ m: MultivariateDrift) -> DriftJSON.Multivariate { DriftJSON.Multivariate(m) }
}

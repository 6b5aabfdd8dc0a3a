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
        Tests (Evidently's names): ks, chisquare, z, wasserstein, jensenshannon, psi, kl_div, hellinger,
        anderson, cramer_von_mises, mannw, ed, empirical_mmd; abs_text_content_drift for text. By default
        each column gets Evidently's choice: p-value tests (ks, chisquare, z) up to 1,000 reference values,
        distances (wasserstein, jensenshannon) above, the text classifier for text columns. The dataset drifts when the share of drifted columns reaches --drift-share.
        Exit status: 0 no drift, 1 drift, 2 bad input.
        """
    )

    @Option(help: "The reference CSV file (the data the model was trained on).") var reference: String?
    @Option(help: "The current CSV file (the data the model sees now).") var current: String?
    @Option(help: "Columns to test, comma-separated (default: all columns of the reference).") var columns: String?
    @Option(name: .customLong("test"), help: "A test for one column (col=ks) or for all columns (ks); repeatable.")
    var tests: [String] = []
    @Option(name: .customLong("threshold"), help: "A threshold for one column (col=0.01) or for all columns (0.01); repeatable.")
    var thresholds: [String] = []
    @Option(name: .customLong("type"), help: "Force a column's type: col=numeric|categorical|text; repeatable.")
    var types: [String] = []
    // Numbers are taken as text and checked in run(), so a bad value exits with status 2 like any bad input.
    @Option(help: "Dataset drift when this share of tested columns drifts (default 0.5).") var driftShare: String?
    @Option(help: "Reference values up to which p-value tests are chosen automatically (default 1000).") var pValueLimit: String?
    @Option(help: "Permutations for empirical_mmd (default 100).") var permutations: String?
    @Option(help: "Seed for permutations, subsampling and cross-validation folds (default 0).") var seed: String?
    @Option(help: "Field delimiter (one character).") var delimiter: String = ","
    @Flag(help: "Also test multivariate drift: PCA reconstruction error and a domain classifier.") var multivariate = false
    @Option(help: "Rows per chunk for the reconstruction error (default: the reference in 10 chunks).") var chunkSize: String?
    @Option(help: "Domain-classifier AUC at or above which the data drifted (default 0.65).") var aucThreshold: String?
    @Option(help: "Write a self-contained HTML report to this file.") var html: String?
    @Flag(help: "Print one JSON object instead of the table.") var json = false

    func run() throws {
        let report: DriftReport
        let multi: MultivariateDrift?
        do {
            (report, multi) = try makeReports()
        } catch let error as ExitCode {
            throw error
        } catch {
            FileHandle.standardError.write(Data("descent drift: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if json {
            var object = Self.json(report)
            if let multi, case .object(var fields) = object {
                fields.append(("multivariate", Self.json(multi)))
                fields[0] = ("drift", .bool(report.drift || multi.drift))
                object = .object(fields)
            }
            print(object.text)
        } else {
            print(DriftTable.render(report), terminator: "")
            if let multi { print(DriftTable.render(multi), terminator: "") }
        }
        let untestable = report.columns.filter { !$0.isTestable }
        if !untestable.isEmpty && json {
            FileHandle.standardError.write(Data("descent drift: not testable: \(untestable.map { "\($0.name) (\($0.notTestableReason ?? ""))" }.joined(separator: "; "))\n".utf8))
        }
        if report.testedCount == 0 {
            FileHandle.standardError.write(Data("descent drift: no column could be tested\n".utf8))
            throw ExitCode(2)
        }
        throw ExitCode(report.drift || multi?.drift == true ? 1 : 0)
    }

    func makeReport() throws -> DriftReport { try makeReports().0 }

    func makeReports() throws -> (DriftReport, MultivariateDrift?) {
        guard let reference else { throw DriftInputError("missing --reference FILE") }
        guard let current else { throw DriftInputError("missing --current FILE") }
        guard delimiter.count == 1, let delim = delimiter.first, delim.isASCII, delim != "\"" else {
            throw DriftInputError("--delimiter must be one ASCII character")
        }
        let driftShare = try Self.number(self.driftShare, "--drift-share", default: 0.5) { $0 >= 0 && $0 <= 1 }
        let pValueLimit = try Self.integer(self.pValueLimit, "--p-value-limit", default: 1000) { $0 >= 0 }
        let permutations = try Self.integer(self.permutations, "--permutations", default: 100) { $0 >= 1 }
        let seed = UInt64(try Self.integer(self.seed, "--seed", default: 0) { $0 >= 0 })
        var typeOverrides: [String: ColumnType] = [:]
        for item in types {
            let (k, v) = try Self.split(item, flag: "--type")
            guard let k, let t = ColumnType(rawValue: v) else {
                throw DriftInputError("--type expects col=numeric|categorical|text, got '\(item)'")
            }
            typeOverrides[k] = t
        }
        var options = DriftOptions(driftShare: driftShare, selection: TestSelection(pValueReferenceLimit: pValueLimit),
                                   permutations: permutations, seed: seed)
        if let columns {
            let list = columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !list.isEmpty else { throw DriftInputError("--columns is empty") }
            options.columns = list
        }
        for item in tests {
            let (k, v) = try Self.split(item, flag: "--test")
            guard let test = StatTest(rawValue: v) else {
                throw DriftInputError("unknown test '\(v)' (tests: \(StatTest.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            if let k { options.tests[k] = test } else { options.allColumnsTest = test }
        }
        for item in thresholds {
            let (k, v) = try Self.split(item, flag: "--threshold")
            guard let t = Double(v), t.isFinite, t >= 0 else { throw DriftInputError("--threshold expects a non-negative number, got '\(v)'") }
            if let k { options.thresholds[k] = t } else { options.allColumnsThreshold = t }
        }
        let wanted = options.columns
        let refReader = CSVReader(delimiter: delim, typeOverrides: typeOverrides, selectedColumns: wanted)
        let refTable = try Self.read(refReader, reference)
        // The current file is read with the reference's types, so a column numeric in one file
        // and not in the other fails with the file, line and value that break it.
        let curHeader = try Self.read(CSVReader(delimiter: delim, selectedColumns: nil), current, headerOnly: true)
        var curTypes: [String: ColumnType] = [:]
        for c in refTable.columns where curHeader.contains(c.name) { curTypes[c.name] = c.type }
        let missing = refTable.columnNames.filter { !curHeader.contains($0) }
        if let first = missing.first {
            throw DriftInputError("\(current): no column '\(first)' (present in \(reference))")
        }
        let curTable = try Self.read(CSVReader(delimiter: delim, typeOverrides: curTypes, selectedColumns: refTable.columnNames), current)
        let report = try DriftReport(reference: refTable, current: curTable, options: options)
        var multi: MultivariateDrift? = nil
        if multivariate {
            let aucThreshold = try Self.number(self.aucThreshold, "--auc-threshold", default: 0.65) { $0 > 0 && $0 <= 1 }
            let chunkSize = try self.chunkSize.map { (text: String) throws -> Int in try Self.integer(text, "--chunk-size", default: 1) { $0 >= 1 } }
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

    /// Parses an optional number option, checking its range.
    static func number(_ text: String?, _ flag: String, default value: Double, valid: (Double) -> Bool) throws -> Double {
        guard let text else { return value }
        guard let v = Double(text), v.isFinite, valid(v) else { throw DriftInputError("\(flag): invalid value '\(text)'") }
        return v
    }

    /// Parses an optional integer option, checking its range.
    static func integer(_ text: String?, _ flag: String, default value: Int, valid: (Int) -> Bool) throws -> Int {
        guard let text else { return value }
        guard let v = Int(text), valid(v) else { throw DriftInputError("\(flag): invalid value '\(text)'") }
        return v
    }

    /// Reads a table; with `headerOnly`, returns just the column names.
    static func read(_ reader: CSVReader, _ path: String) throws -> Table {
        try reader.read(path: path)
    }

    static func read(_ reader: CSVReader, _ path: String, headerOnly: Bool) throws -> Set<String> {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw CSVError(source: path, reason: "no such file") }
        guard !isDir.boolValue else { throw CSVError(source: path, reason: "is a directory, not a CSV file") }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CSVError(source: path, reason: "cannot read file") }
        defer { try? handle.close() }
        var data = Data()
        do {
            while let chunk = try handle.read(upToCount: 65536), !chunk.isEmpty {
                data.append(chunk)
                if chunk.contains(UInt8(ascii: "\n")) { break }
            }
        } catch {
            throw CSVError(source: path, reason: "cannot read file")
        }
        var text = String(decoding: data, as: UTF8.self)
        if let nl = text.firstIndex(of: "\n") { text = String(text[..<nl]) + "\n" }
        let table = try reader.read(string: text, source: path)
        return Set(table.columnNames)
    }

    /// Splits `key=value` (key present) or `value` (applies to all columns).
    static func split(_ item: String, flag: String) throws -> (String?, String) {
        guard let eq = item.lastIndex(of: "=") else { return (nil, item.trimmingCharacters(in: .whitespaces)) }
        let k = item[..<eq].trimmingCharacters(in: .whitespaces), v = item[item.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        guard !k.isEmpty, !v.isEmpty else { throw DriftInputError("\(flag) expects col=value or value, got '\(item)'") }
        return (k, v)
    }

    static func json(_ m: MultivariateDrift) -> JSONValue {
        let r = m.reconstruction, c = m.classifier
        return .object([
            ("drift", .bool(m.drift)),
            ("features", .array(m.features.map { .string($0) })),
            ("pca_reconstruction", .object([
                ("drift", .bool(r.drift)),
                ("components", .int(r.components)),
                ("explained_variance", .number(r.explainedVariance)),
                ("reference_error", .number(r.referenceError)),
                ("current_error", .number(r.currentError)),
                ("lower_threshold", .number(r.lowerThreshold)),
                ("upper_threshold", .number(r.upperThreshold)),
                ("current_chunks", .array(r.currentChunks.map { ch in
                    .object([("start", .int(ch.rows.lowerBound)), ("end", .int(ch.rows.upperBound)),
                             ("error", .number(ch.error)), ("alert", .bool(ch.alert))])
                })),
            ])),
            ("domain_classifier", .object([
                ("drift", .bool(c.drift)),
                ("auc", .number(c.auc)),
                ("fold_aucs", .array(c.foldAUCs.map { .number($0) })),
                ("threshold", .number(c.threshold)),
            ])),
        ])
    }

    static func json(_ report: DriftReport) -> JSONValue {
        .object([
            ("drift", .bool(report.drift)),
            ("drift_share", .number(report.driftShare)),
            ("drift_share_threshold", .number(report.driftShareThreshold)),
            ("number_of_columns", .int(report.columns.count)),
            ("number_of_tested_columns", .int(report.testedCount)),
            ("number_of_drifted_columns", .int(report.driftedCount)),
            ("columns", .array(report.columns.map { c in
                var fields: [(String, JSONValue)] = [
                    ("name", .string(c.name)),
                    ("type", .string(c.type.rawValue)),
                    ("test", c.test.map { .string($0.rawValue) } ?? .null),
                    ("statistic", .optional(c.statistic)),
                    ("p_value", .optional(c.pValue)),
                    ("threshold", .optional(c.threshold)),
                    ("drifted", c.drifted.map { .bool($0) } ?? .null),
                    ("reference_count", .int(c.referenceCount)),
                    ("current_count", .int(c.currentCount)),
                    ("reference_missing", .int(c.referenceMissing)),
                    ("current_missing", .int(c.currentMissing)),
                ]
                if let reason = c.notTestableReason { fields.append(("not_testable", .string(reason))) }
                return .object(fields)
            })),
        ])
    }
}

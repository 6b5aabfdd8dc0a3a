import ArgumentParser
import DescentData
import DescentMonitor
import Foundation

/// `descent drift stream`: runs a streaming drift detector over one column of a CSV file.
struct DriftStreamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream",
        abstract: "Run a streaming drift detector over a column and print where warnings and drifts fire.",
        discussion: """
        Detectors (River's semantics and defaults): adwin, page_hinkley, kswin (real values);
        ddm, eddm (0/1 errors); hddm_a, hddm_w (values in [0, 1]; one-sided by default, as in River:
        they detect an increase; pass --param two_sided_test=true for both directions).
        Parameters use River's names, e.g. --param delta=0.01 --param clock=16.
        Indices are zero-based positions in the stream (data rows, header excluded).
        Exit status: 0 no drift, 1 drift, 2 bad input.
        """
    )

    @Option(help: "Detector: adwin, page_hinkley, kswin, ddm, eddm, hddm_a, hddm_w.") var detector: String?
    @Option(name: .customLong("param"), help: "A detector parameter as key=value, River's names; repeatable.")
    var parameters: [String] = []
    @Option(help: "CSV file with the stream, one value per row.") var input: String?
    @Option(help: "The column to read (default: the file's only column).") var column: String?
    @Option(help: "Field delimiter (one character).") var delimiter: String = ","
    @Flag(help: "Print one JSON object.") var json = false

    func run() throws {
        let result: (kind: DetectorKind, params: [(String, String)], warnings: [Int], drifts: [Int])
        do {
            result = try detect()
        } catch let error as ExitCode {
            throw error
        } catch {
            FileHandle.standardError.write(Data("descent drift stream: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if json {
            let out = JSONValue.object([
                ("detector", .string(result.kind.rawValue)),
                ("parameters", .object(result.params.map { ($0.0, Self.jsonParameter($0.1)) })),
                ("warnings", .array(result.warnings.map { .int($0) })),
                ("drifts", .array(result.drifts.map { .int($0) })),
            ])
            print(out.text)
        } else {
            print("\(result.kind.rawValue) (\(result.params.map { "\($0.0)=\($0.1)" }.joined(separator: ", ")))")
            print("drifts (\(result.drifts.count)): \(result.drifts.map(String.init).joined(separator: " "))")
            print("warnings (\(result.warnings.count)): \(result.warnings.map(String.init).joined(separator: " "))")
        }
        throw ExitCode(result.drifts.isEmpty ? 0 : 1)
    }

    static func jsonParameter(_ v: String) -> JSONValue {
        if let i = Int(v) { return .int(i) }
        if let d = Double(v), d.isFinite { return .number(d) }
        switch v.lowercased() {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "none": return .null
        default: return .string(v)
        }
    }

    func detect() throws -> (kind: DetectorKind, params: [(String, String)], warnings: [Int], drifts: [Int]) {
        guard let detector else {
            throw DriftInputError("missing --detector (one of \(DetectorKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard let kind = DetectorKind(rawValue: detector) else {
            throw DriftInputError("unknown detector '\(detector)' (one of \(DetectorKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard let input else { throw DriftInputError("missing --input FILE") }
        guard delimiter.count == 1, let delim = delimiter.first, delim.isASCII, delim != "\"" else {
            throw DriftInputError("--delimiter must be one ASCII character")
        }
        var given: [String: String] = [:]
        for item in parameters {
            guard let eq = item.firstIndex(of: "=") else { throw DriftInputError("--param expects key=value, got '\(item)'") }
            given[String(item[..<eq]).trimmingCharacters(in: .whitespaces)] = String(item[item.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
        }
        var det = try kind.make(parameters: given)
        let header = try DriftCompareCommand.read(CSVReader(delimiter: delim), input, headerOnly: true)
        let name: String
        if let column {
            guard header.contains(column) else { throw CSVError(source: input, column: column, reason: "no such column (columns: \(header.sorted().joined(separator: ", ")))") }
            name = column
        } else {
            guard header.count == 1, let only = header.first else {
                throw DriftInputError("\(input) has \(header.count) columns; choose one with --column")
            }
            name = only
        }
        let table = try CSVReader(delimiter: delim, typeOverrides: [name: .numeric], selectedColumns: [name]).read(path: input)
        let col = table.columns[0]
        guard case .numbers(let values) = col.storage else { throw DriftInputError("column '\(name)' is not numeric") }
        guard !values.isEmpty else { throw DriftInputError("\(input): no data rows") }
        for (i, v) in values.enumerated() {
            let line = "\(input): value \(i) (data row \(i + 1)): column '\(name)'"
            if col.missing[i] { throw DriftInputError("\(line): missing value; a stream cannot have gaps") }
            if !v.isFinite { throw DriftInputError("\(line): \(v) is not finite") }
            switch kind {
            case .ddm, .eddm:
                if v != 0 && v != 1 { throw DriftInputError("\(line): \(kind.rawValue) expects 0/1 errors, got \(v)") }
            case .hddmA, .hddmW:
                if v < 0 || v > 1 { throw DriftInputError("\(line): \(kind.rawValue) expects values in [0, 1], got \(v)") }
            default: break
            }
        }
        var defaults = kind.defaultParameters.map { ($0.name, given[$0.name] ?? $0.value) }
        if kind == .kswin, let k = det as? KSWIN, given["seed"] == nil {
            defaults = defaults.map { $0.0 == "seed" ? ("seed", String(k.seed)) : $0 }
        }
        let (warnings, drifts) = det.run(values)
        return (kind, defaults, warnings, drifts)
    }
}

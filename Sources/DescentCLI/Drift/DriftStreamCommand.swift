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
        Detectors (River's semantics and defaults): adwin, page_hinkley, kswin (real values); ddm, eddm (0/1 errors); hddm_a, hddm_w (values in [0, 1]; one-sided by default, as in River: they detect an increase; pass --param two_sided_test=true for both directions).

        Parameters use River's names, e.g. --param delta=0.01 --param clock=16. Indices are zero-based positions in the stream (data rows, header excluded).

        Examples:
          descent drift stream --detector adwin --input errors.csv --column error
          descent drift stream --detector kswin --param window_size=200 --seed 7 --input values.csv --json

        Exit status: 0 no drift, 1 drift, 2 bad input.
        """
    )

    @Option(help: "The detector.") var detector: Choice<DetectorKind>?
    @Option(name: .customLong("param"), help: "A detector parameter as key=value, River's names; repeatable.")
    var parameters: [String] = []
    @Option(help: "CSV file with the stream, one value per row.") var input: String?
    @Option(help: "The column to read (default: the file's only column).") var column: String?
    @Option(help: "Field delimiter (one character).") var delimiter: String = ","
    @Option(help: "Seed of the detectors that draw at random (kswin's seed parameter; default: River's, a random seed).") var seed: UInt64?
    @OptionGroup var compute: ComputeOptions
    @Flag(help: "Print one JSON object.") var json = false

    func run() throws {
        let result = try CommandFailure.run("drift stream") { try compute.run { try detect() } }
        if json {
            Console.emit(DriftStreamJSON(detector: result.kind.rawValue,
                                         parameters: Dictionary(uniqueKeysWithValues: result.params.map { ($0.0, JSONScalar(parsing: $0.1)) }),
                                         warnings: result.warnings, drifts: result.drifts).text)
        } else {
            Console.emit("""
                \(result.kind.rawValue) (\(result.params.map { "\($0.0)=\($0.1)" }.joined(separator: ", ")))
                drifts (\(result.drifts.count)): \(result.drifts.map(String.init).joined(separator: " "))
                warnings (\(result.warnings.count)): \(result.warnings.map(String.init).joined(separator: " "))
                """)
        }
        throw ExitCode(result.drifts.isEmpty ? 0 : 1)
    }

    func detect() throws -> (kind: DetectorKind, params: [(String, String)], warnings: [Int], drifts: [Int]) {
        guard let kind = try detector?.value("--detector") else {
            throw CommandFailure("missing --detector (one of \(DetectorKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard let input else { throw CommandFailure("missing --input FILE") }
        let delim = try OptionRange.delimiter(delimiter)
        var given: [String: String] = [:]
        for item in parameters {
            let (key, value) = try KeyValue.pair(item, option: "--param")
            given[key] = value
        }
        if let seed, kind.defaultParameters.contains(where: { $0.name == "seed" }) {
            if let other = given["seed"], other != String(seed) { throw CommandFailure("--seed \(seed) and --param seed=\(other) disagree") }
            given["seed"] = String(seed)
        }
        var det = try kind.make(parameters: given)
        let header = Set(try CSVHeader.names(input, delimiter: delim))
        let name: String
        if let column {
            guard header.contains(column) else { throw CSVError(source: input, column: column, reason: "no such column (columns: \(header.sorted().joined(separator: ", ")))") }
            name = column
        } else {
            guard header.count == 1, let only = header.first else {
                throw CommandFailure("\(input) has \(header.count) columns; choose one with --column")
            }
            name = only
        }
        let col = try CSVReader(delimiter: delim).readNumbers(path: input, columns: [name])[0]
        guard case .numbers(let values) = col.storage else { throw CommandFailure("column '\(name)' is not numeric") }
        guard !values.isEmpty else { throw CommandFailure("\(input): no data rows") }
        // The message is built only for the offending value: a stream has millions.
        func failure(_ i: Int, _ reason: String) -> CommandFailure {
            CommandFailure("\(input): value \(i) (data row \(i + 1)): column '\(name)': \(reason)")
        }
        let bounds: ClosedRange<Double>? = switch kind {
        case .hddmA, .hddmW: 0...1
        default: nil
        }
        let binary = kind == .ddm || kind == .eddm
        try values.withUnsafeBufferPointer { v in
            try col.missing.withUnsafeBufferPointer { missing in
                for i in 0..<v.count {
                    let x = v[i]
                    if missing[i] { throw failure(i, "missing value; a stream cannot have gaps") }
                    if !x.isFinite { throw failure(i, "\(x) is not finite") }
                    if binary && x != 0 && x != 1 { throw failure(i, "\(kind.rawValue) expects \(kind.inputDomain), got \(x)") }
                    if let bounds, !bounds.contains(x) { throw failure(i, "\(kind.rawValue) expects \(kind.inputDomain), got \(x)") }
                }
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

import DescentData
import DescentEval
import Foundation

/// The slices and sample weights of `descent eval --run`: columns of the CSV file the
/// evaluated rows came from (``EvalRun/sourceRows``), taken at those rows, so any column of
/// the file can slice or weight, the model's features or not. `label` slices by the true
/// class (quantile bins of the target for regression) unless the file has a column of that
/// name; data without named columns (digits, IDX, NPY, generators) has only that slice.
enum EvalRunColumns {
    /// The name that slices by the true class.
    static let labelSlice = "label"

    static func read(_ run: EvalRun, slices: [String], sampleWeight: String?, bins: Int) throws -> (slices: [Slice], weights: SampleWeights?) {
        guard !slices.isEmpty || sampleWeight != nil else { return ([], nil) }
        guard let (path, rows) = run.sourceRows else {
            if let sampleWeight {
                throw CommandFailure("--sample-weight \(sampleWeight): \(run.dataSpec) has no columns to take weights from (give --data csv:FILE)")
            }
            if let other = slices.first(where: { $0 != labelSlice }) {
                throw CommandFailure("--slices \(other): \(run.dataSpec) has no columns to slice by (only '\(labelSlice)', the true class; or give --data csv:FILE)")
            }
            return (try Slice.slices(of: labelColumn(run), bins: bins, source: run.dataSpec), nil)
        }
        let header = try CSVHeader.names(path, delimiter: ",")
        let available = "columns: \(header.sorted().joined(separator: ", "))"
        for column in slices where !header.contains(column) && column != labelSlice {
            throw CSVError(source: path, column: column, reason: "no such column to slice on (\(available); '\(labelSlice)' slices by the true class)")
        }
        if let sampleWeight, !header.contains(sampleWeight) {
            throw CSVError(source: path, column: sampleWeight, reason: "no such column for --sample-weight (\(available))")
        }
        let fileColumns = EvalCommand.unique(slices.filter { header.contains($0) } + (sampleWeight.map { [$0] } ?? []))
        var types: [String: ColumnType] = [:]
        if let sampleWeight { types[sampleWeight] = .numeric }
        let table = try CSVReader(typeOverrides: types, selectedColumns: fileColumns).read(path: path)
        // Messages name the file's rows (from 1, the header not counted).
        let rowNumbers = rows.map { $0 + 1 }
        var sliced: [Slice] = []
        for name in slices {
            let column = header.contains(name) ? table[name]!.gathering(rows) : labelColumn(run)
            sliced += try Slice.slices(of: column, bins: bins, source: path)
        }
        let weights = try sampleWeight.map { try SampleWeights(column: table[$0]!.gathering(rows), source: path, rowNumbers: rowNumbers) }
        try Slice.requireWeight(sliced, weights: weights?.values, source: path)
        return (sliced, weights)
    }

    /// The evaluated rows' true labels as a column named `label`: class names, or the
    /// regression target.
    static func labelColumn(_ run: EvalRun) -> Column {
        let targets = run.evaluated.targets.scalars
        switch run.evaluated.task {
        case .classification(let classes):
            let names = run.evaluated.classNames ?? (0..<classes).map(String.init)
            return Column(name: labelSlice, type: .categorical, strings: targets.map { names[Int($0)] })
        case .regression:
            return Column(name: labelSlice, numbers: targets.map { Double($0) })
        }
    }
}

import Foundation

extension Dataset {
    /// A dataset from a CSV file with a header, and the encoding fitted on it (keep it to encode other files the same way).
    ///
    /// The file is read by ``CSVReader``; every column except `label` and `exclude` becomes
    /// features (see ``TabularEncoding``). Columns named in `categorical` are one-hot encoded
    /// even when their values look numeric.
    public static func csv(
        path: String, label: String, kind: TabularEncoding.LabelKind = .automatic,
        categorical: Set<String> = [], exclude: Set<String> = []
    ) throws(DataError) -> (dataset: Dataset, encoding: TabularEncoding) {
        let table = try readTable(path, overrides: Dictionary(uniqueKeysWithValues: categorical.map { ($0, ColumnType.categorical) }))
        guard table[label] != nil else { throw .missingLabelColumn(label, in: path, available: table.columnNames) }
        let encoding = try TabularEncoding(fitting: table, label: label, kind: kind, exclude: exclude)
        return (try encoding.encode(table), encoding)
    }

    /// A dataset from a CSV file, encoded with an encoding fitted on another file (a test set, say).
    public static func csv(path: String, encoding: TabularEncoding) throws(DataError) -> Dataset {
        try encoding.encode(try readTable(path, encodedBy: encoding))
    }

    /// The encoded features of the CSV file at `path` for a model trained with `encoding`, and
    /// its labels when the file has the label column (nil otherwise): what `descent predict` reads.
    public static func csvFeatures(path: String, encoding: TabularEncoding) throws(DataError) -> (features: Tensor, targets: Tensor?) {
        let table = try readTable(path, encodedBy: encoding)
        let features = try encoding.encodeFeatures(table)
        return (features, table[encoding.labelColumn] == nil ? nil : try encoding.encodeTargets(table))
    }

    /// The CSV file at `path` read for `encoding`: its categorical columns as categories
    /// whatever their cells look like (any of them may be absent).
    private static func readTable(_ path: String, encodedBy encoding: TabularEncoding) throws(DataError) -> Table {
        var overrides: [String: ColumnType] = [:]
        for column in encoding.columns {
            if case .categorical(let name, _) = column { overrides[name] = .categorical }
        }
        return try readTable(path, overrides: overrides, allowMissingOverrides: true)
    }

    /// The CSV file at `path` as numbers: every column a feature in file order, except a
    /// column named `label`, read as targets when present (for models trained on data that
    /// did not come from a CSV file: image pixels, generated features).
    public static func csvNumbers(path: String) throws(DataError) -> (features: Tensor, featureNames: [String], targets: [Double]?) {
        let table = try readTable(path, overrides: [:])
        var columns: [[Double]] = []
        var names: [String] = []
        var targets: [Double]?
        for column in table.columns {
            if column.missingCount > 0, let row = column.missing.firstIndex(of: true) {
                throw .missingValue(path: path, row: row + 1, column: column.name)
            }
            let values: [Double]
            switch column.storage {
            case .numbers(let numbers): values = numbers
            case .strings(let cells):
                let row = cells.firstIndex { Double($0.trimmingCharacters(in: .whitespaces)) == nil } ?? 0
                throw .nonNumeric(cells[row], path: path, row: row + 1, column: column.name)
            }
            if let row = values.firstIndex(where: { !$0.isFinite || !Float($0).isFinite }) {
                throw .nonFinite("\(values[row])", path: path, row: row + 1, column: column.name)
            }
            if column.name == "label" { targets = values } else {
                columns.append(values)
                names.append(column.name)
            }
        }
        let rows = table.rowCount, width = columns.count
        var features = [Float](repeating: 0, count: rows * width)
        for (j, values) in columns.enumerated() {
            for row in 0..<rows { features[row * width + j] = Float(values[row]) }
        }
        return (Tensor(shape: [rows, width], scalars: features), names, targets)
    }

    /// The table in `path`, with a missing file reported as such.
    private static func readTable(_ path: String, overrides: [String: ColumnType], allowMissingOverrides: Bool = false) throws(DataError) -> Table {
        try DataFile.requireFile(path)
        var usable = overrides
        if allowMissingOverrides || !overrides.isEmpty {
            // Overrides must name existing columns; read the header alone to drop or report the others.
            let header = try readHeader(path)
            for name in overrides.keys where !header.contains(name) {
                if allowMissingOverrides { usable[name] = nil } else {
                    throw .unusableColumn(name, path: path, "listed as categorical, but there is no such column (columns: \(header.joined(separator: ", ")))")
                }
            }
        }
        let table: Table
        do {
            table = try CSVReader(typeOverrides: usable).read(path: path)
        } catch {
            throw .csv(error)
        }
        guard table.rowCount > 0 else { throw .empty(path: path) }
        return table
    }

    /// The column names in the first record of `path`.
    private static func readHeader(_ path: String) throws(DataError) -> [String] {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .missingFile(path) }
        defer { try? handle.close() }
        var firstLine = Data()
        while let chunk = try? handle.read(upToCount: 65_536), !chunk.isEmpty {
            if let newline = chunk.firstIndex(of: UInt8(ascii: "\n")) {
                firstLine.append(chunk[chunk.startIndex..<newline])
                break
            }
            firstLine.append(chunk)
        }
        if let problem = CSVReader.utf16Problem(firstLine) { throw .csv(CSVError(source: path, reason: problem)) }
        do {
            return try CSVReader().read(string: String(decoding: firstLine, as: UTF8.self), source: path).columnNames
        } catch {
            throw .csv(error)
        }
    }
}

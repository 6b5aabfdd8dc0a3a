import DescentCore
import Foundation

/// `descent audit redact`: a copy of a CSV file with every piece of personal information in its
/// cells replaced by its placeholder (`[EMAIL]`, `[PHONE]`, ...). Cells are read as the file
/// wrote them (no type conversion, no missing-value tokens), so everything else is unchanged;
/// the copy is written with `\n` line ends and RFC 4180 quoting where a cell needs it.
public enum Redaction {
    /// Matches replaced, per kind.
    public typealias Counts = [PIIKind: Int]

    /// The redacted CSV text of the file at `path`, and the replacements made.
    public static func redact(path: String, delimiter: Character = ",") throws(CSVError) -> (text: String, counts: Counts) {
        let header = try CSVReader(delimiter: delimiter, missingTokens: []).read(path: path)
        let types = Dictionary(uniqueKeysWithValues: header.columnNames.map { ($0, ColumnType.text) })
        let table = try CSVReader(delimiter: delimiter, typeOverrides: types, missingTokens: []).read(path: path)
        return redact(table, delimiter: delimiter)
    }

    /// The redacted CSV text of `table` (string columns redacted; numbers written back as read).
    public static func redact(_ table: Table, delimiter: Character = ",") -> (text: String, counts: Counts) {
        var counts: Counts = [:]
        var columns: [[String]] = []
        for column in table.columns {
            var cells = [String](repeating: "", count: table.rowCount)
            for row in 0..<table.rowCount where !column.missing[row] {
                switch column.storage {
                case .numbers(let values): cells[row] = "\(values[row])"
                case .strings(let values):
                    let (text, found) = PIIScanner.redact(values[row])
                    for match in found { counts[match.kind, default: 0] += 1 }
                    cells[row] = text
                }
            }
            columns.append(cells)
        }
        var out = table.columnNames.map { quoted($0, delimiter) }.joined(separator: String(delimiter)) + "\n"
        for row in 0..<table.rowCount {
            out += columns.map { quoted($0[row], delimiter) }.joined(separator: String(delimiter)) + "\n"
        }
        return (out, counts)
    }

    static func quoted(_ cell: String, _ delimiter: Character) -> String {
        guard cell.contains(where: { $0 == delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// The text a cell stands for, the same however the file wrote it: numbers by value (`1`, `1.0`
/// and `1.00e0` are `1`; `-0` is `0`), strings as they are, missing cells as one marker.
///
/// Duplicate checks and the dataset fingerprint compare cells by this form.
public enum CanonicalCell {
    /// The marker of a missing cell (a string cell is prefixed, so it cannot collide).
    public static let missing = "\u{0}NA"

    /// The canonical text of the cell at `row` of `column`.
    public static func text(_ column: Column, row: Int) -> String {
        if column.missing[row] { return missing }
        switch column.storage {
        case .numbers(let values): return number(values[row])
        case .strings(let values): return "s" + values[row]
        }
    }

    /// A number as text: integers up to 2^53 without a fraction, others in Swift's shortest round-trip form.
    public static func number(_ x: Double) -> String {
        if x == 0 { return "n0" }
        if x.isInfinite { return x < 0 ? "n-inf" : "ninf" }
        if x.rounded() == x && abs(x) <= 9_007_199_254_740_992 { return "n" + String(Int64(x)) }
        return "n" + x.description
    }

    /// The canonical texts of every row over `columns`, each cell prefixed by its length so
    /// that no two different rows share a key.
    public static func rowKeys(_ table: Table, columns: [String]) -> [String] {
        let picked = columns.compactMap { table[$0] }
        var keys = [String](repeating: "", count: table.rowCount)
        for row in 0..<table.rowCount {
            var key = ""
            for column in picked {
                let cell = text(column, row: row)
                key += "\(cell.utf8.count):" + cell
            }
            keys[row] = key
        }
        return keys
    }
}

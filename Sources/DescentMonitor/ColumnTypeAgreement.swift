import DescentData

/// Makes the column types of a reference and a current table agree before they are compared.
///
/// A column numeric in one file and not in the other is an error, the same one-line error
/// whichever side is numeric, naming both files and the first cell that is not a number.
/// Categorical and text columns are both strings: the current column takes the reference's
/// type. A column with no present cell on one side takes the other side's type.
public enum ColumnTypeAgreement {
    /// The two tables with equal types per column, or a ``DriftInputError``.
    public static func reconcile(
        reference: Table, current: Table, referencePath: String, currentPath: String
    ) throws(DriftInputError) -> (reference: Table, current: Table) {
        var refColumns: [Column] = [], curColumns: [Column] = []
        for ref in reference.columns {
            guard let cur = current[ref.name] else { throw DriftInputError("\(currentPath): no column '\(ref.name)' (present in \(referencePath))") }
            let refPresent = ref.count > ref.missingCount, curPresent = cur.count > cur.missingCount
            switch (ref.type == .numeric, cur.type == .numeric) {
            case (true, false) where refPresent && curPresent:
                throw mismatch(ref.name, numericIn: referencePath, notIn: currentPath, cur)
            case (false, true) where refPresent && curPresent:
                throw mismatch(ref.name, numericIn: currentPath, notIn: referencePath, ref)
            case (true, false), (false, true):
                if curPresent {
                    refColumns.append(empty(like: cur, count: ref.count)); curColumns.append(cur)
                } else {
                    refColumns.append(ref); curColumns.append(empty(like: ref, count: cur.count))
                }
            case (false, false) where cur.type != ref.type:
                refColumns.append(ref)
                curColumns.append(Column(name: cur.name, type: ref.type, storage: cur.storage, missing: cur.missing,
                                         missingCount: cur.missingCount))
            default:
                refColumns.append(ref); curColumns.append(cur)
            }
        }
        return (Table(columns: refColumns, source: reference.source), Table(columns: curColumns, source: current.source))
    }

    private static func mismatch(_ name: String, numericIn numericPath: String, notIn otherPath: String,
                                 _ other: Column) -> DriftInputError {
        var example = ""
        if case .strings(let values) = other.storage,
           let row = values.indices.first(where: { !other.missing[$0] && Double(values[$0]) == nil }) {
            example = " (\(otherPath) row \(row + 1): \"\(values[row].prefix(40))\")"
        }
        return DriftInputError("column '\(name)' is numeric in \(numericPath) but not in \(otherPath)\(example); "
            + "pass --type \(name)=categorical to compare both as categories")
    }

    /// A column of `count` missing cells with the type of `model`.
    private static func empty(like model: Column, count: Int) -> Column {
        model.type == .numeric
            ? Column(name: model.name, numbers: [Double?](repeating: nil, count: count))
            : Column(name: model.name, type: model.type, strings: [String?](repeating: nil, count: count))
    }
}

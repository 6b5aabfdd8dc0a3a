import DescentNN

/// The examples `rows` of another batch source, renumbered from 0 (a part of a part).
public struct RowRangeSource: BatchSource {
    public let base: any BatchSource
    public let rows: Range<Int>

    public init(_ base: any BatchSource, rows: Range<Int>) {
        precondition(rows.lowerBound >= 0 && rows.upperBound <= base.exampleCount, "rows \(rows) outside 0..<\(base.exampleCount)")
        self.base = base
        self.rows = rows
    }

    public var exampleCount: Int { rows.count }

    public func batch(rows indices: [Int]) -> (input: Tensor, target: Tensor) {
        base.batch(rows: indices.map { rows.lowerBound + $0 })
    }
}

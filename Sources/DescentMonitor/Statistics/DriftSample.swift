/// The present values of one column in the reference and the current data, ready for a test.
public enum DriftSample: Sendable {
    /// Finite numbers (missing cells removed).
    case numeric(reference: [Double], current: [Double])
    /// Category labels (missing cells removed).
    case categorical(reference: [String], current: [String])

    /// Reference sample size.
    public var referenceCount: Int {
        switch self {
        case .numeric(let r, _): r.count
        case .categorical(let r, _): r.count
        }
    }

    /// Current sample size.
    public var currentCount: Int {
        switch self {
        case .numeric(_, let c): c.count
        case .categorical(_, let c): c.count
        }
    }

    /// Number of distinct values over both samples (pandas' `nunique` of the concatenation).
    public var distinctCount: Int {
        switch self {
        case .numeric(let r, let c): Set(r + c).count
        case .categorical(let r, let c): Set(r + c).count
        }
    }

    /// The number of distinct values over both samples if it is at most `limit`, else `limit + 1`
    /// (linear in the sample size for the small limits test selection needs).
    public func distinctCount(upTo limit: Int) -> Int {
        switch self {
        case .numeric(let r, let c): Self.distinct([r, c], limit: limit)
        case .categorical(let r, let c): Self.distinct([r, c], limit: limit)
        }
    }

    static func distinct<T: Equatable>(_ arrays: [[T]], limit: Int) -> Int {
        var seen: [T] = []
        seen.reserveCapacity(limit + 1)
        for a in arrays {
            for v in a where !seen.contains(v) {
                seen.append(v)
                if seen.count > limit { return limit + 1 }
            }
        }
        return seen.count
    }

    /// Category counts (numbers are categories by value).
    public var frequencyTable: FrequencyTable {
        switch self {
        case .numeric(let r, let c): FrequencyTable(reference: r, current: c)
        case .categorical(let r, let c): FrequencyTable(reference: r, current: c)
        }
    }
}

import Foundation
import Synchronization

/// Per-column drift between a reference and a current table, and the dataset verdict.
public struct DriftReport: Sendable {
    /// One verdict per tested (or untestable) column, in reference order.
    public let columns: [ColumnDrift]
    /// The share of drifted columns among testable ones that makes the dataset drifted.
    public let driftShareThreshold: Double

    /// Number of testable columns.
    public var testedCount: Int { columns.filter(\.isTestable).count }
    /// Number of drifted columns.
    public var driftedCount: Int { columns.filter { $0.drifted == true }.count }
    /// Share of drifted columns among testable ones (0 when none is testable).
    public var driftShare: Double { testedCount == 0 ? 0 : Double(driftedCount) / Double(testedCount) }
    /// Dataset-level verdict: the drifted share reaches the threshold.
    public var drift: Bool { testedCount > 0 && driftShare >= driftShareThreshold }
    /// Names of drifted columns.
    public var driftedColumns: [String] { columns.filter { $0.drifted == true }.map(\.name) }

    /// Compares `current` with `reference` column by column (columns run in parallel).
    public init(reference: Table, current: Table, options: DriftOptions = DriftOptions()) throws(DriftInputError) {
        guard reference.rowCount > 0 else { throw DriftInputError("\(reference.source): no data rows") }
        guard current.rowCount > 0 else { throw DriftInputError("\(current.source): no data rows") }
        let names = options.columns ?? reference.columnNames
        var pairs: [(Column, Column, StatTest?, Double?)] = []
        for name in names {
            guard let r = reference[name] else { throw DriftInputError("\(reference.source): no column '\(name)'") }
            guard let c = current[name] else { throw DriftInputError("\(current.source): no column '\(name)' (present in \(reference.source))") }
            if (r.type == .numeric) != (c.type == .numeric) {
                throw DriftInputError("column '\(name)' is \(r.type.rawValue) in \(reference.source) but \(c.type.rawValue) in \(current.source)")
            }
            let test = options.tests[name] ?? options.allColumnsTest
            if let test, !test.allowedTypes.contains(r.type) {
                throw DriftInputError("column '\(name)' is \(r.type.rawValue); test '\(test.rawValue)' applies to \(test.allowedTypes.map(\.rawValue).sorted().joined(separator: " and ")) columns")
            }
            let threshold = options.thresholds[name] ?? options.allColumnsThreshold
            if let threshold, !(threshold.isFinite && threshold >= 0) {
                throw DriftInputError("column '\(name)': threshold must be a non-negative number")
            }
            pairs.append((r, c, test, threshold))
        }
        for name in options.tests.keys where !names.contains(name) {
            throw DriftInputError("--test names column '\(name)', which is not tested")
        }
        for name in options.thresholds.keys where !names.contains(name) {
            throw DriftInputError("--threshold names column '\(name)', which is not tested")
        }
        // Columns differ widely in cost, so the compute threads take them one at a time.
        var results = [ColumnDrift?](repeating: nil, count: pairs.count)
        let next = Atomic<Int>(0)
        results.withUnsafeMutableBufferPointer { results in
            parallelChunks(min(ComputeThreads.count, pairs.count), grain: 1) { workers in
                for _ in workers {
                    while case let i = next.add(1, ordering: .relaxed).oldValue, i < pairs.count {
                        let (r, c, test, threshold) = pairs[i]
                        results[i] = Self.evaluate(reference: r, current: c, test: test, threshold: threshold, options: options)
                    }
                }
            }
        }
        columns = results.map { $0! }
        driftShareThreshold = options.driftShare
    }

    /// Tests one pair of columns.
    public static func evaluate(reference r: Column, current c: Column, test chosen: StatTest?, threshold: Double?, options: DriftOptions)
        -> ColumnDrift
    {
        func untestable(_ reason: String, _ nr: Int = 0, _ nc: Int = 0) -> ColumnDrift {
            ColumnDrift(name: r.name, type: r.type, test: chosen, statistic: nil, pValue: nil, threshold: nil, drifted: nil,
                        notTestableReason: reason, referenceCount: nr, currentCount: nc,
                        referenceMissing: r.missingCount, currentMissing: c.missingCount)
        }
        let sample: DriftSample
        if r.type == .numeric {
            let ref = r.presentNumbers(), cur = c.presentNumbers()
            let infR = ref.lazy.filter(\.isInfinite).count, infC = cur.lazy.filter(\.isInfinite).count
            if infR + infC > 0 {
                var parts: [String] = []
                if infR > 0 { parts.append("\(infR) infinite value\(infR == 1 ? "" : "s") in reference") }
                if infC > 0 { parts.append("\(infC) infinite value\(infC == 1 ? "" : "s") in current") }
                return untestable(parts.joined(separator: ", "), ref.count, cur.count)
            }
            sample = .numeric(reference: ref, current: cur)
        } else {
            sample = .categorical(reference: r.presentStrings(), current: c.presentStrings())
        }
        let nr = sample.referenceCount, nc = sample.currentCount
        if nr == 0 { return untestable("all values missing in reference", nr, nc) }
        if nc == 0 { return untestable("all values missing in current", nr, nc) }
        let distinct = sample.distinctCount(upTo: 5)
        if distinct == 1 {
            let value: String
            switch sample {
            case .numeric(let v, _): value = String(v[0])
            case .categorical(let v, _): value = v[0]
            }
            return untestable("a single distinct value (\(value)) in both samples", nr, nc)
        }
        guard let test = chosen ?? options.selection.test(for: r.type, referenceCount: nr, distinctCount: distinct) else {
            return untestable("no test for \(r.type.rawValue) columns", nr, nc)
        }
        if let reason = minimumSizeProblem(test, nr, nc, sample) {
            return ColumnDrift(name: r.name, type: r.type, test: test, statistic: nil, pValue: nil, threshold: nil, drifted: nil,
                               notTestableReason: reason, referenceCount: nr, currentCount: nc,
                               referenceMissing: r.missingCount, currentMissing: c.missingCount)
        }
        let result = test.run(sample, permutations: options.permutations, seed: options.seed)
        if result.score.isNaN {
            return ColumnDrift(name: r.name, type: r.type, test: test, statistic: nil, pValue: nil, threshold: nil, drifted: nil,
                               notTestableReason: "\(test.rawValue) is undefined for these values", referenceCount: nr, currentCount: nc,
                               referenceMissing: r.missingCount, currentMissing: c.missingCount)
        }
        let t = threshold ?? test.defaultThreshold
        return ColumnDrift(name: r.name, type: r.type, test: test, statistic: result.statistic, pValue: result.pValue, threshold: t,
                           drifted: test.isDrift(score: result.score, threshold: t), notTestableReason: nil,
                           referenceCount: nr, currentCount: nc, referenceMissing: r.missingCount, currentMissing: c.missingCount)
    }

    private static func minimumSizeProblem(_ test: StatTest, _ nr: Int, _ nc: Int, _ sample: DriftSample) -> String? {
        switch test {
        case .cramerVonMises, .empiricalMMD:
            if nr < 2 || nc < 2 { return "\(test.rawValue) needs at least 2 values in each sample" }
        case .anderson:
            if nr + nc < 4 { return "anderson needs at least 4 values in all" }
        case .textContentDrift:
            if nr < 10 || nc < 10 { return "\(test.rawValue) needs at least 10 texts in each sample" }
        default: break
        }
        return nil
    }
}

import DescentEval
import Foundation

/// `descent eval` without `--json`: the metrics, then the slices, calibration, selective
/// prediction and robustness, as aligned text.
enum EvalTable {
    static func render(_ e: ClassificationEvaluation, classes: [String]) -> String {
        var lines = ["classification: \(e.metrics.rows) rows, \(classes.count) classes"]
        lines += metricLines(ClassificationMetrics.names, e.metrics.values)
        if let c = e.calibration {
            lines.append("temperature scaling: T = \(fmt(c.temperature)) (fitted on \(c.validationRows) rows); ECE \(fmt(c.eceBefore)) -> \(fmt(c.eceAfter)) on \(c.evaluationRows) rows")
        }
        if let s = e.selective, let target = s.targetAccuracy {
            if let threshold = s.threshold, let coverage = s.coverage {
                lines.append("selective: target accuracy \(fmt(target)): threshold \(fmt(threshold)) keeps \(String(format: "%.1f", coverage * 100))% of the rows at accuracy \(s.accuracy.map(fmt) ?? "-")")
            } else {
                lines.append("selective: target accuracy \(fmt(target)) is not reached on the validation part")
            }
        }
        lines += sliceLines(e.slices, metric: "accuracy", gap: e.worstSliceGap)
        if let r = e.robustness {
            lines.append("robustness (\(r.rows) rows, sizes x input sd \(fmt(r.scale))):")
            for (name, levels) in [("noise", r.noise), ("fgsm", r.fgsm), ("pgd", r.pgd)] {
                lines.append("  \(name.padded(6))" + levels.map { "\(fmt($0.size)): \(fmt($0.accuracy))" }.joined(separator: "  "))
            }
        }
        return lines.joined(separator: "\n")
    }

    static func render(_ e: RegressionEvaluation) -> String {
        var lines = ["regression: \(e.metrics.rows) rows"]
        lines += metricLines(RegressionMetrics.names, e.metrics.values)
        lines += sliceLines(e.slices, metric: "mae", gap: e.worstSliceGap)
        return lines.joined(separator: "\n")
    }

    private static func metricLines(_ names: [String], _ values: [String: Double?]) -> [String] {
        names.map { "  \($0.padded(18)) \((values[$0] ?? nil).map(fmt) ?? "-")" }
    }

    private static func sliceLines(_ slices: [SliceResult], metric: String, gap: WorstSliceGap?) -> [String] {
        guard !slices.isEmpty else { return [] }
        var lines = ["slices (\(metric), 95% bootstrap interval):"]
        for s in slices {
            let v = (s.metrics[metric] ?? nil).map(fmt) ?? "-"
            let ci = s.intervals[metric].map { " [\(fmt($0.lower)), \(fmt($0.upper))]" } ?? ""
            lines.append("  \(s.column) = \(s.value) (\(s.rows) rows): \(v)\(ci)")
        }
        if let gap {
            lines.append("worst slice: \(gap.column) = \(gap.value), \(gap.metric) \(fmt(gap.slice)) against \(fmt(gap.overall)) overall (gap \(fmt(gap.gap)))")
        }
        return lines
    }

    static func fmt(_ x: Double) -> String { String(format: "%.4f", x) }
}

import DescentMonitor
import Foundation

/// The human-readable per-column table and verdict of a drift report.
enum DriftTable {
    static func render(_ report: DriftReport) -> String {
        var rows: [[String]] = [["column", "type", "test", "statistic", "p-value", "threshold", "drifted"]]
        for c in report.columns {
            rows.append([
                c.name, c.type.rawValue, c.test?.rawValue ?? "-",
                c.statistic.map(formatStatistic) ?? "-",
                c.pValue.map(formatStatistic) ?? "-",
                c.threshold.map(formatStatistic) ?? "-",
                c.drifted.map { $0 ? "yes" : "no" } ?? "not testable: \(c.notTestableReason ?? "")",
            ])
        }
        let widths = (0..<7).map { i in rows.map { $0[i].count }.max()! }
        var out = ""
        for row in rows {
            let cells = row.enumerated().map { i, s in i == 6 ? s : s.padded(widths[i]) }
            out += cells.joined(separator: "  ") + "\n"
        }
        out += "\n" + verdict(report) + "\n"
        return out
    }

    static func render(_ m: MultivariateDrift) -> String {
        let r = m.reconstruction, c = m.classifier
        let alerts = r.currentChunks.filter(\.alert).count
        var s = "\nMultivariate (\(m.features.count) features):\n"
        s += "  PCA reconstruction: \(r.components) components (\(formatStatistic(r.explainedVariance)) of variance); "
        s += "error \(formatStatistic(r.currentError)) vs reference \(formatStatistic(r.referenceError)), band [\(formatStatistic(r.lowerThreshold)), \(formatStatistic(r.upperThreshold))]; "
        s += "\(alerts) of \(r.currentChunks.count) chunks outside: \(r.drift ? "drift" : "no drift")\n"
        s += "  Domain classifier: cross-validated AUC \(formatStatistic(c.auc)) (threshold \(formatStatistic(c.threshold))): \(c.drift ? "drift" : "no drift")\n"
        return s
    }

    static func verdict(_ report: DriftReport) -> String {
        let share = String(format: "%.2f", report.driftShare)
        let threshold = String(format: "%.2f", report.driftShareThreshold)
        let untestable = report.columns.count - report.testedCount
        var s = "Dataset drift: \(report.drift ? "YES" : "no") — \(report.driftedCount) of \(report.testedCount) tested columns drifted "
        s += "(share \(share), threshold \(threshold))"
        if untestable > 0 { s += "; \(untestable) column\(untestable == 1 ? "" : "s") not testable" }
        return s
    }
}

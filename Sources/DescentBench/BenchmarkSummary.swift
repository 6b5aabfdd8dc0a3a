import Foundation

/// `summary.md`: the leaderboard, times to target, the final models' calibration and
/// worst-class accuracy, and the costs, as Markdown tables.
public enum BenchmarkSummary {
    public static func markdown(_ r: BenchmarkResults, machine: MachineDescription) -> String {
        let unit = r.measure == .steps ? "steps" : "seconds"
        var lines = ["# Optimizer benchmark: suite \(r.suite)", ""]
        lines.append("Ruleset \(r.ruleset.name) (\(r.ruleset.studies) studies × \(r.ruleset.trialsPerStudy) trials\(r.seeds > 1 ? " × \(r.seeds) seeds" : "")); time to target in \(unit)"
                     + " (the median over studies of each study's best trial; a miss is ∞); \(r.trials.count) trials.")
        lines.append("Machine: \(machine.processor), \(machine.cores) cores, \(machine.operatingSystem); "
                     + "\(machine.parallelTrials) trial\(machine.parallelTrials == 1 ? "" : "s") side by side, "
                     + "\(machine.computeThreads) compute thread\(machine.computeThreads == 1 ? "" : "s") each.")
        lines += ["", "## Leaderboard", "", "| rank | optimizer | score | workloads reached | geomean speed-up vs NAdamW |", "| --- | --- | --- | --- | --- |"]
        let order = r.optimizers.indices.sorted { r.profile.scores[$0] > r.profile.scores[$1] }
        for (rank, o) in order.enumerated() {
            let speedup = (r.speedupOverNAdamW[o] ?? nil).map { String(format: "%.2f×", $0) } ?? "–"
            lines.append("| \(rank + 1) | \(r.optimizers[o]) | \(String(format: "%.4f", r.profile.scores[o])) | "
                         + "\(r.times[o].filter(\.isFinite).count)/\(r.workloads.count) | \(speedup) |")
        }
        lines += ["", "Score: AlgoPerf's performance-profile integral over τ in [1, 4], divided by 3 (1 = fastest on every workload).",
                  "", "## Time to target (\(unit); – = missed)", "",
                  "| workload | metric | target | " + r.optimizers.joined(separator: " | ") + " |",
                  "| --- | --- | --- | " + r.optimizers.map { _ in "---" }.joined(separator: " | ") + " |"]
        for (w, workload) in r.workloads.enumerated() {
            let cells = r.optimizers.indices.map { o -> String in
                let t = r.times[o][w]
                return t.isFinite ? (r.measure == .steps ? String(format: "%.0f", t) : String(format: "%.3f", t)) : "–"
            }
            lines.append("| \(workload.name) | \(workload.metric.rawValue) | \(format(workload.target)) | " + cells.joined(separator: " | ") + " |")
        }
        let classifiers = r.workloads.filter { w in r.trials.contains { $0.workload == w.name && $0.ece != nil } }
        if !classifiers.isEmpty {
            lines += ["", "## Final models of the classifiers: ECE / worst-class accuracy on the test part",
                      "", "Medians over the trials that did not diverge (expected calibration error, 15 equal-width bins; lower is better).", "",
                      "| workload | " + r.optimizers.joined(separator: " | ") + " |",
                      "| --- | " + r.optimizers.map { _ in "---" }.joined(separator: " | ") + " |"]
            for workload in classifiers {
                let cells = r.optimizers.map { optimizer -> String in
                    let mine = r.trials.filter { $0.workload == workload.name && $0.optimizer == optimizer && !$0.diverged }
                    guard let ece = median(mine.compactMap(\.ece)), let worst = median(mine.compactMap(\.worstClassAccuracy)) else { return "–" }
                    return String(format: "%.3f / %.3f", ece, worst)
                }
                lines.append("| \(workload.name) | " + cells.joined(separator: " | ") + " |")
            }
        }
        lines += ["", "## Cost", "",
                  "Medians over each optimizer's trials, except the totals. The energy is an estimate, not a measurement: "
                  + "CPU-seconds × \(format(EnergyEstimate.wattsPerCore)) W per core.", "",
                  "| optimizer | ms per step | optimizer state | peak resident memory | CPU-seconds (total) | energy estimate (total) | diverged trials |",
                  "| --- | --- | --- | --- | --- | --- | --- |"]
        for optimizer in r.optimizers {
            let mine = r.trials.filter { $0.optimizer == optimizer }
            let ms = median(mine.compactMap(\.msPerStep)).map { String(format: "%.3f", $0) } ?? "–"
            let state = median(mine.map { Double($0.stateBytes) }).map { bytes($0) } ?? "–"
            let peak = median(mine.compactMap { $0.peakResidentBytes.map(Double.init) }).map { bytes($0) } ?? "–"
            let cpu = mine.compactMap(\.cpuSeconds).reduce(0, +), energy = mine.compactMap(\.energyEstimateJoules).reduce(0, +)
            lines.append("| \(optimizer) | \(ms) | \(state) | \(peak) | \(String(format: "%.1f", cpu)) | "
                         + "\(String(format: "%.0f", energy)) J | \(mine.filter(\.diverged).count)/\(mine.count) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The median of finite values (nil for none).
    static func median(_ values: [Double]) -> Double? {
        let finite = values.filter(\.isFinite)
        return finite.isEmpty ? nil : TuningRuleset.median(finite)
    }

    static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e9 ? String(format: "%.0f", x) : String(format: "%.6g", x)
    }

    static func bytes(_ x: Double) -> String {
        let kib = 1024.0, mib = 1024.0 * 1024
        return x >= mib ? String(format: "%.1f MiB", x / mib) : x >= kib ? String(format: "%.1f KiB", x / kib) : String(format: "%.0f B", x)
    }
}

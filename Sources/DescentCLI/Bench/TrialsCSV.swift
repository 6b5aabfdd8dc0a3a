import DescentBench

/// `trials.csv`: one row per trial, the fields of `results.json` without the curve
/// (hyperparameters as `key=value` joined by `;`; empty cells where a value does not apply), with a
/// `replica` column after `trial` when a trial ran with more than one seed (`--seeds`).
enum TrialsCSV {
    static let header = "workload,optimizer,study,trial,seed,reached,steps_to_target,seconds_to_target,best_validation,"
        + "final_validation,test_metric,ece,worst_class_accuracy,diverged,steps,ms_per_step,state_bytes,cpu_seconds,"
        + "peak_rss_bytes,energy_estimate_joules,hyperparameters"

    static func text(_ trials: [TrialResult]) -> String {
        let replicas = trials.contains { $0.replica != 0 }
        func number(_ x: Double?) -> String { x.flatMap { $0.isFinite ? "\($0)" : nil } ?? "" }
        let rows = trials.map { t in
            ([t.workload, t.optimizer, "\(t.study)", "\(t.trial)"] + (replicas ? ["\(t.replica)"] : []) + ["\(t.seed)", "\(t.reached)", t.stepsToTarget.map { "\($0)" } ?? "",
             number(t.secondsToTarget), number(t.bestValidation), number(t.finalValidation), number(t.testMetric), number(t.ece), number(t.worstClassAccuracy), "\(t.diverged)",
             "\(t.steps)", number(t.msPerStep), "\(t.stateBytes)", number(t.cpuSeconds), t.peakResidentBytes.map { "\($0)" } ?? "",
             number(t.energyEstimateJoules),
             t.hyperparameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";")]).joined(separator: ",")
        }
        let head = replicas ? header.replacingOccurrences(of: "study,trial,seed", with: "study,trial,replica,seed") : header
        return ([head] + rows).joined(separator: "\n") + "\n"
    }
}

import DescentCore
import Foundation

/// The finished trials of a run, one JSON file each under `FOLDER/trials/`, written atomically
/// when a trial ends, so that a rerun into the same folder skips them (a resumable run).
///
/// A file records the suite, the workload's target and budget with the trial; a rerun whose
/// trial has the same place (workload, optimizer, study, trial) but another suite, target,
/// budget, seed or hyperparameters is refused with a one-line error naming the file.
public struct TrialStore: Sendable {
    public let folder: URL

    public init(folder: URL) { self.folder = folder }

    /// One stored trial with what it was run for.
    struct Record: Codable {
        let suite: String
        let target: Double
        let budgetSteps: Int
        let result: TrialResult

        private enum CodingKeys: String, CodingKey {
            case suite, target, result
            case budgetSteps = "budget_steps"
        }
    }

    /// The file of a trial: `trials/WORKLOAD/OPTIMIZER/study-S-trial-K.json`, and for its replica
    /// r > 0 (`--seeds`) `study-S-trial-K-seed-R.json`.
    public func url(workload: String, optimizer: String, study: Int, trial: Int, replica: Int = 0) -> URL {
        folder.appendingPathComponent("trials").appendingPathComponent(workload).appendingPathComponent(optimizer)
            .appendingPathComponent("study-\(study)-trial-\(trial)" + (replica == 0 ? "" : "-seed-\(replica)") + ".json")
    }

    /// The stored result of the trial `plan` of `optimizer` on `workload` in `suite`, nil when it
    /// has not finished; throws a one-line error when the file is unreadable or from another benchmark.
    public func load(suite: String, workload: Workload, optimizer: BenchOptimizer, plan: TuningRuleset.Plan) throws -> TrialResult? {
        let file = url(workload: workload.name, optimizer: optimizer.name, study: plan.study, trial: plan.trial, replica: plan.replica)
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        let record: Record
        do {
            record = try JSONDecoder().decode(Record.self, from: Data(contentsOf: file))
        } catch {
            throw BenchmarkError("\(file.path): not a trial result (\(BenchmarkError.oneLine(error))); delete it or use another --out")
        }
        let r = record.result
        let expected = optimizer.recorded(plan.point, budget: workload.budgetSteps)
        func differs(_ what: String) -> BenchmarkError {
            BenchmarkError("\(file.path): a trial of another benchmark (\(what) differs); use another --out or delete the folder")
        }
        if record.suite != suite { throw differs("suite \(record.suite), here \(suite)") }
        if record.target != workload.target { throw differs("target \(record.target), here \(workload.target)") }
        if record.budgetSteps != workload.budgetSteps { throw differs("budget \(record.budgetSteps), here \(workload.budgetSteps)") }
        if r.workload != workload.name || r.optimizer != optimizer.name || r.study != plan.study || r.trial != plan.trial || r.replica != plan.replica {
            throw differs("its place")
        }
        if r.seed != plan.seed { throw differs("seed \(r.seed), here \(plan.seed)") }
        if r.hyperparameters != expected { throw differs("hyperparameters") }
        return r
    }

    /// Removes the temporary files a killed run left in the folder and under `trials/`
    /// (`AtomicFile`'s `.NAME.tmp-PID`; nothing else), as `descent train` cleans a run folder.
    public func removeTemporaryFiles() {
        let manager = FileManager.default
        var stale: [URL] = ((try? manager.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter(AtomicFile.isTemporaryName).map { folder.appendingPathComponent($0) }
        let trials = folder.appendingPathComponent("trials")
        if let walk = manager.enumerator(at: trials, includingPropertiesForKeys: nil) {
            for case let url as URL in walk where AtomicFile.isTemporaryName(url.lastPathComponent) { stale.append(url) }
        }
        for url in stale { try? manager.removeItem(at: url) }
    }

    /// Writes a finished trial atomically.
    public func save(_ result: TrialResult, suite: String, workload: Workload) throws {
        let file = url(workload: result.workload, optimizer: result.optimizer, study: result.study, trial: result.trial, replica: result.replica)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(Record(suite: suite, target: workload.target, budgetSteps: workload.budgetSteps, result: result))
        do {
            try AtomicFile.write(data, to: file)
        } catch {
            throw BenchmarkError("\(file.path): cannot write (\(BenchmarkError.oneLine(error)))")
        }
    }
}

extension BenchmarkError {
    /// An error's description on one line.
    static func oneLine(_ error: any Error) -> String {
        "\(error)".split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

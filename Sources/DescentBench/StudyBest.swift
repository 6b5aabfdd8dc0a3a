extension BenchmarkResults {
    /// Each study's best trial of optimizer `o` on workload `w`, in study order, with all its
    /// `--seeds` replicas: the fastest to reach the target by the median over its replicas (the
    /// first on a tie), or, when no trial of the study reached it, the one with the best median
    /// best validation metric.
    public func studyBests(optimizer o: Int, workload w: Int) -> [TrialResult] {
        let (name, workload) = (optimizers[o], workloads[w])
        let mine = trials.filter { $0.optimizer == name && $0.workload == workload.name }
        func time(_ runs: [TrialResult]) -> Double { TuningRuleset.median(runs.map { $0.time(measure) }) }
        func validation(_ runs: [TrialResult]) -> Double {
            let values = runs.compactMap(\.bestValidation).filter { !$0.isNaN }
            return values.isEmpty ? .nan : TuningRuleset.median(values)
        }
        return (0..<ruleset.studies).flatMap { study -> [TrialResult] in
            let inStudy = mine.filter { $0.study == study }
            let candidates = TuningRuleset.replicaGroups(inStudy)
            guard let first = candidates.first else { return [] }
            return candidates.dropFirst().reduce(first) { best, t in
                let (a, b) = (time(best), time(t))
                if a.isFinite || b.isFinite { return b < a ? t : best }
                let (va, vb) = (validation(best), validation(t))
                return workload.metric.better(va, vb) == va || vb.isNaN ? best : t
            }
        }
    }
}

extension BenchmarkResults {
    /// Each study's best trial of optimizer `o` on workload `w`, in study order: the fastest to
    /// reach the target (the first on a tie), or, when no trial of the study reached it, the
    /// one with the best validation metric.
    public func studyBests(optimizer o: Int, workload w: Int) -> [TrialResult] {
        let (name, workload) = (optimizers[o], workloads[w])
        let mine = trials.filter { $0.optimizer == name && $0.workload == workload.name }
        return (0..<ruleset.studies).compactMap { study in
            let candidates = mine.filter { $0.study == study }.sorted { $0.trial < $1.trial }
            guard let first = candidates.first else { return nil }
            return candidates.dropFirst().reduce(first) { best, t in
                let (a, b) = (best.time(measure), t.time(measure))
                if a.isFinite || b.isFinite { return b < a ? t : best }
                let (va, vb) = (best.bestValidation ?? .nan, t.bestValidation ?? .nan)
                return workload.metric.better(va, vb) == va || vb.isNaN ? best : t
            }
        }
    }
}

/// The first Wasserstein distance between two samples divided by the reference standard
/// deviation (Evidently `wasserstein`: `wasserstein_distance(ref, cur) / max(std(ref), 0.001)`).
public enum WassersteinDistance {
    /// The unnormalised distance ∫ |F_ref − F_cur| dx (`scipy.stats.wasserstein_distance`).
    public static func distance(_ reference: [Double], _ current: [Double]) -> Double {
        let s = Sorting.sortedAll([reference, current])
        return CDFDistance.integral(sortedU: s[0], sortedV: s[1], power: 1)
    }

    /// The distance normed by the reference's population standard deviation (at least 0.001).
    public static func normed(_ reference: [Double], _ current: [Double]) -> Double {
        distance(reference, current) / max(PopulationMoments(reference).deviation, 0.001)
    }
}

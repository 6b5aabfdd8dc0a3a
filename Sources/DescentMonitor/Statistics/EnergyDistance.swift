/// The energy distance between two samples (Evidently `ed`; `scipy.stats.energy_distance`):
/// √2 · (∫ (F_ref − F_cur)² dx)^½.
public enum EnergyDistance {
    /// Returns the energy distance.
    public static func distance(_ reference: [Double], _ current: [Double]) -> Double {
        let s = Sorting.sortedAll([reference, current])
        return 2.0.squareRoot() * CDFDistance.integral(sortedU: s[0], sortedV: s[1], power: 2).squareRoot()
    }
}

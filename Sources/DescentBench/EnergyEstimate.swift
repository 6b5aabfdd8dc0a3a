/// The benchmark's energy estimate: CPU-seconds times a fixed power per busy core.
public enum EnergyEstimate {
    /// The watts one busy core draws in the energy estimate (CPU-seconds × this): a round figure
    /// between a laptop core (about 4 W) and a desktop or server core at full load (about 10–15 W).
    /// The energy the results report is an estimate from it, not a measurement.
    public static let wattsPerCore = 10.0

    /// The estimated joules of `cpuSeconds` of computation.
    public static func joules(cpuSeconds: Double) -> Double { cpuSeconds * wattsPerCore }
}

/// KSWIN, Kolmogorov–Smirnov windowing (Raab et al. 2020), as River implements it: once the
/// sliding window holds `windowSize` values, the last `statSize` values are compared with
/// `statSize` values drawn at random from the rest; drift when the KS p-value ≤ `alpha` and
/// the statistic exceeds 0.1, after which the window keeps only the last `statSize` values.
/// River defaults: alpha 0.005, window_size 100, stat_size 30, seed none. The draws use
/// Python's Mersenne Twister and `random.sample`, so with the same `seed` the indices equal River's;
/// without a seed, a random one is chosen.
public struct KSWIN: DriftDetector {
    /// KS p-value at or below which drift is reported (`alpha`).
    public let alpha: Double
    /// Length of the sliding window (`window_size`).
    public let windowSize: Int
    /// Size of the recent and random sub-windows compared (`stat_size`).
    public let statSize: Int
    /// Seed of Python's Mersenne Twister for the random sub-window (`seed`).
    public let seed: UInt64

    private var window: [Double] = []
    private var start = 0  // ring buffer head
    private var rng: PythonRandom
    /// Whether the last update detected a drift.
    public private(set) var driftDetected = false
    /// Always `false`: this detector has no warning zone.
    public var warningDetected: Bool { false }
    /// The p-value of the last test.
    public private(set) var pValue = 0.0

    /// Creates a detector with River's parameter names and defaults.
    public init(alpha: Double = 0.005, windowSize: Int = 100, statSize: Int = 30, seed: UInt64? = nil) {
        precondition(alpha >= 0 && alpha <= 1, "alpha must be between 0 and 1")
        precondition(windowSize > statSize && statSize > 0, "stat_size must be smaller than window_size")
        self.alpha = alpha
        self.windowSize = windowSize
        self.statSize = statSize
        self.seed = seed ?? UInt64.random(in: 0..<(1 << 32))
        rng = PythonRandom(seed: self.seed)
        window.reserveCapacity(windowSize)
    }

    private func element(_ i: Int) -> Double { window[(start + i) % window.count] }

    /// Feeds one value.
    @discardableResult
    public mutating func update(_ x: Double) -> DetectorSignal {
        if driftDetected {
            window.removeAll(keepingCapacity: true); start = 0
            rng = PythonRandom(seed: seed)
            pValue = 0
            driftDetected = false
        }
        if window.count < windowSize {
            window.append(x)
        } else {
            window[start] = x
            start = (start + 1) % windowSize
        }
        guard window.count >= windowSize else { return DetectorSignal(drift: false, warning: false) }
        let picks = rng.sample(populationSize: windowSize - statSize, count: statSize)
        let randomWindow = picks.map { element($0) }
        let recent = (windowSize - statSize..<windowSize).map { element($0) }
        let r = KolmogorovSmirnovTest.test(randomWindow, recent)
        pValue = r.pValue
        if r.pValue <= alpha && r.statistic > 0.1 {
            driftDetected = true
            window = recent
            start = 0
        } else {
            driftDetected = false
        }
        return DetectorSignal(drift: driftDetected, warning: false)
    }
}

/// EDDM, the early drift detection method (Baena-García et al. 2006), on a stream of 0/1
/// errors, as River implements it: tracks the mean p′ and standard deviation s′ of the
/// distance between errors; with m the largest p′ + 2s′ seen, after `warmStart` errors a
/// warning when (p′ + 2s′)/m < alpha and drift when < beta.
/// River defaults: warm_start 30, alpha 0.95, beta 0.9. As in River, a warning stays raised
/// until a later error clears it.
public struct EDDM: DriftDetector {
    /// Errors seen before detection starts (`warm_start`).
    public let warmStart: Int
    /// Warning level for (p′ + 2s′) / max (`alpha`).
    public let alpha: Double
    /// Drift level for (p′ + 2s′) / max (`beta`).
    public let beta: Double

    private var distances = RunningVariance()
    private var n = 0
    private var lastError = 0
    private var errors = 0
    private var p2sMax = -1.0
    /// Whether the last update detected a drift.
    public private(set) var driftDetected = false
    /// Whether the last update raised a warning.
    public private(set) var warningDetected = false

    /// Creates a detector with River's parameter names and defaults.
    public init(warmStart: Int = 30, alpha: Double = 0.95, beta: Double = 0.9) {
        precondition(alpha >= beta, "'alpha' must be greater or equal to 'beta'")
        self.warmStart = warmStart
        self.alpha = alpha
        self.beta = beta
    }

    /// Feeds one value.
    @discardableResult
    public mutating func update(_ x: Double) -> DetectorSignal {
        if driftDetected {
            distances = RunningVariance(); n = 0; lastError = 0; errors = 0; p2sMax = -1
            driftDetected = false; warningDetected = false
        }
        n += 1
        if x == 1 {
            errors += 1
            distances.update(Double(n - lastError))
            if n > warmStart {
                let p = distances.mean.mean
                let s = distances.variance.squareRoot()
                let p2s = p + 2 * s
                if p2s > p2sMax {
                    p2sMax = p2s
                } else if errors > warmStart {
                    let level = p2s / p2sMax
                    if level < beta {
                        driftDetected = true
                    } else if level < alpha {
                        warningDetected = true
                    } else {
                        warningDetected = false
                    }
                }
            }
            lastError = n
        }
        return DetectorSignal(drift: driftDetected, warning: warningDetected)
    }
}

/// A per-column drift test, named as in Evidently so configurations carry over.
///
/// p-value tests report drift when the p-value is below the threshold (`ks` and
/// `cramer_von_mises`: at or below, as Evidently); distance tests when the distance is at or
/// above it (`ed`: strictly above, as Evidently).
public enum StatTest: String, Sendable, CaseIterable, Codable {
    case ks, chisquare, z, wasserstein, jensenshannon, psi
    case klDiv = "kl_div"
    case hellinger, anderson
    case cramerVonMises = "cramer_von_mises"
    case mannw, ed
    case empiricalMMD = "empirical_mmd"
    /// Text columns: a domain classifier's cross-validated AUC (Evidently's `abs_text_content_drift`).
    case textContentDrift = "abs_text_content_drift"

    /// Human-readable name.
    public var displayName: String {
        switch self {
        case .ks: "Kolmogorov-Smirnov"
        case .chisquare: "chi-square"
        case .z: "two-proportion z-test"
        case .wasserstein: "Wasserstein distance (normed)"
        case .jensenshannon: "Jensen-Shannon distance"
        case .psi: "population stability index"
        case .klDiv: "Kullback-Leibler divergence"
        case .hellinger: "Hellinger distance"
        case .anderson: "Anderson-Darling"
        case .cramerVonMises: "Cramer-von Mises"
        case .mannw: "Mann-Whitney U"
        case .ed: "energy distance"
        case .empiricalMMD: "MMD (RBF kernel, permutation)"
        case .textContentDrift: "text domain classifier (ROC AUC)"
        }
    }

    /// Whether the test's drift score is a p-value (else a distance).
    public var returnsPValue: Bool {
        switch self {
        case .ks, .chisquare, .z, .anderson, .cramerVonMises, .mannw, .empiricalMMD: true
        default: false
        }
    }

    /// Evidently's default threshold.
    public var defaultThreshold: Double {
        switch self {
        case .ks, .chisquare, .z, .mannw: 0.05
        case .textContentDrift: 0.55
        default: 0.1
        }
    }

    /// Column types the test accepts.
    public var allowedTypes: Set<ColumnType> {
        switch self {
        case .chisquare, .z, .jensenshannon, .psi, .klDiv, .hellinger: [.categorical, .numeric]
        case .textContentDrift: [.text, .categorical]
        default: [.numeric]
        }
    }

    /// Whether a drift score means drift at this threshold.
    public func isDrift(score: Double, threshold: Double) -> Bool {
        switch self {
        case .ks, .cramerVonMises: score <= threshold
        case .ed, .textContentDrift: score > threshold
        default: returnsPValue ? score < threshold : score >= threshold
        }
    }

    /// Runs the test on a prepared sample; a test that does not apply to it (a numeric test on
    /// labels, the text test on numbers) returns ``StatTestResult/undefined``.
    public func run(_ sample: DriftSample, permutations: Int = 100, seed: UInt64 = 0) -> StatTestResult {
        switch (self, sample) {
        case (.chisquare, _): return StatTestResult(ChiSquareTest.test(sample.frequencyTable))
        case (.z, _): return StatTestResult(TwoProportionZTest.test(sample))
        case (.jensenshannon, _): return StatTestResult(statistic: JensenShannonDistance.distance(sample), pValue: nil)
        case (.psi, _): return StatTestResult(statistic: PopulationStabilityIndex.index(sample), pValue: nil)
        case (.klDiv, _): return StatTestResult(statistic: KullbackLeiblerDivergence.divergence(sample), pValue: nil)
        case (.hellinger, _): return StatTestResult(statistic: HellingerDistance.distance(sample), pValue: nil)
        case (.textContentDrift, .categorical(let ref, let cur)):
            return StatTestResult(statistic: TextContentDrift.auc(reference: ref, current: cur, seed: seed), pValue: nil)
        case (_, .numeric(let ref, let cur)):
            switch self {
            case .ks:
                let r = KolmogorovSmirnovTest.test(ref, cur)
                return StatTestResult(statistic: r.statistic, pValue: r.pValue)
            case .wasserstein: return StatTestResult(statistic: WassersteinDistance.normed(ref, cur), pValue: nil)
            case .anderson: return StatTestResult(AndersonDarlingTest.test(ref, cur))
            case .cramerVonMises: return StatTestResult(CramerVonMisesTest.test(ref, cur))
            case .mannw: return StatTestResult(MannWhitneyUTest.test(ref, cur))
            case .ed: return StatTestResult(statistic: EnergyDistance.distance(ref, cur), pValue: nil)
            case .empiricalMMD: return StatTestResult(MaximumMeanDiscrepancy.test(ref, cur, permutations: permutations, seed: seed))
            default:
                return .undefined
            }
        case (_, .categorical):
            return .undefined  // a numeric test on labels: no value (reported as not testable)
        }
    }
}

/// The outcome of one ``StatTest`` on one column.
public struct StatTestResult: Sendable, Equatable {
    /// The test statistic (for distance tests, the distance).
    public let statistic: Double
    /// The p-value, or `nil` for distance tests.
    public let pValue: Double?
    /// The number compared with the threshold: the p-value, else the distance.
    public var score: Double { pValue ?? statistic }

    /// The result of a test that does not apply to the sample (NaN).
    public static let undefined = StatTestResult(statistic: .nan, pValue: .nan)
}

extension StatTestResult {
    /// A test's statistic and p-value.
    init(_ test: (statistic: Double, pValue: Double)) { self.init(statistic: test.statistic, pValue: test.pValue) }
}

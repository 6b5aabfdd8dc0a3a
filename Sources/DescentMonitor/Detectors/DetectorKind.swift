/// The streaming detectors by their command-line names, built from River-named parameters.
public enum DetectorKind: String, Sendable, CaseIterable {
    case adwin
    case pageHinkley = "page_hinkley"
    case kswin, ddm, eddm
    case hddmA = "hddm_a"
    case hddmW = "hddm_w"

    /// River's parameter names and defaults for this detector (as text).
    public var defaultParameters: [(name: String, value: String)] {
        switch self {
        case .adwin: [("delta", "0.002"), ("clock", "32"), ("max_buckets", "5"), ("min_window_length", "5"), ("grace_period", "10")]
        case .pageHinkley: [("min_instances", "30"), ("delta", "0.005"), ("threshold", "50"), ("alpha", "0.9999"), ("mode", "both")]
        case .kswin: [("alpha", "0.005"), ("window_size", "100"), ("stat_size", "30"), ("seed", "none")]
        case .ddm: [("warm_start", "30"), ("warning_threshold", "2"), ("drift_threshold", "3")]
        case .eddm: [("warm_start", "30"), ("alpha", "0.95"), ("beta", "0.9")]
        case .hddmA: [("drift_confidence", "0.001"), ("warning_confidence", "0.005"), ("two_sided_test", "false")]
        case .hddmW: [("drift_confidence", "0.001"), ("warning_confidence", "0.005"), ("lambda_val", "0.05"), ("two_sided_test", "false")]
        }
    }

    /// Whether the detector expects a stream of 0/1 errors (DDM and EDDM) or values in [0, 1] (HDDM).
    public var inputDomain: String {
        switch self {
        case .ddm, .eddm: "0/1 errors"
        case .hddmA, .hddmW: "values in [0, 1]"
        default: "real values"
        }
    }

    /// Builds a detector; `parameters` override defaults by River name. Unknown names or bad values throw.
    public func make(parameters: [String: String] = [:]) throws(DetectorParameterError) -> any DriftDetector {
        let known = Set(defaultParameters.map(\.name))
        for name in parameters.keys where !known.contains(name) {
            throw DetectorParameterError(message: "\(rawValue) has no parameter '\(name)' (parameters: \(defaultParameters.map(\.name).joined(separator: ", ")))")
        }
        var p = Dictionary(uniqueKeysWithValues: defaultParameters.map { ($0.name, $0.value) })
        for (k, v) in parameters { p[k] = v }
        func num(_ k: String, _ range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude) throws(DetectorParameterError) -> Double {
            guard let v = Double(p[k]!), v.isFinite, range.contains(v) else {
                throw DetectorParameterError(message: "\(rawValue): parameter '\(k)' must be a number in \(range.lowerBound)...\(range.upperBound), got '\(p[k]!)'")
            }
            return v
        }
        func int(_ k: String, min: Int = 0) throws(DetectorParameterError) -> Int {
            guard let v = Int(p[k]!), v >= min else {
                throw DetectorParameterError(message: "\(rawValue): parameter '\(k)' must be an integer ≥ \(min), got '\(p[k]!)'")
            }
            return v
        }
        func bool(_ k: String) throws(DetectorParameterError) -> Bool {
            switch p[k]!.lowercased() {
            case "true", "1", "yes": return true
            case "false", "0", "no": return false
            default: throw DetectorParameterError(message: "\(rawValue): parameter '\(k)' must be true or false, got '\(p[k]!)'")
            }
        }
        let open01 = Double.leastNonzeroMagnitude...(1 - Double.ulpOfOne)
        switch self {
        case .adwin:
            return ADWIN(delta: try num("delta", open01), clock: try int("clock", min: 1), maxBuckets: try int("max_buckets", min: 1),
                         minWindowLength: try int("min_window_length", min: 1), gracePeriod: try int("grace_period"))
        case .pageHinkley:
            guard let mode = PageHinkley.Mode(rawValue: p["mode"]!) else {
                throw DetectorParameterError(message: "page_hinkley: parameter 'mode' must be up, down or both, got '\(p["mode"]!)'")
            }
            return PageHinkley(minInstances: try int("min_instances"), delta: try num("delta"), threshold: try num("threshold"),
                               alpha: try num("alpha", 0...1), mode: mode)
        case .kswin:
            let windowSize = try int("window_size", min: 2), statSize = try int("stat_size", min: 1)
            guard statSize < windowSize else { throw DetectorParameterError(message: "kswin: stat_size must be smaller than window_size") }
            let seed: UInt64?
            if p["seed"]!.lowercased() == "none" { seed = nil } else {
                guard let s = UInt64(p["seed"]!) else { throw DetectorParameterError(message: "kswin: parameter 'seed' must be a non-negative integer or none") }
                seed = s
            }
            return KSWIN(alpha: try num("alpha", 0...1), windowSize: windowSize, statSize: statSize, seed: seed)
        case .ddm:
            return DDM(warmStart: try int("warm_start"), warningThreshold: try num("warning_threshold"), driftThreshold: try num("drift_threshold"))
        case .eddm:
            let a = try num("alpha", 0...1), b = try num("beta", 0...1)
            guard a >= b else { throw DetectorParameterError(message: "eddm: 'alpha' must be greater or equal to 'beta'") }
            return EDDM(warmStart: try int("warm_start"), alpha: a, beta: b)
        case .hddmA:
            return HDDMA(driftConfidence: try num("drift_confidence", open01), warningConfidence: try num("warning_confidence", open01),
                         twoSidedTest: try bool("two_sided_test"))
        case .hddmW:
            return HDDMW(driftConfidence: try num("drift_confidence", open01), warningConfidence: try num("warning_confidence", open01),
                         lambda: try num("lambda_val", 0...1), twoSidedTest: try bool("two_sided_test"))
        }
    }
}

import DescentEval

/// `descent eval --json`: `{"task", "rows", "classes", "metrics", "confusion_matrix", "slices",
/// "worst_slice_gap", "selective", "robustness"}`, as issue 12 lists them. Temperature scaling
/// is inside `selective` (both are fitted on the validation part); undefined values are null.
struct EvalJSON: JSONReport {
    var task: String
    var rows: Int
    @Null var classes: [String]?
    var metrics: [String: Double?]
    @Null var confusionMatrix: [[Int]]?
    var slices: [SliceJSON]
    @Null var worstSliceGap: WorstSliceGap?
    @Null var selective: SelectiveJSON?
    @Null var robustness: RobustnessJSON?

    enum CodingKeys: String, CodingKey {
        case task, rows, classes, metrics, slices, selective, robustness
        case confusionMatrix = "confusion_matrix", worstSliceGap = "worst_slice_gap"
    }

    init(_ e: ClassificationEvaluation, classes: [String]) {
        task = "classification"
        rows = e.metrics.rows
        self.classes = classes
        metrics = e.metrics.values.mapValues { finite($0 ?? nil) }
        confusionMatrix = e.metrics.confusion.rows
        slices = e.slices.map(SliceJSON.init)
        worstSliceGap = e.worstSliceGap
        selective = e.selective.map { SelectiveJSON($0, calibration: e.calibration, reliability: e.metrics.reliability) }
        robustness = e.robustness.map(RobustnessJSON.init)
    }

    init(_ e: RegressionEvaluation) {
        task = "regression"
        rows = e.metrics.rows
        metrics = e.metrics.values.mapValues { finite($0 ?? nil) }
        slices = e.slices.map(SliceJSON.init)
        worstSliceGap = e.worstSliceGap
    }

    /// One slice: its metrics (undefined ones null) and their intervals as `[lower, upper]`.
    struct SliceJSON: Encodable {
        var column: String
        var value: String
        var rows: Int
        var metrics: [String: Double?]
        var intervals: [String: [Double]]

        init(_ s: SliceResult) {
            column = s.column
            value = s.value
            rows = s.rows
            metrics = s.metrics.mapValues { finite($0 ?? nil) }
            intervals = s.intervals.mapValues { [$0.lower, $0.upper] }
        }
    }

    struct SelectiveJSON: Encodable {
        var curve: [SelectivePrediction.Point]
        var aurc: Double
        @Null var targetAccuracy: Double?
        @Null var threshold: Double?
        @Null var coverage: Double?
        @Null var accuracy: Double?
        var validationRows: Int
        var evaluationRows: Int
        @Null var temperatureScaling: TemperatureJSON?
        var reliability: [ReliabilityBin]

        init(_ s: ClassificationEvaluation.Selective, calibration: ClassificationEvaluation.Calibration?, reliability: [ReliabilityBin]) {
            curve = s.curve
            aurc = s.aurc
            targetAccuracy = s.targetAccuracy
            threshold = s.threshold
            coverage = s.coverage
            accuracy = s.accuracy
            validationRows = s.validationRows
            evaluationRows = s.evaluationRows
            temperatureScaling = calibration.map(TemperatureJSON.init)
            self.reliability = reliability
        }

        enum CodingKeys: String, CodingKey {
            case curve, aurc, threshold, coverage, accuracy, reliability
            case targetAccuracy = "target_accuracy", validationRows = "validation_rows", evaluationRows = "evaluation_rows"
            case temperatureScaling = "temperature_scaling"
        }
    }

    struct TemperatureJSON: Encodable {
        var temperature: Double
        var eceBefore: Double
        var eceAfter: Double
        var logLossBefore: Double?
        var logLossAfter: Double?

        init(_ c: ClassificationEvaluation.Calibration) {
            temperature = c.temperature
            eceBefore = c.eceBefore
            eceAfter = c.eceAfter
            logLossBefore = finite(c.logLossBefore)
            logLossAfter = finite(c.logLossAfter)
        }

        enum CodingKeys: String, CodingKey {
            case temperature, eceBefore = "ece_before", eceAfter = "ece_after", logLossBefore = "log_loss_before", logLossAfter = "log_loss_after"
        }
    }

    struct RobustnessJSON: Encodable {
        var rows: Int
        var scale: Double
        var noise: [RobustnessLevel]
        var fgsm: [RobustnessLevel]
        var pgd: [RobustnessLevel]
        var pgdSteps: Int
        var pgdStepSize: String

        init(_ r: RobustnessReport) {
            rows = r.rows
            scale = r.scale
            noise = r.noise
            fgsm = r.fgsm
            pgd = r.pgd
            pgdSteps = r.pgdSteps
            pgdStepSize = "\(r.pgdStepFactor) * eps / \(r.pgdSteps)"
        }

        enum CodingKeys: String, CodingKey { case rows, scale, noise, fgsm, pgd, pgdSteps = "pgd_steps", pgdStepSize = "pgd_step_size" }
    }
}

import DescentCore

/// Everything `descent eval` reports on a classifier: the metrics, per-slice metrics with
/// bootstrap intervals and the worst-slice gap, temperature scaling and selective
/// prediction (fitted on a validation part, scored on the evaluated rows), and, for a
/// model, robustness.
///
/// Sample weights (``ClassificationPredictions/weights``) weight the metrics, the slices'
/// metrics and their bootstrap resamples (rows are drawn uniformly and keep their weights);
/// temperature scaling and selective prediction are fitted and scored on rows, unweighted.
public struct ClassificationEvaluation: Sendable {
    /// Temperature scaling fitted on the validation part, scored on the evaluation part.
    public struct Calibration: Sendable {
        public var temperature: Double
        public var validationRows: Int
        public var evaluationRows: Int
        public var eceBefore: Double
        public var eceAfter: Double
        public var logLossBefore: Double
        public var logLossAfter: Double
    }

    /// Accuracy against coverage on the evaluated rows, and the threshold that reaches the
    /// target accuracy on the validation part, with what it gives on the evaluation part.
    public struct Selective: Sendable {
        public var curve: [SelectivePrediction.Point]
        public var aurc: Double
        public var targetAccuracy: Double?
        public var threshold: Double?
        public var coverage: Double?
        public var accuracy: Double?
        public var validationRows: Int
        public var evaluationRows: Int
    }

    public var metrics: ClassificationMetrics
    public var slices: [SliceResult]
    public var worstSliceGap: WorstSliceGap?
    public var calibration: Calibration?
    public var selective: Selective?
    public var robustness: RobustnessReport?

    /// Evaluates `predictions`. Temperature and threshold are fitted on `validation` when
    /// given (a run's validation split) and scored on `predictions`; otherwise the rows are
    /// split at random (seeded) into a validation part of `options.validationFraction` and an
    /// evaluation part.
    public init(_ predictions: ClassificationPredictions, validation: ClassificationPredictions? = nil,
                slices: [Slice] = [], options: EvaluationOptions = EvaluationOptions()) {
        metrics = ClassificationMetrics(predictions)
        let overall = metrics
        self.slices = slices.enumerated().map { index, slice in
            let part = predictions.subset(slice.rows)
            let values = ClassificationMetrics(part, parallel: part.count >= 1 << 16).values
            let intervals = Bootstrap.intervals(rows: slice.rows, resamples: options.bootstrap, seed: options.seed, stream: UInt64(index)) {
                ClassificationMetrics(predictions.subset($0), parallel: false).values
            }
            return SliceResult(column: slice.column, value: slice.value, rows: slice.rows.count, metrics: values, intervals: intervals)
        }
        worstSliceGap = WorstSliceGap.find(self.slices, metric: "accuracy", overall: overall.accuracy, higherIsBetter: true)

        // The validation and evaluation parts.
        let fitPart: ClassificationPredictions, scorePart: ClassificationPredictions
        if let validation {
            (fitPart, scorePart) = (validation, predictions)
        } else {
            var generator = RandomGenerator(seed: options.seed).derived(0x7661_6c69_6461_7465, 0)  // "validate"
            let order = generator.permutation(predictions.count)
            let cut = Int((Double(predictions.count) * options.validationFraction).rounded())
            (fitPart, scorePart) = (predictions.subset(Array(order[..<cut]).sorted()), predictions.subset(Array(order[cut...]).sorted()))
        }
        if fitPart.count > 0 && scorePart.count > 0 {
            let scaling = TemperatureScaling(fitting: fitPart)
            let (confidence, correct) = scorePart.confidences()
            // A positive temperature keeps each row's predicted class, so only the confidences change.
            let after = scaling.scored(scorePart)
            calibration = Calibration(
                temperature: scaling.temperature, validationRows: fitPart.count, evaluationRows: scorePart.count,
                eceBefore: CalibrationError.equalWidth(confidence: confidence, correct: correct).ece,
                eceAfter: CalibrationError.equalWidth(confidence: after.confidence, correct: correct).ece,
                logLossBefore: TemperatureScaling(temperature: 1).negativeLogLikelihood(scorePart),
                logLossAfter: after.negativeLogLikelihood)
        }
        let (confidence, correct) = predictions.confidences()
        let curve = SelectivePrediction(confidence: confidence, correct: correct)
        var selective = Selective(curve: curve.sampled(), aurc: curve.aurc, targetAccuracy: options.targetAccuracy,
                                  validationRows: fitPart.count, evaluationRows: scorePart.count)
        if let target = options.targetAccuracy, fitPart.count > 0, scorePart.count > 0 {
            let (fitConfidence, fitCorrect) = fitPart.confidences()
            if let threshold = SelectivePrediction(confidence: fitConfidence, correct: fitCorrect).threshold(reaching: target) {
                let (scoreConfidence, scoreCorrect) = scorePart.confidences()
                let kept = SelectivePrediction.apply(threshold: threshold, confidence: scoreConfidence, correct: scoreCorrect)
                selective.threshold = threshold
                selective.coverage = kept.coverage
                selective.accuracy = kept.accuracy
            }
        }
        self.selective = selective
    }
}

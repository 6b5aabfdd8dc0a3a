import DescentData
@testable import DescentEval
import Testing

@Suite("Temperature scaling equals scipy's fit")
struct TemperatureScalingTests {
    @Test("temperature and log-likelihood", arguments: EvalFixtures.shared.temperature.map(\.name))
    func fit(name: String) throws {
        let c = try #require(EvalFixtures.shared.temperature.first { $0.name == name })
        let p = try predictions(classes: c.classes, labels: c.labels, rows: c.probabilities)
        let scaling = TemperatureScaling(fitting: p)
        // scipy's bounded search stops at xatol 1e-10 on log T.
        #expect(abs(scaling.temperature - c.temperature) <= 1e-6 * c.temperature, "\(scaling.temperature) != \(c.temperature)")
        #expect(close(scaling.negativeLogLikelihood(p), c.nll_after, tolerance: 1e-9))
        #expect(close(TemperatureScaling(temperature: 1).negativeLogLikelihood(p), c.nll_before, tolerance: 1e-12))
        #expect(scaling.negativeLogLikelihood(p) <= c.nll_before)
    }

    @Test("on many rows (a subsampled start, then all rows) the fit is the same")
    func manyRows() throws {
        // The rows repeated 100 times have the same mean NLL, so the same optimum.
        let c = try #require(EvalFixtures.shared.temperature.first { $0.name == "overconfident" })
        let p = try predictions(classes: c.classes, labels: Array(repeating: c.labels, count: 100).flatMap { $0 },
                                rows: Array(repeating: c.probabilities, count: 100).flatMap { $0 })
        let scaling = TemperatureScaling(fitting: p)
        #expect(abs(scaling.temperature - c.temperature) <= 1e-6 * c.temperature, "\(scaling.temperature) != \(c.temperature)")
        #expect(close(scaling.scored(p).negativeLogLikelihood, c.nll_after, tolerance: 1e-9))
    }

    @Test("scaled probabilities keep the predicted class and sum to 1")
    func apply() throws {
        let c = EvalFixtures.shared.temperature[0]
        let p = try predictions(classes: c.classes, labels: c.labels, rows: c.probabilities)
        let scaled = TemperatureScaling(temperature: 2.5).apply(to: p)
        #expect(scaled.confidences().correct == p.confidences().correct)
        for i in 0..<scaled.count {
            let sum = (0..<scaled.classCount).reduce(0.0) { $0 + scaled.probabilities[$1 * scaled.count + i] }
            #expect(abs(sum - 1) < 1e-12)
        }
    }
}

@Suite("Selective prediction")
struct SelectivePredictionTests {
    // Confidence and correctness, by hand: sorted down 0.9 (right), 0.8 (right, wrong), 0.6 (right), 0.3 (wrong).
    let confidence = [0.6, 0.8, 0.9, 0.3, 0.8]
    let correct = [true, true, true, false, false]

    @Test("the curve groups ties and counts from the most confident row")
    func curve() {
        let s = SelectivePrediction(confidence: confidence, correct: correct)
        #expect(s.points.map(\.threshold) == [0.9, 0.8, 0.6, 0.3])
        #expect(s.points.map(\.coverage) == [0.2, 0.6, 0.8, 1.0])
        #expect(s.points.map(\.accuracy) == [1, 2.0 / 3, 0.75, 0.6])
        // Risk 1 - accuracy per row, groups weighted by their size.
        #expect(abs(s.aurc - (0 + 2 * (1.0 / 3) + 0.25 + 0.4) / 5) < 1e-15)
    }

    @Test("the threshold is the lowest one reaching the target")
    func threshold() {
        let s = SelectivePrediction(confidence: confidence, correct: correct)
        #expect(s.threshold(reaching: 0.7) == 0.6)
        #expect(s.threshold(reaching: 0.9) == 0.9)
        #expect(s.threshold(reaching: 0.5) == 0.3)
        let applied = SelectivePrediction.apply(threshold: 0.8, confidence: confidence, correct: correct)
        #expect(applied.coverage == 0.6 && applied.accuracy == 2.0 / 3)
        #expect(SelectivePrediction.apply(threshold: 0.95, confidence: confidence, correct: correct).accuracy == nil)
    }

    @Test("the evaluation fits on the validation part and scores the rest")
    func evaluation() throws {
        let c = try #require(EvalFixtures.shared.classification.first { $0.name == "ten_classes_peaked" })
        let p = try predictions(classes: c.classes, labels: c.labels, rows: c.probabilities)
        let e = ClassificationEvaluation(p, options: EvaluationOptions(bootstrap: 0, seed: 3, validationFraction: 0.5, targetAccuracy: 0.9))
        let selective = try #require(e.selective)
        #expect(selective.validationRows + selective.evaluationRows == p.count)
        let threshold = try #require(selective.threshold)
        #expect(selective.coverage! > 0 && selective.coverage! < 1 && threshold > 0)
        let calibration = try #require(e.calibration)
        #expect(calibration.logLossAfter <= calibration.logLossBefore + 0.05)
        // The same seed gives the same split.
        let again = ClassificationEvaluation(p, options: EvaluationOptions(bootstrap: 0, seed: 3, validationFraction: 0.5, targetAccuracy: 0.9))
        #expect(again.selective?.threshold == threshold && again.calibration?.temperature == calibration.temperature)
    }
}

@Suite("Slices and the bootstrap")
struct SliceAndBootstrapTests {
    @Test("numpy's linear percentile")
    func percentile() {
        // numpy.percentile([1, 2, 3, 4, 10], [2.5, 97.5]) == [1.1, 9.4]
        let intervals = [1.0, 2, 3, 4, 10]
        #expect(abs(Bootstrap.percentile(intervals, 0.025) - 1.1) < 1e-12)
        #expect(abs(Bootstrap.percentile(intervals, 0.975) - 9.4) < 1e-12)
    }

    @Test("quantile bins as pandas' qcut, missing cells their own slice")
    func quantileBins() throws {
        // pandas.qcut([1..8], 4): (0.999, 2.75], (2.75, 4.5], (4.5, 6.25], (6.25, 8.0]
        let column = Column(name: "x", numbers: [8, 1, 2, 3, 4, 5, 6, 7, nil])
        let slices = try Slice.slices(of: column, bins: 4, source: "f.csv")
        #expect(slices.map(\.value) == ["[1, 2.75]", "(2.75, 4.5]", "(4.5, 6.25]", "(6.25, 8]", "(missing)"])
        #expect(slices.map(\.rows) == [[1, 2], [3, 4], [5, 6], [0, 7], [8]])
        let categories = try Slice.slices(of: Column(name: "c", type: .categorical, strings: ["b", "a", "b"]), bins: 4, source: "f.csv")
        #expect(categories.map(\.value) == ["a", "b"] && categories.map(\.rows) == [[1], [0, 2]])
    }

    @Test("an empty slice is an error naming the column and the bin")
    func emptySlice() {
        #expect(throws: EvalError("f.csv: column 'x': slice (2.5, 5] (quantile bin 2 of 4) is empty: too few distinct values; use --slice-bins with fewer bins")) {
            try Slice.slices(of: Column(name: "x", numbers: [0, 10]), bins: 4, source: "f.csv")
        }
    }

    @Test("intervals are seeded, cover the estimate and do not depend on the thread count")
    func bootstrap() throws {
        let c = try #require(EvalFixtures.shared.classification.first { $0.name == "three_classes_random" })
        let p = try predictions(classes: c.classes, labels: c.labels, rows: c.probabilities)
        let rows = Array(0..<p.count)
        let compute: @Sendable ([Int]) -> [String: Double?] = { ClassificationMetrics(p.subset($0), parallel: false).values }
        let a = Bootstrap.intervals(rows: rows, resamples: 40, seed: 7, stream: 0, compute: compute)
        let previous = ComputeThreads.count
        ComputeThreads.set(1)
        let b = Bootstrap.intervals(rows: rows, resamples: 40, seed: 7, stream: 0, compute: compute)
        ComputeThreads.set(previous)
        #expect(a == b)
        let other = Bootstrap.intervals(rows: rows, resamples: 40, seed: 8, stream: 0, compute: compute)
        #expect(a != other)
        let accuracy = try #require(a["accuracy"])
        #expect(accuracy.lower < c.expected["accuracy"]!! && c.expected["accuracy"]!! < accuracy.upper)
        #expect(Set(a.keys) == Set(ClassificationMetrics.names))
    }
}

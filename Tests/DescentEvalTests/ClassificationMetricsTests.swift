import DescentCore
import DescentEval
import Testing

/// Predictions from a fixture case's rows of probabilities (and sample weights).
func predictions(classes: Int, labels: [Int], rows: [[Double]], weights: [Double]? = nil) throws -> ClassificationPredictions {
    let n = labels.count
    var p = [Double](repeating: 0, count: n * classes)
    for (i, row) in rows.enumerated() { for c in 0..<classes { p[c * n + i] = row[c] } }
    return try ClassificationPredictions(classes: (0..<classes).map(String.init), labels: labels.map(Int32.init), probabilities: p,
                                         weights: try weights.map { try SampleWeights($0) })
}

func close(_ a: Double?, _ b: Double?, tolerance: Double = 1e-12) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case let (a?, b?): return abs(a - b) <= tolerance * max(1, abs(b))
    default: return false
    }
}

@Suite("Classification metrics equal scikit-learn's")
struct ClassificationMetricsTests {
    /// Every row right gives an accuracy of exactly 1 with weights too (the hits and the total are
    /// summed in the same order; the row-order total differed in the last bits: 0.9999999999999993).
    @Test func allRightWeightedAccuracyIsExactlyOne() throws {
        var generator = SplitMix64(seed: 3)
        let labels = (0..<300).map { _ in Int(generator.below(3)) }
        let rows = labels.map { y in (0..<3).map { $0 == y ? 0.8 : 0.1 } }
        let weights = (0..<300).map { _ in Double(generator.below(1000)) / 997 + 0.001 }
        let m = ClassificationMetrics(try predictions(classes: 3, labels: labels, rows: rows, weights: weights))
        #expect(m.accuracy == 1)
        #expect(m.values["balanced_accuracy"] == 1)
    }

    static let cases = EvalFixtures.shared.classification

    @Test("at least 20 fixture cases, with the required kinds")
    func coverage() {
        #expect(Self.cases.count >= 20)
        let names = Set(Self.cases.map(\.name))
        for required in ["binary_ties", "class_never_predicted", "class_absent_from_labels", "ten_classes_random", "unit_weights",
                         "binary_weighted", "ten_classes_weighted", "class_of_zero_weight"] {
            #expect(names.contains(required))
        }
    }

    @Test("every metric", arguments: cases.map(\.name))
    func metrics(name: String) throws {
        let c = try #require(Self.cases.first { $0.name == name })
        let m = ClassificationMetrics(try predictions(classes: c.classes, labels: c.labels, rows: c.probabilities, weights: c.weights))
        let computed: [String: Double?] = m.values.merging([
            "precision_micro": m.precisionMicro, "recall_micro": m.recallMicro,
            "precision_weighted": m.precisionWeighted, "recall_weighted": m.recallWeighted,
        ]) { a, _ in a }
        for (key, expected) in c.expected where key != "ece_torchmetrics" {
            let value = try #require(computed[key], "\(key) not computed")
            #expect(close(value, expected), "\(name) \(key): \(String(describing: value)) != \(String(describing: expected))")
        }
        // torchmetrics works in float32 (and has no weights: unweighted cases only).
        if let torchmetrics = c.expected["ece_torchmetrics"] { #expect(close(m.ece, torchmetrics, tolerance: 1e-6)) }
        #expect(m.confusion.rows == c.confusion_matrix)
        #expect(m.reliability.count == c.reliability.count)
        for (bin, want) in zip(m.reliability, c.reliability) {
            #expect(bin.count == want.count)
            #expect(close(bin.confidence, want.confidence) && close(bin.accuracy, want.accuracy))
        }
    }

    @Test("weights of one give exactly the unweighted metrics", arguments: cases.map(\.name))
    func unitWeights(name: String) throws {
        let c = try #require(Self.cases.first { $0.name == name })
        let ones = [Double](repeating: 1, count: c.labels.count)
        let plain = ClassificationMetrics(try predictions(classes: c.classes, labels: c.labels, rows: c.probabilities))
        let weighted = ClassificationMetrics(try predictions(classes: c.classes, labels: c.labels, rows: c.probabilities, weights: ones))
        #expect(plain.values == weighted.values)
        #expect(plain.reliability == weighted.reliability && plain.confusion == weighted.confusion)
        #expect(plain.weightedConfusion == plain.confusion.counts.map(Double.init))
    }

    @Test("weighted metrics do not depend on the thread count")
    func weightedParallelEqualsSerial() throws {
        let c = try #require(Self.cases.first { $0.name == "ten_classes_weighted" })
        let labels = Array(repeating: c.labels, count: 200).flatMap { $0 }
        let rows = Array(repeating: c.probabilities, count: 200).flatMap { $0 }
        let weights = Array(repeating: c.weights!, count: 200).flatMap { $0 }
        let p = try predictions(classes: c.classes, labels: labels, rows: rows, weights: weights)
        let a = ClassificationMetrics(p, parallel: true), b = ClassificationMetrics(p, parallel: false)
        #expect(a.values == b.values)
        // Repeating every row leaves each weighted mean and rank statistic as it was.
        #expect(close(a.rocAUC, c.expected["roc_auc_ovr"]!, tolerance: 1e-10) && close(a.logLoss, c.expected["log_loss"]!, tolerance: 1e-10))
    }

    @Test("bad sample weights are one line naming the row and column")
    func badWeights() throws {
        #expect(throws: EvalError("w.csv: row 2: column 'w': sample weight -1.0 is negative")) {
            try SampleWeights([1, -1], source: "w.csv", column: "w")
        }
        #expect(throws: EvalError("w.csv: row 1: column 'w': sample weight nan is not finite")) {
            try SampleWeights([.nan, 1], source: "w.csv", column: "w")
        }
        #expect(throws: EvalError("w.csv: column 'w': every sample weight is 0 (at least one must be positive)")) {
            try SampleWeights([0, 0], source: "w.csv", column: "w")
        }
        #expect(throws: EvalError("<predictions>: 3 sample weights for 2 rows")) {
            try ClassificationPredictions(classes: ["0", "1"], labels: [0, 1], probabilities: [0.5, 0.5, 0.5, 0.5], weights: try SampleWeights([1, 1, 1]))
        }
    }

    @Test("metrics do not depend on the thread count")
    func parallelEqualsSerial() throws {
        let c = try #require(Self.cases.first { $0.name == "ten_classes_random" })
        // Repeat the rows to pass the parallel threshold.
        let labels = Array(repeating: c.labels, count: 200).flatMap { $0 }
        let rows = Array(repeating: c.probabilities, count: 200).flatMap { $0 }
        let p = try predictions(classes: c.classes, labels: labels, rows: rows)
        let a = ClassificationMetrics(p, parallel: true), b = ClassificationMetrics(p, parallel: false)
        #expect(a.values == b.values)
        #expect(close(a.rocAUC, c.expected["roc_auc_ovr"]!, tolerance: 1e-12))
    }

    @Test("the bins follow torch.linspace and bucketize(right=True)")
    func bins() {
        // torch.linspace(0, 1, 16, dtype=torch.float64).tolist(), torch 2.x.
        let torch = [0.0, 0.06666666666666667, 0.13333333333333333, 0.2, 0.26666666666666666, 0.3333333333333333, 0.4,
                     0.4666666666666667, 0.5333333333333333, 0.6, 0.6666666666666666, 0.7333333333333334, 0.8,
                     0.8666666666666667, 0.9333333333333333, 1.0]
        #expect(CalibrationError.boundaries == torch)
        #expect(CalibrationError.bin(0) == 0)
        #expect(CalibrationError.bin(0.2) == 3)
        #expect(CalibrationError.bin(0.2.nextDown) == 2)
        #expect(CalibrationError.bin(1.0.nextDown) == 14)
        #expect(CalibrationError.bin(1) == 15)
        #expect(CalibrationError.bin(1.00005) == 15)
    }

    @Test("bad probabilities are one line naming the row and column")
    func badInput() throws {
        #expect(throws: EvalError("<predictions>: row 2: column 'p_1': probability -0.1 is negative")) {
            try ClassificationPredictions(classes: ["0", "1"], labels: [0, 1], probabilities: [0.5, 1.1, 0.5, -0.1])
        }
        #expect(throws: EvalError("f.csv: row 1: probabilities sum to 0.9, not 1 (tolerance 0.0001)")) {
            try ClassificationPredictions(classes: ["0", "1"], labels: [0], probabilities: [0.5, 0.4], source: "f.csv")
        }
        // Within the tolerance is accepted.
        _ = try ClassificationPredictions(classes: ["0", "1"], labels: [0], probabilities: [0.5, 0.50009])
    }
}

@Suite("Regression metrics equal scikit-learn's")
struct RegressionMetricsTests {
    @Test("every metric", arguments: EvalFixtures.shared.regression.map(\.name))
    func metrics(name: String) throws {
        let c = try #require(EvalFixtures.shared.regression.first { $0.name == name })
        let m = RegressionMetrics(labels: c.labels, predictions: c.predictions, weights: c.weights)
        for (key, expected) in c.expected {
            let value = try #require(m.values[key] ?? nil)
            #expect(close(value, expected, tolerance: 1e-10), "\(name) \(key): \(value) != \(expected)")
        }
    }

    @Test("weights of one give exactly the unweighted metrics", arguments: EvalFixtures.shared.regression.map(\.name))
    func unitWeights(name: String) throws {
        let c = try #require(EvalFixtures.shared.regression.first { $0.name == name })
        let ones = [Double](repeating: 1, count: c.labels.count)
        #expect(RegressionMetrics(labels: c.labels, predictions: c.predictions)
            == RegressionMetrics(labels: c.labels, predictions: c.predictions, weights: ones))
    }
}

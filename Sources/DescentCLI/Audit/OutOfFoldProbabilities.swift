import DescentData
import DescentOptim

/// Out-of-fold predicted probabilities for confident learning, from a cross-validated Descent
/// model: the rows split into stratified folds (seeded), and for each fold an MLP (one hidden
/// layer of `hidden` units, ReLU) trained with `Trainer.fit` and AdamW on the other folds,
/// its softmax taken on the held-out fold. Every row is predicted by a model that never saw it,
/// as cleanlab asks of `pred_probs`.
struct OutOfFoldProbabilities {
    var folds = 5
    var epochs = 20
    var hidden = 128
    var learningRate: Float = 1e-3
    var batchSize = 32
    var seed: UInt64 = 0

    /// Probabilities for every row of the row-major `features` (`width` columns); rows without
    /// a label are left out of training and get a uniform distribution.
    func compute(features: [Double], width: Int, labels: AuditLabels) throws -> PredictedProbabilities {
        let K = labels.classes.count
        let n = labels.indices.count
        var values = [Double](repeating: 1 / Double(max(K, 1)), count: n * K)
        let labelled = labels.indices.indices.filter { labels.indices[$0] != nil }
        guard K >= 2, labelled.count >= folds, width > 0 else {
            throw CommandFailure("label_issues needs at least 2 classes, \(folds) labelled rows and one feature column to cross-validate a model")
        }
        // Stratified folds: each class's rows, shuffled, dealt round-robin.
        var generator = RandomGenerator(seed: seed)
        let order = generator.permutation(n)
        var fold = [Int](repeating: -1, count: n)
        var dealt = [Int](repeating: 0, count: K)
        var next = 0
        for row in order {
            guard let k = labels.indices[row] else { continue }
            fold[row] = (next + dealt[k]) % folds
            dealt[k] += 1
            if dealt[k] % folds == 0 { next = (next + 1) % folds }
        }
        func tensor(_ rows: [Int]) -> Tensor {
            var scalars = [Float](repeating: 0, count: rows.count * width)
            for (i, row) in rows.enumerated() {
                for j in 0..<width { scalars[i * width + j] = Float(features[row * width + j]) }
            }
            return Tensor(shape: [rows.count, width], scalars: scalars)
        }
        let model = MLP(inputs: width, hidden: [hidden], outputs: K)
        for f in 0..<folds {
            let trainRows = labelled.filter { fold[$0] != f }
            let heldOut = labelled.filter { fold[$0] == f }
            guard !heldOut.isEmpty, !trainRows.isEmpty else { continue }
            let source = TensorBatchSource(inputs: tensor(trainRows), targets: Tensor(shape: [trainRows.count], scalars: trainRows.map { Float(labels.indices[$0]!) }))
            var trainer = Trainer(model: model, objective: .classification(), parameters: model.makeParameters(seed: seed &+ UInt64(f)),
                                  optimizer: TransformationOptimizer.adamw(lr: .constant(learningRate)), batchSize: batchSize,
                                  generator: RandomGenerator(seed: seed &+ 1000 &+ UInt64(f)))
            try trainer.fit(on: source, plan: TrainingPlan(epochs: epochs))
            let probabilities = model(tensor(heldOut), parameters: trainer.parameters).softmax(alongAxis: 1).scalars
            for (i, row) in heldOut.enumerated() {
                var sum = 0.0
                for k in 0..<K { sum += Double(probabilities[i * K + k]) }
                for k in 0..<K { values[row * K + k] = Double(probabilities[i * K + k]) / sum }
            }
        }
        return PredictedProbabilities(classes: labels.classes, values: values)
    }
}

/// What a model is trained to do: the loss and the quality measure that go with it.
public enum Objective: Sendable, Hashable {
    /// Logits [N, C] against class indices [N]; accuracy is reported.
    case classification(labelSmoothing: Float = 0)
    /// Predictions against targets of the same shape, by mean squared error.
    case regression
    /// Logits [N, k] against targets in {0, 1}, binary cross-entropy; accuracy at 0.
    case binary
    /// Next-token logits [B, T, V] against token indices [B, T]; cross-entropy per token.
    case languageModel

    /// The mean loss of a batch.
    public func loss(output: Tensor, target: Tensor) -> Tensor {
        switch self {
        case .classification(let smoothing):
            return softmaxCrossEntropy(logits: output, labels: target, labelSmoothing: smoothing)
        case .regression:
            return meanSquaredError(predictions: output, targets: target.reshaped(to: output.shape))
        case .binary:
            return binaryCrossEntropyWithLogits(logits: output, targets: target.reshaped(to: output.shape))
        case .languageModel:
            let vocabulary = output.shape[output.rank - 1]
            return softmaxCrossEntropy(logits: output.reshaped(to: [-1, vocabulary]), labels: target.reshaped(to: [-1]))
        }
    }

    /// The number of correct predictions and of predictions, where accuracy means something.
    public func correct(output: Tensor, target: Tensor) -> (correct: Int, total: Int)? {
        switch self {
        case .classification, .languageModel:
            let classes = output.shape[output.rank - 1]
            let predicted = output.reshaped(to: [-1, classes]).argmax(alongAxis: 1)
            let hits = zip(predicted, target.scalars).filter { $0 == Int($1) }.count
            return (hits, predicted.count)
        case .binary:
            let hits = zip(output.scalars, target.scalars).filter { ($0 > 0) == ($1 > 0.5) }.count
            return (hits, output.count)
        case .regression:
            return nil
        }
    }
}

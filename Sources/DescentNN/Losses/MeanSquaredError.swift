/// The mean of (prediction − target)² over all elements.
public func meanSquaredError(predictions: Tensor, targets: Tensor) -> Tensor {
    precondition(predictions.shape == targets.shape,
                 "predictions \(predictions.shape) and targets \(targets.shape) differ in shape")
    return (predictions - targets.detached).squared().mean()
}

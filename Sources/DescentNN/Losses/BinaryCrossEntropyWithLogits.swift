/// Mean binary cross-entropy between logits and targets in [0, 1], computed as
/// max(x, 0) − x·y + log(1 + e^−|x|) so that it is finite for logits of any size (as
/// PyTorch's `BCEWithLogitsLoss`); the gradient is the fused (σ(x) − y) / N.
public func binaryCrossEntropyWithLogits(logits: Tensor, targets: Tensor) -> Tensor {
    precondition(logits.shape == targets.shape,
                 "logits \(logits.shape) and targets \(targets.shape) differ in shape")
    let n = Float(logits.count)
    var total: Double = 0
    for (x, y) in zip(logits.scalars, targets.scalars) {
        total += Double(max(x, 0) - x * y + Math.log1p(Math.exp(-abs(x))))
    }
    let loss = Tensor(Float(total / Double(n)))
    let x = logits.detached, y = targets.detached
    return Tensor.record(loss, input: logits) { g in
        let scale = g.scalar / n
        return x.zipped(y) { x, y in (Tensor.sigmoid(x) - y) * scale }
    }
}

/// Mean softmax cross-entropy between logits [N, C] and class indices, with optional
/// label smoothing ε (the target puts 1 − ε on the class and ε / C on every class, as
/// PyTorch's `CrossEntropyLoss(label_smoothing:)`).
///
/// Computed from the log-softmax, so it stays finite for logits of any size; the gradient
/// is the fused (softmax − target) / N.
public func softmaxCrossEntropy(logits: Tensor, labels: [Int], labelSmoothing: Float = 0) -> Tensor {
    precondition(logits.rank == 2, "cross-entropy expects logits [N, C], got \(logits.shape)")
    let (n, classes) = (logits.shape[0], logits.shape[1])
    precondition(labels.count == n, "\(labels.count) labels for \(n) rows of logits")
    precondition(labelSmoothing >= 0 && labelSmoothing <= 1, "label smoothing must be in [0, 1]")
    for label in labels {
        precondition(label >= 0 && label < classes, "label \(label) out of range 0..<\(classes)")
    }
    let logProbabilities = logits.detached.logSoftmax(alongAxis: 1)
    let onClass = 1 - labelSmoothing, everyClass = labelSmoothing / Float(classes)
    var total: Double = 0
    logProbabilities.scalars.withUnsafeBufferPointer { lp in
        for row in 0..<n {
            let base = row * classes
            var rowSum: Float = 0
            if everyClass > 0 { for c in 0..<classes { rowSum += lp[base + c] } }
            total -= Double(onClass * lp[base + labels[row]] + everyClass * rowSum)
        }
    }
    let loss = Tensor(Float(total / Double(n)))
    return Tensor.record(loss, input: logits) { g in
        let scale = g.scalar / Float(n)
        var grad = logProbabilities.exp().scalars  // the softmax, by the vectorised kernel on all threads
        grad.withUnsafeMutableBufferPointer { gp in
            for i in 0..<gp.count { gp[i] = (gp[i] - everyClass) * scale }
            for row in 0..<n { gp[row * classes + labels[row]] -= onClass * scale }
        }
        return Tensor(shape: logits.shape, scalars: grad)
    }
}

/// Cross-entropy with labels given as a tensor of class indices (stored as Float).
public func softmaxCrossEntropy(logits: Tensor, labels: Tensor, labelSmoothing: Float = 0) -> Tensor {
    softmaxCrossEntropy(logits: logits, labels: labels.scalars.map { Int($0) }, labelSmoothing: labelSmoothing)
}

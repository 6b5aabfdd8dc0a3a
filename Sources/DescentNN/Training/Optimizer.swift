/// A stateful optimizer that the training loop drives, one step per batch.
///
/// The optimizer library (DescentOptim) provides the implementations; this protocol is
/// what the training loop and checkpoints need from them.
public protocol Optimizer: Sendable {
    /// The optimizer's name, as `descent optim list` shows it.
    var name: String { get }
    /// Applies one update to `parameters` from `gradients` (same layout) multiplied by
    /// `gradientScale`: the training loop's clipping coefficient and accumulation average,
    /// folded into the optimizer's pass over the arena instead of a pass of their own.
    mutating func step(_ parameters: inout ParameterSet, gradients: ParameterSet, gradientScale: Float)
    /// Every state buffer and counter as named tensors, for checkpoints: F32, or BF16 and U8
    /// for state kept in low precision, as it is kept.
    func stateTensors() -> [String: SafeTensors.Value]
    /// Restores state saved by ``stateTensors()`` for `parameters` (matched by name, so the
    /// order may differ); throws naming the first missing or mismatched entry.
    mutating func loadStateTensors(_ tensors: [String: SafeTensors.Value], for parameters: ParameterSet) throws
    /// Called after each evaluation on the validation part with its loss (PyTorch's
    /// `ReduceLROnPlateau.step(val_loss)`); optimizers without a metric-driven schedule ignore it.
    mutating func observe(validationLoss: Double)
    /// The weights to evaluate, serve and export when training has reached `parameters`, if
    /// they differ: a schedule-free optimizer's evaluation point x (schedulefree's `.eval()`);
    /// nil for the others, whose iterates are the weights.
    func evaluationPoint(_ parameters: ParameterSet) -> ParameterSet?
}

extension Optimizer {
    /// Applies one update to `parameters` from `gradients` as they are.
    public mutating func step(_ parameters: inout ParameterSet, gradients: ParameterSet) {
        step(&parameters, gradients: gradients, gradientScale: 1)
    }

    public mutating func observe(validationLoss: Double) {}

    public func evaluationPoint(_ parameters: ParameterSet) -> ParameterSet? { nil }
}

/// An optimizer's saved state does not fit the model or the optimizer.
public struct OptimizerStateError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Adds λ·p to the updates for the parameters in `mask` (Optax's `add_decayed_weights`).
///
/// Placed before ``ScaleByLearningRate`` it is decoupled weight decay (AdamW: the decay is
/// multiplied by the learning rate, as PyTorch's `AdamW` does); placed before the
/// gradient's rescaling (first in a chain) it is coupled L2 decay (`Adam(weight_decay:)`).
public struct AddDecayedWeights: GradientTransformation {
    public var weightDecay: Float
    public var mask: ParameterMask

    public init(_ weightDecay: Float, mask: ParameterMask = .all) {
        self.weightDecay = weightDecay
        self.mask = mask
    }

    public var name: String { "add_decayed_weights" }

    public func initialState(for parameters: ParameterSet) -> TransformationState { TransformationState() }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        guard weightDecay != 0 else { return }
        let wd = weightDecay
        parameters.storage.withUnsafeBufferPointer { p in
            updates.withMutablePointer { u in
                let pp = UnsafeMutablePointer(mutating: p.baseAddress!)
                for range in mask.ranges(in: parameters) {
                    arenaKernel(count: range.count, [u + range.lowerBound, pp + range.lowerBound]) { r, b in
                        for i in r { b[0][i] += wd * b[1][i] }
                    }
                }
            }
        }
    }
}

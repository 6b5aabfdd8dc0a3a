import Foundation

/// Divides the updates by 1 − βᵗ at step t (a moment's bias correction applied on its own,
/// where a rule corrects after another rescaling: LAMB's step size lr/(1 − β₁ᵗ)).
public struct ScaleByBiasCorrection: GradientTransformation {
    public var beta: Double

    public init(beta: Double) { self.beta = beta }

    public var name: String { "scale_by_bias_correction" }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        TransformationState(scalars: ["step": 0])
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let step = state.advance("step") + 1
        let scale = Float(1 / (1 - Foundation.pow(beta, Double(step))))
        let n = updates.scalarCount
        updates.withMutablePointer { u in
            arenaKernel(count: n, [u]) { range, b in
                let u = b[0]
                for i in range { u[i] *= scale }
            }
        }
    }
}

/// Multiplies each parameter's update by the parameter's root mean square, at least
/// `minScale`: u ← u·max(ε₂, RMS(p)) (Optax's `scale_by_param_block_rms`; Adafactor's
/// relative step with ε₂, read from the parameters before this step's decay).
public struct ScaleByParamBlockRMS: GradientTransformation {
    public var minScale: Float

    public init(minScale: Float = 1e-3) { self.minScale = minScale }

    public var name: String { "scale_by_param_block_rms" }

    public func initialState(for parameters: ParameterSet) -> TransformationState { TransformationState() }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let entries = updates.entries
        let low = Double(minScale)
        updates.withMutablePointer { u in
            parameters.withReadPointer { w in
                for entry in entries {
                    let rms = squaredNorm(w + entry.offset, count: entry.count).squareRoot() / Double(entry.count).squareRoot()
                    let scale = Float(Swift.max(low, rms))
                    let x = u + entry.offset
                    for i in 0..<entry.count { x[i] *= scale }
                }
            }
        }
    }
}

/// Scales each parameter's update down when its root mean square exceeds `threshold`:
/// u ← u / max(1, RMS(u)/d) (Optax's `clip_by_block_rms`; Adafactor's update clipping d).
public struct ClipByBlockRMS: GradientTransformation {
    public var threshold: Float

    public init(_ threshold: Float) { self.threshold = threshold }

    public var name: String { "clip_by_block_rms" }

    public func initialState(for parameters: ParameterSet) -> TransformationState { TransformationState() }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let d = Double(threshold)
        let entries = updates.entries
        updates.withMutablePointer { u in
            for entry in entries {
                let x = u + entry.offset
                let rms = squaredNorm(x, count: entry.count).squareRoot() / Double(entry.count).squareRoot()
                let denom = Float(Swift.max(1, rms / d))
                if denom != 1 { for i in 0..<entry.count { x[i] /= denom } }
            }
        }
    }
}

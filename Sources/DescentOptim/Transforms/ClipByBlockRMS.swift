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
                let rms = blockNorm(x, entry.count) / Double(entry.count).squareRoot()
                let denom = Float(Swift.max(1, rms / d))
                if denom != 1 { for i in 0..<entry.count { x[i] /= denom } }
            }
        }
    }
}

/// The L2 norm of `count` floats, accumulated in double precision.
func blockNorm(_ x: UnsafePointer<Float>, _ count: Int) -> Double {
    var acc = SIMD8<Double>()
    var i = 0
    while i &+ 8 <= count {
        var lane = SIMD8<Double>()
        for k in 0..<8 { lane[k] = Double(x[i &+ k]) }
        acc += lane * lane
        i &+= 8
    }
    var total = acc.sum()
    while i < count {
        total += Double(x[i]) * Double(x[i])
        i &+= 1
    }
    return total.squareRoot()
}

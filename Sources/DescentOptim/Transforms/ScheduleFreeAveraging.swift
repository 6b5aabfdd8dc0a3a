import Foundation

/// Schedule-free averaging (Defazio et al., 2024; the `schedulefree` package): the
/// parameters the optimizer holds are the training iterates y, an interpolation between the
/// base sequence z (plain steps −lr·d) and the average x of the z's.
///
/// With d the incoming direction (the gradient, or Adam's normalised gradient, plus λy),
/// lr_k = lr·min(1, (k+1)/warmup_steps), lr_max the largest lr_k so far,
/// w_k = (k+1)^r·lr_max^weight_lr_power and c = w_k/Σw:
/// y ← (1 − c)·y + c·z + lr_k(β(1 − c) − 1)·d, then z ← z − lr_k·d.
/// The output is the whole update (y_new − y). The evaluation point, what the reference's
/// `.eval()` puts in the model, is x = y + (1 − 1/β)(z − y): see ``evaluationPoint(training:state:)``.
public struct ScheduleFreeAveraging: GradientTransformation {
    public var lr: Float
    /// The interpolation weight β (AdamW's beta1, SGD's momentum).
    public var beta: Double
    public var warmupSteps: Int
    public var r: Float
    public var weightLrPower: Float

    public init(lr: Float, beta: Double = 0.9, warmupSteps: Int = 0, r: Float = 0, weightLrPower: Float = 2) {
        self.lr = lr
        self.beta = beta
        self.warmupSteps = warmupSteps
        self.r = r
        self.weightLrPower = weightLrPower
    }

    public var name: String { "schedule_free_averaging" }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        var z = parameters.zeros()
        z.storage = parameters.storage
        return TransformationState(buffers: ["z": z], scalars: ["k": 0, "weight_sum": 0, "lr_max": -1])
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let k = Double(state.scalars["k"]!)
        let schedule = k < Double(warmupSteps) ? (k + 1) / Double(warmupSteps) : 1
        let lr = Double(self.lr) * schedule
        let lrMax = Swift.max(lr, Double(state.scalars["lr_max"]!))
        let weight = Foundation.pow(k + 1, Double(r)) * Foundation.pow(lrMax, Double(weightLrPower))
        let weightSum = Double(state.scalars["weight_sum"]!) + weight
        let ckp1 = weightSum == 0 ? 0 : weight / weightSum
        state.scalars["k"] = Float(k + 1)
        state.scalars["lr_max"] = Float(lrMax)
        state.scalars["weight_sum"] = Float(weightSum)
        let c = Float(ckp1), yScale = Float(lr * (beta * (1 - ckp1) - 1)), zScale = Float(lr)
        var z = state.take("z")
        let n = updates.scalarCount
        updates.withMutablePointer { u in
            z.withMutablePointer { zp in
                parameters.storage.withUnsafeBufferPointer { pb in
                    let y = UnsafeMutablePointer(mutating: pb.baseAddress!)
                    arenaKernel(count: n, [u, zp, y]) { range, b in
                        let (u, z, y) = (b[0], b[1], b[2])
                        for i in range {
                            let d = u[i], yi = y[i]
                            // torch's lerp, then the step: y + c(z − y) + yScale·d.
                            let lerped = yi + c * (z[i] - yi)
                            u[i] = (lerped + yScale * d) - yi
                            z[i] -= zScale * d
                        }
                    }
                }
            }
        }
        state.put("z", z)
    }

    /// The evaluation point x = y + (1 − 1/β)(z − y) for training iterates `y` (the
    /// parameters) and this transformation's `state`: what schedulefree's `.eval()` loads.
    public func evaluationPoint(training y: ParameterSet, state: TransformationState) -> ParameterSet {
        var x = y
        guard let z = state.buffers["z"] else { return x }
        let weight = Float(1 - 1 / beta)
        for i in x.storage.indices { x.storage[i] += weight * (z.storage[i] - x.storage[i]) }
        return x
    }
}

extension TransformationOptimizer {
    /// For a schedule-free optimizer (a chain with ``ScheduleFreeAveraging``), the
    /// evaluation point x for the training iterates `y` it has been stepping: what to
    /// evaluate, checkpoint for serving or export (schedulefree's `.eval()`); nil for other
    /// optimizers or before the first step.
    public func scheduleFreeEvaluationPoint(training y: ParameterSet) -> ParameterSet? {
        guard let state else { return nil }
        if let averaging = transformation as? ScheduleFreeAveraging {
            return averaging.evaluationPoint(training: y, state: state)
        }
        guard let chain = transformation as? Chain,
              let index = chain.parts.lastIndex(where: { $0 is ScheduleFreeAveraging }) else { return nil }
        return (chain.parts[index] as! ScheduleFreeAveraging).evaluationPoint(training: y, state: state.children[index])
    }

    /// The training loop's hook: ``scheduleFreeEvaluationPoint(training:)``.
    public func evaluationPoint(_ parameters: ParameterSet) -> ParameterSet? {
        scheduleFreeEvaluationPoint(training: parameters)
    }
}

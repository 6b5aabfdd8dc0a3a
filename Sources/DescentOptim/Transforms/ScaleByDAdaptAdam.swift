import Foundation

/// D-Adaptation's distance estimate around Adam (Defazio & Mishchenko, 2023): the step
/// d·lr grows with a lower bound on ‖x₀ − x*‖ built from the whole arena at once (the
/// authors' `dadaptation.DAdaptAdam`).
///
/// Per step, with dlr = d·lr·(bias correction) and √β₂ written b:
/// n ← b·n + (1 − b)·dlr·⟨g, s/(√v + ε)⟩, m ← β₁m + dlr(1−β₁)g, v ← β₂v + (1−β₂)g²,
/// s ← b·s + dlr(1 − b)g, d̂ = n/((1 − b)‖s‖₁), d ← max(d, min(d̂, d·growth)); the update is
/// −m/(√v + ε) − λ·dlr·x (decoupled decay; coupled decay adds λx to g first).
///
/// The output is the whole update (the moments already carry dlr). Scalars are computed in
/// Double, as the reference does in Python, and stored as Float. `layer_scale` is 1.
public struct ScaleByDAdaptAdam: GradientTransformation {
    public var lr: Float
    public var beta1: Double
    public var beta2: Double
    public var eps: Float
    public var weightDecay: Float
    public var decouple: Bool
    public var useBiasCorrection: Bool
    public var d0: Float
    public var growthRate: Double

    public init(
        lr: Float = 1, beta1: Double = 0.9, beta2: Double = 0.999, eps: Float = 1e-8, weightDecay: Float = 0,
        decouple: Bool = false, useBiasCorrection: Bool = false, d0: Float = 1e-6, growthRate: Double = .infinity
    ) {
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.weightDecay = weightDecay
        self.decouple = decouple
        self.useBiasCorrection = useBiasCorrection
        self.d0 = d0
        self.growthRate = growthRate
    }

    public var name: String { "scale_by_dadapt_adam" }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        TransformationState(zeros: ["exp_avg", "exp_avg_sq", "s"], like: parameters, scalars: ["d": d0, "numerator_weighted": 0, "k": 0])
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let k = Double(state.scalars["k"]!)
        var d = Double(state.scalars["d"]!)
        let (b1, b2) = (beta1, beta2)
        let bias = useBiasCorrection ? (1 - Foundation.pow(b2, k + 1)).squareRoot() / (1 - Foundation.pow(b1, k + 1)) : 1
        let dlr = d * Double(lr) * bias
        let sqrtBeta2 = b2.squareRoot()
        let decay = weightDecay, coupled = weightDecay != 0 && !decouple, eps = self.eps
        let fb1 = Float(beta1), fb2 = Float(beta2), w2 = Float(1 - beta2), fsb2 = Float(sqrtBeta2)
        let mScale = Float(dlr * (1 - b1)), sScale = Float(dlr * (1 - sqrtBeta2))
        // The moments, s, and the global sums ⟨g, s/(√v + ε)⟩ and ‖s‖₁ (Double, in fixed blocks).
        let (dot, sNorm) = state.reduction(&updates, ["exp_avg", "exp_avg_sq", "s"], parameters: parameters) { range, b in
            let (u, p, m, v, s) = (b[0], b[1], b[2], b[3], b[4])
            var dot = 0.0, sNorm = 0.0
            for i in range {
                var g = u[i]
                if coupled { g += decay * p[i]; u[i] = g }
                dot += Double(g * (s[i] / (v[i].squareRoot() + eps)))
                m[i] = fb1 * m[i] + mScale * g
                v[i] = fb2 * v[i] + w2 * (g * g)
                let si = fsb2 * s[i] + sScale * g
                s[i] = si
                sNorm += Double(Swift.abs(si))
            }
            return (dot, sNorm)
        }
        let numerator = sqrtBeta2 * Double(state.scalars["numerator_weighted"]!) + (1 - sqrtBeta2) * dlr * dot
        guard sNorm != 0 else {
            // No gradient yet: the reference returns before the step (and before counting it).
            updates.storage.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            return
        }
        let dHat = numerator / ((1 - sqrtBeta2) * sNorm)
        d = Swift.max(d, Swift.min(dHat, d * growthRate))
        state.scalars["numerator_weighted"] = Float(numerator)
        state.scalars["d"] = Float(d)
        state.scalars["k"] = Float(k + 1)
        let decoupledDecay = weightDecay != 0 && decouple ? Float(Double(weightDecay) * dlr) : 0
        state.elementwise(&updates, ["exp_avg", "exp_avg_sq"], parameters: parameters) { range, b in
            let (u, p, m, v) = (b[0], b[1], b[2], b[3])
            for i in range { u[i] = -decoupledDecay * p[i] - m[i] / (v[i].squareRoot() + eps) }
        }
    }
}

import Foundation

/// Prodigy's distance-based step size around Adam (Mishchenko & Defazio, 2024): the step
/// d·lr grows with an estimate of the distance to the solution, ‖x₀ − x*‖, taken from
/// the whole arena at once (prodigyopt's `Prodigy`).
///
/// Per step k, over every parameter element (one global reduction):
/// r ← β₃r + (d/d₀)·dlr·⟨g, x₀ − x⟩, s ← β₃s + (d/d₀)·dlr·g (d·(d/d₀) with
/// `safeguardWarmup`), d̂ = d_coef·r/‖s‖₁, d ← min(max(d, d̂ at the first growth, d_max), d·growth);
/// m ← β₁m + d(1−β₁)g, v ← β₂v + d²(1−β₂)g², and the update is
/// −dlr·m/(√v + d·ε) − λ·dlr·x (decoupled decay), with dlr = d·lr·(bias correction).
///
/// The output is the whole update (learning rate included), as the step size and the
/// estimate are intertwined. Scalars (d, d_max, the numerator r, the step k) are computed in
/// Double, as prodigyopt does in Python, and stored as Float. `sliceP` > 1 keeps s and x₀
/// for every sliceP-th element of each parameter only (prodigyopt's `slice_p`, flattened
/// order); FSDP is not provided.
public struct ScaleByProdigy: GradientTransformation {
    public var lr: Float
    public var beta1: Double
    public var beta2: Double
    /// β₃; prodigyopt's `None` (√β₂) is written as 0.
    public var beta3: Double
    public var eps: Float
    public var weightDecay: Float
    public var decouple: Bool
    public var useBiasCorrection: Bool
    public var safeguardWarmup: Bool
    public var d0: Float
    public var dCoef: Float
    public var growthRate: Double
    public var sliceP: Int

    public init(
        lr: Float = 1, beta1: Double = 0.9, beta2: Double = 0.999, beta3: Double = 0, eps: Float = 1e-8,
        weightDecay: Float = 0, decouple: Bool = true, useBiasCorrection: Bool = false, safeguardWarmup: Bool = false,
        d0: Float = 1e-6, dCoef: Float = 1, growthRate: Double = .infinity, sliceP: Int = 1
    ) {
        precondition(sliceP >= 1, "slice_p must be at least 1, got \(sliceP)")
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.beta3 = beta3
        self.eps = eps
        self.weightDecay = weightDecay
        self.decouple = decouple
        self.useBiasCorrection = useBiasCorrection
        self.safeguardWarmup = safeguardWarmup
        self.d0 = d0
        self.dCoef = dCoef
        self.growthRate = growthRate
        self.sliceP = sliceP
    }

    public var name: String { "scale_by_prodigy" }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        var x0 = parameters.zeros(), s = parameters.zeros()
        x0.storage = parameters.storage
        if sliceP > 1 {
            // Every sliceP-th element of each flattened parameter, as `p.flatten()[::slice_p]`.
            (x0, s) = (ParameterSet(), ParameterSet())
            for entry in parameters.entries {
                let kept = stride(from: entry.offset, to: entry.range.upperBound, by: sliceP).map { parameters.storage[$0] }
                x0.append(entry.name, Tensor(shape: [kept.count], scalars: kept))
                s.append(entry.name, Tensor.zeros([kept.count]))
            }
        }
        var buffers = ["exp_avg_sq": parameters.zeros(), "s": s, "p0": x0]
        if beta1 > 0 { buffers["exp_avg"] = parameters.zeros() }
        return TransformationState(buffers: buffers, scalars: ["d": d0, "d_max": d0, "d_numerator": 0, "k": 0])
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let k = Double(state.scalars["k"]!)
        var d = Double(state.scalars["d"]!), dMax = Double(state.scalars["d_max"]!)
        let d0 = Double(self.d0), lr = Double(self.lr)
        let (b1, b2) = (beta1, beta2)
        let b3 = beta3 > 0 ? beta3 : b2.squareRoot()
        let bias = useBiasCorrection ? (1 - Foundation.pow(b2, k + 1)).squareRoot() / (1 - Foundation.pow(b1, k + 1)) : 1
        let dlr = d * lr * bias
        let dNumerator = Double(state.scalars["d_numerator"]!) * b3
        let decay = weightDecay, coupled = weightDecay != 0 && !decouple
        let m1 = Float(d * (1 - b1)), m2 = Float(d * d * (1 - b2)), fb1 = Float(b1), fb2 = Float(b2), fb3 = Float(b3)
        let sScale = Float((d / d0) * (safeguardWarmup ? d : dlr))
        let useMomentum = beta1 > 0, full = sliceP == 1
        let moments = useMomentum ? ["exp_avg_sq", "exp_avg"] : ["exp_avg_sq"]
        // Pass 1: moments, s, and the global sums ⟨g, x₀ − x⟩ and ‖s‖₁ (Double, in fixed blocks).
        var (dot, sNorm) = state.reduction(&updates, moments + ["s", "p0"], parameters: parameters) { range, b in
            let (u, p, v) = (b[0], b[1], b[2])
            let (m, s, x0) = useMomentum ? (b[3], b[4], b[5]) : (b[2], b[3], b[4])
            var dot = 0.0, sNorm = 0.0
            for i in range {
                var g = u[i]
                if coupled { g += decay * p[i]; u[i] = g }
                if useMomentum { m[i] = fb1 * m[i] + m1 * g }
                v[i] = fb2 * v[i] + m2 * (g * g)
                guard full else { continue }
                dot += Double(g * (x0[i] - p[i]))
                let si = fb3 * s[i] + sScale * g
                s[i] = si
                sNorm += Double(Swift.abs(si))
            }
            return (dot, sNorm)
        }
        if !full {
            // The sliced statistics, parameter by parameter.
            var s = state.take("s")
            let p0 = state.buffers["p0"]!
            for entry in updates.entries {
                let sliced = s.entry(named: entry.name)!
                for k in 0..<sliced.count {
                    let (i, j) = (entry.offset + k * sliceP, sliced.offset + k)
                    let g = updates.storage[i]
                    dot += Double(g * (p0.storage[j] - parameters.storage[i]))
                    let si = fb3 * s.storage[j] + sScale * g
                    s.storage[j] = si
                    sNorm += Double(Swift.abs(si))
                }
            }
            state.put("s", s)
        }
        guard sNorm != 0 else {
            // No gradient yet: prodigyopt returns before the step (and before counting it).
            updates.storage.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            return
        }
        let globalNumerator = dNumerator + (d / d0) * dlr * dot
        let dHat = Double(dCoef) * globalNumerator / sNorm
        if Float(d) == self.d0 { d = Swift.max(d, dHat) }
        dMax = Swift.max(dMax, dHat)
        d = Swift.min(dMax, d * growthRate)
        state.scalars["d"] = Float(d)
        state.scalars["d_max"] = Float(dMax)
        state.scalars["d_numerator"] = Float(globalNumerator)
        state.scalars["k"] = Float(k + 1)
        // Pass 2: the step with the estimate before this update (dlr) and ε scaled by the new d.
        let dEps = Float(d * Double(eps)), step = Float(dlr), stepD = Float(dlr * d)
        let decoupledDecay = weightDecay != 0 && decouple ? Float(Double(weightDecay) * dlr) : 0
        state.elementwise(&updates, moments, parameters: parameters) { range, b in
            let (u, p, v) = (b[0], b[1], b[2])
            let m = useMomentum ? b[3] : u
            for i in range {
                let denom = v[i].squareRoot() + dEps
                let direction = useMomentum ? step * (m[i] / denom) : stepD * (u[i] / denom)
                u[i] = -decoupledDecay * p[i] - direction
            }
        }
    }
}

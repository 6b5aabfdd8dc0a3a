/// Shampoo's Kronecker-factored preconditioner (Gupta, Koren & Singer, 2018;
/// pytorch-optimizer's `Shampoo`): one statistics matrix per tensor axis.
///
/// For a tensor of order k: g ← g + μ(b − g) with b the previous preconditioned step
/// (b = g at the first step) when momentum μ > 0; g ← g + λp with `coupledWeightDecay` λ;
/// for every axis i, Lᵢ ← Lᵢ + G₍ᵢ₎G₍ᵢ₎ᵀ (Lᵢ starts at ε·I) and, every
/// `preconditioningComputeSteps` steps, Pᵢ = Lᵢ^(−1/(2k)); the output is g ×₁ P₁ ×₂ … ×ₖ Pₖ
/// (before the first refresh Pᵢ = 0, as the reference starts it). Vectors are order 1
/// (P = L^(−½)); 3-D tensors get three factors, as the reference does (no reshaping).
///
/// The reference takes the inverse roots by SVD in float32; here by a symmetric
/// eigendecomposition in Double (the singular values of a symmetric PSD matrix are its
/// eigenvalues). The sign is kept: follow with ``ScaleByLearningRate``.
public struct ScaleByShampoo: GradientTransformation {
    public var momentum: Float
    public var matrixEps: Float
    public var preconditioningComputeSteps: Int
    public var coupledWeightDecay: Float

    public init(momentum: Float = 0, matrixEps: Float = 1e-6, preconditioningComputeSteps: Int = 1, coupledWeightDecay: Float = 0) {
        self.momentum = momentum
        self.matrixEps = matrixEps
        self.preconditioningComputeSteps = preconditioningComputeSteps
        self.coupledWeightDecay = coupledWeightDecay
    }

    public var name: String { "scale_by_shampoo" }

    static func maxRank(_ parameters: ParameterSet) -> Int { parameters.entries.map(\.shape.count).max() ?? 0 }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        var buffers: [String: ParameterSet] = [:]
        if momentum > 0 { buffers["momentum_buffer"] = parameters.zeros() }
        for axis in 0..<Self.maxRank(parameters) {
            var statistics = ParameterSet(), inverse = ParameterSet()
            for entry in parameters.entries where axis < entry.shape.count {
                let d = entry.shape[axis]
                var eye = [Float](repeating: 0, count: d * d)
                for i in 0..<d { eye[i * d + i] = matrixEps }
                statistics.append(entry.name, Tensor(shape: [d, d], scalars: eye))
                inverse.append(entry.name, Tensor.zeros([d, d]))
            }
            buffers["pre_cond_\(axis)"] = statistics
            buffers["inv_pre_cond_\(axis)"] = inverse
        }
        return TransformationState(buffers: buffers, scalars: ["step": 0])
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let step = state.advance("step") + 1
        let refresh = Int(step) % preconditioningComputeSteps == 0
        let axes = Self.maxRank(updates)
        var statistics = (0..<axes).map { state.take("pre_cond_\($0)") }
        var inverses = (0..<axes).map { state.take("inv_pre_cond_\($0)") }
        var buffer = momentum > 0 ? state.take("momentum_buffer") : ParameterSet()
        for entry in updates.entries {
            let range = entry.range, shape = entry.shape, order = shape.count
            var g = Array(updates.storage[range])
            if momentum > 0 {
                for i in g.indices {
                    let b = step == 1 ? g[i] : buffer.storage[range.lowerBound + i]
                    g[i] += momentum * (b - g[i])
                }
            }
            if coupledWeightDecay != 0 {
                for i in g.indices { g[i] += coupledWeightDecay * parameters.storage[range.lowerBound + i] }
            }
            let statisticsGradient = g
            for axis in 0..<order {
                let d = shape[axis]
                let statisticsRange = statistics[axis].entry(named: entry.name)!.range
                let gram = statisticsGradient.withUnsafeBufferPointer { KroneckerFactors.gram($0, shape: shape, axis: axis) }
                var l = [Double](repeating: 0, count: d * d)
                for i in 0..<(d * d) {
                    let value = statistics[axis].storage[statisticsRange.lowerBound + i] + Float(gram[i])
                    statistics[axis].storage[statisticsRange.lowerBound + i] = value
                    l[i] = Double(value)
                }
                let inverseRange = inverses[axis].entry(named: entry.name)!.range
                if refresh {
                    let root = KroneckerFactors.inverseRoot(l, n: d, power: Double(2 * order))
                    inverses[axis].storage.replaceSubrange(inverseRange, with: root)
                }
                let p = Array(inverses[axis].storage[inverseRange])
                // The reference multiplies the last axis from the right (g·P), the others from the left (P·g).
                g = KroneckerFactors.modeProduct(g, shape: shape, axis: axis, matrix: p, transpose: axis == order - 1)
            }
            if momentum > 0 { buffer.storage.replaceSubrange(range, with: g) }
            updates.storage.replaceSubrange(range, with: g)
        }
        for axis in 0..<axes {
            state.put("pre_cond_\(axis)", statistics[axis])
            state.put("inv_pre_cond_\(axis)", inverses[axis])
        }
        if momentum > 0 { state.put("momentum_buffer", buffer) }
    }
}

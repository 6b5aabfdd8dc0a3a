import Foundation

/// SOAP: Adam in Shampoo's eigenbasis (Vyas et al., 2024; pytorch-optimizer's `SOAP`).
///
/// Each preconditioned axis i keeps Lᵢ ← βₛLᵢ + (1 − βₛ)G₍ᵢ₎G₍ᵢ₎ᵀ and an orthonormal basis Qᵢ:
/// the eigenvectors of Lᵢ at the first step (descending eigenvalues), then every
/// `preconditionFrequency` steps one power-iteration step Qᵢ ← QR(Lᵢ·Qᵢ), columns sorted by
/// the estimated eigenvalues diag(QᵢᵀLᵢQᵢ) (the second moment's axis i is permuted alike).
/// Per step: g′ = g ×ᵢ Qᵢᵀ, m ← β₁m + (1−β₁)g (in the original basis), v ← β₂v + (1−β₂)g′²,
/// n = ((m ×ᵢ Qᵢᵀ)/(√v + ε)) ×ᵢ Qᵢ, optionally n ← n/(RMS(n) + ε), p ← (p − lr·c·n)(1 − lr·λ)
/// with c = √(1−β₂ᵗ)/(1−β₁ᵗ) when `correctBias` (t counts from the second step).
/// The first step only initialises the bases (no update), as the reference does.
///
/// Axes longer than `maxPreconditionDim` are not rotated; vectors are rotated only with
/// `precondition1d`. Every axis of a 3-D tensor gets its own factor, unless `mergeDims`
/// first reshapes tensors of rank ≥ 2 as the reference's `merge_small_dims` does (adjacent
/// axes multiplied together while the product stays ≤ `maxPreconditionDim`: [2, 2, 3] with
/// 4 becomes [4, 3]); where the reference's rule collapses a tensor to one axis (it then
/// fails to reshape), the tensor keeps its shape. Channels-last data is not provided.
/// The output is the whole update (the reference decays the already-updated parameters).
public struct ScaleBySOAP: GradientTransformation {
    public var lr: Float
    public var beta1: Double
    public var beta2: Double
    /// βₛ; the reference's `None` (β₂) is written as a negative value.
    public var shampooBeta: Double
    public var weightDecay: Float
    public var preconditionFrequency: Int
    public var maxPreconditionDim: Int
    public var precondition1d: Bool
    public var mergeDims: Bool
    public var correctBias: Bool
    public var normalizeGradient: Bool
    public var eps: Float

    public init(
        lr: Float = 3e-3, beta1: Double = 0.95, beta2: Double = 0.95, shampooBeta: Double = -1, weightDecay: Float = 1e-2,
        preconditionFrequency: Int = 10, maxPreconditionDim: Int = 10_000, mergeDims: Bool = false, precondition1d: Bool = false,
        correctBias: Bool = true, normalizeGradient: Bool = false, eps: Float = 1e-8
    ) {
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.shampooBeta = shampooBeta
        self.weightDecay = weightDecay
        self.preconditionFrequency = preconditionFrequency
        self.maxPreconditionDim = maxPreconditionDim
        self.precondition1d = precondition1d
        self.mergeDims = mergeDims
        self.correctBias = correctBias
        self.normalizeGradient = normalizeGradient
        self.eps = eps
    }

    public var name: String { "scale_by_soap" }

    /// Whether axis `axis` of a tensor with `shape` gets an eigenbasis.
    func rotates(_ shape: [Int], axis: Int) -> Bool {
        if shape.count == 1 { return precondition1d && shape[0] <= maxPreconditionDim }
        return shape[axis] <= maxPreconditionDim
    }

    /// The shape SOAP preconditions: the parameter's own, or its merged axes with `mergeDims`.
    func layout(_ shape: [Int]) -> [Int] {
        guard mergeDims && shape.count >= 2 else { return shape }
        var merged: [Int] = [], product = 1
        for dim in shape {
            product *= dim
            if product > maxPreconditionDim {
                merged.append(product / dim)
                product = dim
            }
        }
        merged.append(product)
        return merged.count > 1 ? merged : shape
    }

    func maxRank(_ parameters: ParameterSet) -> Int { parameters.entries.map { layout($0.shape).count }.max() ?? 0 }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        var buffers = ["exp_avg": parameters.zeros(), "exp_avg_sq": parameters.zeros()]
        for axis in 0..<maxRank(parameters) {
            var factors = ParameterSet()
            for entry in parameters.entries {
                let shape = layout(entry.shape)
                guard axis < shape.count && rotates(shape, axis: axis) else { continue }
                factors.append(entry.name, Tensor.zeros([shape[axis], shape[axis]]))
            }
            buffers["GG_\(axis)"] = factors
            buffers["Q_\(axis)"] = factors
        }
        return TransformationState(buffers: buffers, scalars: ["step": 0])
    }

    /// x rotated into (forward: x ×ᵢ Qᵢᵀ) or out of (x ×ᵢ Qᵢ) the eigenbasis.
    static func project(_ x: [Float], shape: [Int], bases: [[Float]?], forward: Bool) -> [Float] {
        var y = x
        for (axis, q) in bases.enumerated() {
            guard let q else { continue }
            y = KroneckerFactors.modeProduct(y, shape: shape, axis: axis, matrix: q, transpose: forward)
        }
        return y
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let step = state.advance("step") + 1
        let axes = maxRank(updates)
        var gg = (0..<axes).map { state.take("GG_\($0)") }
        var qs = (0..<axes).map { state.take("Q_\($0)") }
        var m = state.take("exp_avg"), v = state.take("exp_avg_sq")
        let sb = shampooBeta >= 0 ? shampooBeta : beta2
        let (w1, w2, ws) = (Float(1 - beta1), Float(1 - beta2), Float(1 - sb))
        let t = Double(step - 1)
        var stepSize = Double(lr)
        if correctBias && step > 1 {
            stepSize *= (1 - Foundation.pow(beta2, t)).squareRoot() / (1 - Foundation.pow(beta1, t))
        }
        let decayFactor = Float(1 - Double(weightDecay) * Double(lr)), negativeStep = Float(-stepSize)
        for entry in updates.entries {
            let range = entry.range, shape = layout(entry.shape), count = entry.count
            let g = Array(updates.storage[range])
            var bases: [[Float]?] = (0..<shape.count).map { axis in
                qs[axis].entry(named: entry.name).map { Array(qs[axis].storage[$0.range]) }
            }
            var out = [Float](repeating: 0, count: count)
            if step > 1 {
                let projected = Self.project(g, shape: shape, bases: bases, forward: true)
                var ratio = [Float](repeating: 0, count: count)
                for i in 0..<count {
                    let j = range.lowerBound + i
                    m.storage[j] += w1 * (g[i] - m.storage[j])
                    v.storage[j] += w2 * (projected[i] * projected[i] - v.storage[j])
                }
                let mProjected = Self.project(Array(m.storage[range]), shape: shape, bases: bases, forward: true)
                for i in 0..<count { ratio[i] = mProjected[i] / (v.storage[range.lowerBound + i].squareRoot() + eps) }
                var direction = Self.project(ratio, shape: shape, bases: bases, forward: false)
                if normalizeGradient {
                    var sum: Float = 0
                    for x in direction { sum += x * x }
                    let scale = (sum / Float(count)).squareRoot() + eps
                    for i in 0..<count { direction[i] /= scale }
                }
                for i in 0..<count {
                    let p = parameters.storage[range.lowerBound + i]
                    var moved = p + negativeStep * direction[i]
                    if weightDecay != 0 { moved *= decayFactor }
                    out[i] = moved - p
                }
            }
            // Statistics with this step's gradient, then the basis (first step: eigenvectors;
            // every preconditionFrequency steps after: one power iteration and QR).
            let t = Int(step) - 1
            for axis in 0..<shape.count {
                guard let factorEntry = gg[axis].entry(named: entry.name) else { continue }
                let d = shape[axis]
                let outer = g.withUnsafeBufferPointer { KroneckerFactors.gram($0, shape: shape, axis: axis) }
                var l = [Double](repeating: 0, count: d * d)
                for i in 0..<(d * d) {
                    let j = factorEntry.offset + i
                    gg[axis].storage[j] += ws * (Float(outer[i]) - gg[axis].storage[j])
                    l[i] = Double(gg[axis].storage[j])
                }
                if step == 1 {
                    let (_, vectors) = KroneckerFactors.symmetricEigen(l, n: d)
                    var q = [Float](repeating: 0, count: d * d)
                    for r in 0..<d { for c in 0..<d { q[r * d + c] = Float(vectors[r * d + (d - 1 - c)]) } }
                    bases[axis] = q
                } else if t > 0 && t % preconditionFrequency == 0 {
                    let q = bases[axis]!
                    var product = [Double](repeating: 0, count: d * d)
                    for r in 0..<d {
                        for c in 0..<d {
                            var sum = 0.0
                            for k in 0..<d { sum += l[r * d + k] * Double(q[k * d + c]) }
                            product[r * d + c] = Double(Float(sum))
                        }
                    }
                    var estimate = [Double](repeating: 0, count: d)
                    for c in 0..<d { for r in 0..<d { estimate[c] += Double(q[r * d + c]) * product[r * d + c] } }
                    let order = (0..<d).sorted { estimate[$0] > estimate[$1] }
                    var sorted = [Double](repeating: 0, count: d * d)
                    for r in 0..<d { for (c, source) in order.enumerated() { sorted[r * d + c] = product[r * d + source] } }
                    bases[axis] = KroneckerFactors.orthonormalColumns(sorted, n: d).map { Float($0) }
                    // The second moment follows its axis's new order.
                    let second = Array(v.storage[range])
                    let inner = shape[(axis + 1)...].reduce(1, *)
                    for i in 0..<count {
                        let index = (i / inner) % d
                        let source = i + (order[index] - index) * inner
                        v.storage[range.lowerBound + i] = second[source]
                    }
                }
                qs[axis].storage.replaceSubrange(qs[axis].entry(named: entry.name)!.range, with: bases[axis]!)
            }
            updates.storage.replaceSubrange(range, with: out)
        }
        for axis in 0..<axes {
            state.put("GG_\(axis)", gg[axis])
            state.put("Q_\(axis)", qs[axis])
        }
        state.put("exp_avg", m)
        state.put("exp_avg_sq", v)
    }
}

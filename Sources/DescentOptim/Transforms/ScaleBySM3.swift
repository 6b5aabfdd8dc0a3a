/// SM3's cover-set second moments (Anil et al., 2019; pytorch-optimizer's `SM3`): one
/// accumulator per axis of each tensor instead of one per element.
///
/// ν = min over axes i of acc_i (broadcast), ν ← β·ν + (1 − β)g² (ν + g² when β = 0);
/// acc_i ← max(acc_i, max of ν over the other axes) (acc_i = that maximum when β = 0);
/// u = g/√(ν + ε), then m ← μm + (1 − μ)u and u = m when momentum μ > 0. A vector's single
/// accumulator is Adagrad's. The sign is kept: follow with ``ScaleByLearningRate``.
/// Accumulators are saved with the reference's shapes ([1,…,dᵢ,…,1]).
public struct ScaleBySM3: GradientTransformation {
    public var momentum: Double
    public var beta: Double
    public var eps: Float

    public init(momentum: Double = 0, beta: Double = 0, eps: Float = 1e-30) {
        self.momentum = momentum
        self.beta = beta
        self.eps = eps
    }

    public var name: String { "scale_by_sm3" }

    /// The largest rank among `parameters`: the number of accumulator buffers.
    static func maxRank(_ parameters: ParameterSet) -> Int { parameters.entries.map { Swift.max($0.shape.count, 1) }.max() ?? 0 }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        var buffers = ["momentum_buffer": parameters.zeros()]
        for axis in 0..<Self.maxRank(parameters) {
            var accumulator = ParameterSet()
            for entry in parameters.entries {
                let rank = entry.shape.count
                if rank == 0 && axis == 0 {
                    accumulator.append(entry.name, Tensor.zeros([]))
                } else if axis < rank {
                    var shape = [Int](repeating: 1, count: rank)
                    shape[axis] = entry.shape[axis]
                    accumulator.append(entry.name, Tensor.zeros(shape))
                }
            }
            buffers["accumulator_\(axis)"] = accumulator
        }
        return TransformationState(buffers: buffers, scalars: ["step": 0])
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        state.scalars["step"]! += 1
        let axes = Self.maxRank(updates)
        var accumulators = (0..<axes).map { state.take("accumulator_\($0)") }
        var m = state.take("momentum_buffer")
        for entry in updates.entries {
            let shape = entry.shape, rank = shape.count, count = entry.count
            let strides = (0..<rank).map { axis in shape[(axis + 1)...].reduce(1, *) }
            let offsets = (0..<Swift.max(rank, 1)).map { accumulators[$0].entry(named: entry.name)!.offset }
            var nu = [Float](repeating: 0, count: count)
            var maxima = (0..<rank).map { [Float](repeating: -.infinity, count: shape[$0]) }
            for i in 0..<count {
                let g = updates.storage[entry.offset + i]
                var value: Float
                if rank == 0 {
                    value = accumulators[0].storage[offsets[0]]
                } else {
                    value = .infinity
                    for axis in 0..<rank {
                        let index = (i / strides[axis]) % shape[axis]
                        value = Swift.min(value, accumulators[axis].storage[offsets[axis] + index])
                    }
                }
                if beta > 0 { value *= Float(beta) }
                value += Float(1 - beta) * (g * g)
                nu[i] = value
                for axis in 0..<rank {
                    let index = (i / strides[axis]) % shape[axis]
                    maxima[axis][index] = Swift.max(maxima[axis][index], value)
                }
            }
            if rank == 0 { accumulators[0].storage[offsets[0]] = nu[0] }
            for axis in 0..<rank {
                for index in 0..<shape[axis] {
                    let j = offsets[axis] + index
                    accumulators[axis].storage[j] = beta > 0 ? Swift.max(accumulators[axis].storage[j], maxima[axis][index]) : maxima[axis][index]
                }
            }
            for i in 0..<count {
                let j = entry.offset + i
                var u = (1 / (nu[i] + eps).squareRoot()) * updates.storage[j]
                if momentum > 0 {
                    u = m.storage[j] + Float(1 - momentum) * (u - m.storage[j])
                    m.storage[j] = u
                }
                updates.storage[j] = u
            }
        }
        for axis in 0..<axes { state.put("accumulator_\(axis)", accumulators[axis]) }
        state.put("momentum_buffer", m)
    }
}

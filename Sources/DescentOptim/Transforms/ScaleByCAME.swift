/// CAME's confidence-guided factored moments (Luo et al., 2023; pytorch-optimizer's `CAME`).
///
/// For a tensor of rank ≥ 2 (leading axes are batch axes, as in the reference): row and
/// column means of g² + ε₁ are averaged with β₂ and give Adafactor's rank-1 estimate
/// v̂ = (R/mean(R))·C; u = g/√v̂, clipped to RMS ≤ `clip_threshold`; m ← β₁m + (1−β₁)u;
/// the instability (u − m)² + ε₂ is factored the same way with β₃, and the output is
/// m/√Ŝ. Vectors keep a full second moment and output m. `amsBound` keeps the running
/// maximum of √v̂ (the reference's AMSBound form: u = g·(max/β₂)^(−½)).
/// The sign is kept: follow with ``ScaleByLearningRate``.
public struct ScaleByCAME: GradientTransformation {
    public var beta1: Double
    public var beta2: Double
    public var beta3: Double
    public var clipThreshold: Float
    public var amsBound: Bool
    public var eps1: Float
    public var eps2: Float

    public init(
        beta1: Double = 0.9, beta2: Double = 0.999, beta3: Double = 0.9999, clipThreshold: Float = 1, amsBound: Bool = false,
        eps1: Float = 1e-30, eps2: Float = 1e-16
    ) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.beta3 = beta3
        self.clipThreshold = clipThreshold
        self.amsBound = amsBound
        self.eps1 = eps1
        self.eps2 = eps2
    }

    public var name: String { "scale_by_came" }

    static func factored(_ entry: ParameterSet.Entry) -> Bool { entry.shape.count >= 2 }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        var rows = ParameterSet(), cols = ParameterSet(), full = ParameterSet()
        for entry in parameters.entries {
            if Self.factored(entry) {
                let shape = entry.shape
                rows.append(entry.name, Tensor.zeros(Array(shape.dropLast())))
                cols.append(entry.name, Tensor.zeros(Array(shape.dropLast(2)) + [shape[shape.count - 1]]))
            } else {
                full.append(entry.name, Tensor.zeros(entry.shape))
            }
        }
        var buffers = ["exp_avg": parameters.zeros(), "exp_avg_sq_row": rows, "exp_avg_sq_col": cols,
                       "exp_avg_res_row": rows, "exp_avg_res_col": cols, "exp_avg_sq": full]
        if amsBound { buffers["exp_avg_sq_hat"] = parameters.zeros() }
        return TransformationState(buffers: buffers, scalars: ["step": 0])
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        state.scalars["step"]! += 1
        var m = state.take("exp_avg"), sqRow = state.take("exp_avg_sq_row"), sqCol = state.take("exp_avg_sq_col")
        var resRow = state.take("exp_avg_res_row"), resCol = state.take("exp_avg_res_col"), full = state.take("exp_avg_sq")
        var hat = amsBound ? state.take("exp_avg_sq_hat") : ParameterSet()
        for entry in updates.entries {
            let range = entry.range
            var g = Array(updates.storage[range])
            var u = [Float](repeating: 0, count: g.count)
            if Self.factored(entry) {
                let rowRange = sqRow.entry(named: entry.name)!.range, colRange = sqCol.entry(named: entry.name)!.range
                var squares = g.map { $0 * $0 + eps1 }
                Self.factoredEstimate(&squares, shape: entry.shape, beta: beta2, row: &sqRow.storage[rowRange],
                                      col: &sqCol.storage[colRange], into: &u)

            } else {
                let fullRange = full.entry(named: entry.name)!.range
                for i in g.indices {
                    let v = Float(beta2) * full.storage[fullRange.lowerBound + i] + Float(1 - beta2) * (g[i] * g[i] + eps1)
                    full.storage[fullRange.lowerBound + i] = v
                    u[i] = 1 / v.squareRoot()
                }
            }
            if amsBound {
                for i in u.indices {
                    let h = Swift.max(hat.storage[range.lowerBound + i], 1 / u[i])
                    hat.storage[range.lowerBound + i] = h
                    u[i] = 1 / (h / Float(beta2)).squareRoot()
                }
            }
            var sumSquares = 0.0
            for i in u.indices {
                u[i] *= g[i]
                sumSquares += Double(u[i] * u[i])
            }
            let rms = Float(sumSquares.squareRoot()) / Float(Double(u.count).squareRoot())
            let clip = Swift.max(rms / clipThreshold, 1)
            var residual = [Float](repeating: 0, count: u.count)
            for i in u.indices {
                u[i] /= clip
                let j = range.lowerBound + i
                let mi = m.storage[j] + Float(1 - beta1) * (u[i] - m.storage[j])
                m.storage[j] = mi
                let res = u[i] - mi
                residual[i] = res * res + eps2
            }
            if Self.factored(entry) {
                let rowRange = resRow.entry(named: entry.name)!.range, colRange = resCol.entry(named: entry.name)!.range
                Self.factoredEstimate(&residual, shape: entry.shape, beta: beta3, row: &resRow.storage[rowRange],
                                      col: &resCol.storage[colRange], into: &u)
                for i in u.indices { g[i] = u[i] * m.storage[range.lowerBound + i] }
            } else {
                for i in u.indices { g[i] = m.storage[range.lowerBound + i] }
            }
            updates.storage.replaceSubrange(range, with: g)
        }
        state.put("exp_avg", m)
        state.put("exp_avg_sq_row", sqRow)
        state.put("exp_avg_sq_col", sqCol)
        state.put("exp_avg_res_row", resRow)
        state.put("exp_avg_res_col", resCol)
        state.put("exp_avg_sq", full)
        if amsBound { state.put("exp_avg_sq_hat", hat) }
    }

    /// Averages the row and column means of `values` (shape `[..., R, C]`) into `row` and
    /// `col` with `beta`, and writes the inverse square root of the rank-1 estimate
    /// (row/mean(row))·col into `output`.
    static func factoredEstimate(
        _ values: inout [Float], shape: [Int], beta: Double, row: inout ArraySlice<Float>, col: inout ArraySlice<Float>,
        into output: inout [Float]
    ) {
        let (b, c) = (Float(beta), Float(1 - beta))
        let rows = shape[shape.count - 2], cols = shape[shape.count - 1], batches = values.count / (rows * cols)
        let r0 = row.startIndex, c0 = col.startIndex
        for batch in 0..<batches {
            let base = batch &* rows &* cols
            for i in 0..<rows {
                var sum: Float = 0
                for j in 0..<cols { sum += values[base &+ i &* cols &+ j] }
                let idx = r0 + batch &* rows &+ i
                row[idx] = b * row[idx] + c * (sum / Float(cols))
            }
            for j in 0..<cols {
                var sum: Float = 0
                for i in 0..<rows { sum += values[base &+ i &* cols &+ j] }
                let idx = c0 + batch &* cols &+ j
                col[idx] = b * col[idx] + c * (sum / Float(rows))
            }
            var rowSum: Float = 0
            for i in 0..<rows { rowSum += row[r0 + batch &* rows &+ i] }
            let rowMean = rowSum / Float(rows)
            for i in 0..<rows {
                let rFactor = 1 / (row[r0 + batch &* rows &+ i] / rowMean).squareRoot()
                for j in 0..<cols {
                    output[base &+ i &* cols &+ j] = rFactor * (1 / col[c0 + batch &* cols &+ j].squareRoot())
                }
            }
        }
    }
}

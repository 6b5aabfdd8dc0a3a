import Foundation

/// Rescales updates by Adafactor's second-moment estimate (Shazeer & Stern 2018), as
/// `torch.optim.Adafactor`: for a parameter of rank ≥ 2 only the mean squares of each row
/// and each column of its last two dimensions are kept (r, c), and v̂ = r·cᵀ/mean(r);
/// vectors keep a full v. Both move towards the new mean squares with weight
/// 1 − β₂ₜ = t^β₂decay; u ← g / √max(v̂, ε₁²).
///
/// PyTorch divides by mean(r) clamped at ε₁ and clamps v̂ at ε₁²; Optax's
/// `scale_by_factored_rms` adds ε₁ to g² instead (its `epsilon` default 1e-30) and only
/// factors dimensions of at least 128; this block follows PyTorch. Relative step size,
/// update clipping and parameter scale are the separate blocks ``ClipByBlockRMS``,
/// ``ScaleByParamBlockRMS`` and ``RelativeStepSchedule``.
public struct ScaleByFactoredRMS: GradientTransformation {
    public var beta2Decay: Float
    public var eps1: Float

    public init(beta2Decay: Float = -0.8, eps1: Float = Float.ulpOfOne) {
        self.beta2Decay = beta2Decay
        self.eps1 = eps1
    }

    public var name: String { "scale_by_factored_rms" }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        FactoredMoments.initialState(for: parameters)
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let step = state.advance("step") + 1
        let weight = Float(pow(Double(step), Double(beta2Decay)))
        let eps1 = eps1
        var moments = FactoredMoments(taking: &state)
        let entries = updates.entries
        updates.withMutablePointer { u in
            for entry in entries {
                moments.update(entry, gradient: u + entry.offset, weight: weight, eps1: eps1) { index, g, scale in
                    u[entry.offset &+ index] = g * scale
                }
            }
        }
        moments.put(into: &state)
    }
}

/// Adafactor's factored second moments in a ``TransformationState``: `row_var` and
/// `col_var` for parameters of rank ≥ 2 (shapes `[..., rows, 1]` and `[..., 1, cols]`, as
/// PyTorch keeps them), `variance` for the others.
struct FactoredMoments {
    var rows: ParameterSet
    var cols: ParameterSet
    var full: ParameterSet
    private var rowIndex: [String: Int] = [:]
    private var fullIndex: [String: Int] = [:]

    static func initialState(for parameters: ParameterSet) -> TransformationState {
        let rows = ParameterSet.reshaped(parameters, where: { $0.shape.count >= 2 }) { e in
            var s = e.shape; s[s.count - 1] = 1; return s
        }
        let cols = ParameterSet.reshaped(parameters, where: { $0.shape.count >= 2 }) { e in
            var s = e.shape; s[s.count - 2] = 1; return s
        }
        let full = ParameterSet.reshaped(parameters, where: { $0.shape.count < 2 }) { $0.shape }
        var buffers: [String: ParameterSet] = [:]
        if !rows.entries.isEmpty {
            buffers["row_var"] = rows
            buffers["col_var"] = cols
        }
        if !full.entries.isEmpty { buffers["variance"] = full }
        return TransformationState(buffers: buffers, scalars: ["step": 0])
    }

    init(taking state: inout TransformationState) {
        rows = state.buffers["row_var"] != nil ? state.take("row_var") : ParameterSet()
        cols = state.buffers["col_var"] != nil ? state.take("col_var") : ParameterSet()
        full = state.buffers["variance"] != nil ? state.take("variance") : ParameterSet()
        for (i, e) in rows.entries.enumerated() { rowIndex[e.name] = i }
        for (i, e) in full.entries.enumerated() { fullIndex[e.name] = i }
    }

    /// The offsets of `entry`'s row and column statistics in their sets.
    func offsets(_ entry: ParameterSet.Entry) -> (rows: Int, cols: Int) {
        let index = rowIndex[entry.name]!
        return (rows.entries[index].offset, cols.entries[index].offset)
    }

    func put(into state: inout TransformationState) {
        if !rows.entries.isEmpty {
            state.put("row_var", rows)
            state.put("col_var", cols)
        }
        if !full.entries.isEmpty { state.put("variance", full) }
    }

    /// Moves the statistics of `entry` towards the mean squares of its gradient `g` with
    /// `weight`, then calls `emit(i, g[i], 1/√max(v̂ᵢ, ε₁²))` for every element in order.
    mutating func update(_ entry: ParameterSet.Entry, gradient g: UnsafeMutablePointer<Float>, weight: Float, eps1: Float,
                         emit: (Int, Float, Float) -> Void) {
        let floor = Float(Double(eps1) * Double(eps1))
        if let index = rowIndex[entry.name] {
            let rowOffset = rows.entries[index].offset, colOffset = cols.entries[index].offset
            let (r, c) = (entry.shape[entry.shape.count - 2], entry.shape[entry.shape.count - 1])
            let batches = entry.count / (r * c)
            rows.withMutablePointer { rowBase in
                cols.withMutablePointer { colBase in
                    for b in 0..<batches {
                        let x = g + b &* r &* c
                        let row = rowBase + rowOffset + b &* r, col = colBase + colOffset + b &* c
                        FactoredMoments.reduce(x, rows: r, cols: c, row: row, col: col, weight: weight)
                        var rowSum: Float = 0
                        for i in 0..<r { rowSum += row[i] }
                        let rowMean = Swift.max(rowSum / Float(r), eps1)
                        for i in 0..<r {
                            for j in 0..<c {
                                let v = Swift.max(row[i] * col[j] / rowMean, floor)
                                let k = i &* c &+ j
                                emit(b &* r &* c &+ k, x[k], 1 / v.squareRoot())
                            }
                        }
                    }
                }
            }
        } else {
            let offset = full.entries[fullIndex[entry.name]!].offset
            full.withMutablePointer { base in
                let v = base + offset
                for i in 0..<entry.count {
                    let gi = g[i]
                    v[i] = torchLerp(v[i], gi * gi, weight)
                    emit(i, gi, 1 / Swift.max(v[i], floor).squareRoot())
                }
            }
        }
    }

    /// Row and column mean squares of one `rows × cols` matrix, blended into `row`/`col`
    /// (PyTorch: ‖g‖ along the axis, squared, over its length).
    static func reduce(_ x: UnsafeMutablePointer<Float>, rows r: Int, cols c: Int,
                       row: UnsafeMutablePointer<Float>, col: UnsafeMutablePointer<Float>, weight: Float) {
        var colSums = [Float](repeating: 0, count: c)
        colSums.withUnsafeMutableBufferPointer { cs in
            for i in 0..<r {
                var sum: Float = 0
                let line = x + i &* c
                for j in 0..<c {
                    let v = line[j]
                    sum += v * v
                    cs[j] += v * v
                }
                let norm = sum.squareRoot()
                row[i] = torchLerp(row[i], norm * norm / Float(c), weight)
            }
            for j in 0..<c {
                let norm = cs[j].squareRoot()
                col[j] = torchLerp(col[j], norm * norm / Float(r), weight)
            }
        }
    }
}

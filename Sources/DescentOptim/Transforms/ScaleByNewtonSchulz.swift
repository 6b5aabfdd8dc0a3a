/// Replaces each matrix update by an approximately orthogonal matrix with the same
/// singular vectors (Muon's Newton–Schulz iteration, as `torch.optim.Muon`): X ← U/‖U‖,
/// then k times A = XXᵀ, X ← aX + (bA + cA²)X (on Xᵀ when rows > columns), and finally
/// u ← s·X with Muon's shape-dependent learning-rate ratio s (`adjust_lr_fn`).
///
/// PyTorch runs the iteration in bfloat16: every matrix product (with its `addmm` terms)
/// is accumulated at higher precision and rounded to bfloat16 once. `bfloat16: true` (the
/// default) repeats that rounding (accumulating in double, rounding to float32, then to
/// bfloat16), which reproduces PyTorch's iterates on its fixtures; `false` keeps float32.
/// Matrices with at least `blasThreshold` elements (default 16384, e.g. 128×128) take
/// the products through BLAS sgemm instead (float32 accumulation, then the same
/// rounding): orders of magnitude faster, and equal to PyTorch's up to the last
/// bfloat16 bit of rare elements. Like `torch.optim.Muon`,
/// this block takes only 2-D parameters: anything else stops with a message naming the
/// parameter (PyTorch raises `ValueError` at construction); give vectors and 3-D
/// tensors another optimizer through a mask.
public struct ScaleByNewtonSchulz: GradientTransformation {
    /// Muon's learning-rate ratio for an A×B matrix.
    public enum AdjustLR: Int, Sendable {
        /// √max(1, A/B) (Keller Jordan's Muon; PyTorch's default).
        case original = 0
        /// 0.2·√max(A, B) (Moonshot: matches AdamW's update RMS).
        case matchRMSAdamW = 1
        /// √(A/B) (Bernstein's spectral condition).
        case spectralUnclamped = 2

        func ratio(rows a: Int, cols b: Int) -> Float {
            let (a, b) = (Double(a), Double(b))
            switch self {
            case .original: return Float(Swift.max(1, a / b).squareRoot())
            case .matchRMSAdamW: return Float(0.2 * Swift.max(a, b).squareRoot())
            case .spectralUnclamped: return Float((a / b).squareRoot())
            }
        }
    }

    public var coefficients: (a: Double, b: Double, c: Double)
    public var steps: Int
    public var eps: Float
    public var adjustLR: AdjustLR
    public var bfloat16: Bool
    public var blasThreshold: Int

    public init(coefficients: (a: Double, b: Double, c: Double) = (3.4445, -4.7750, 2.0315), steps: Int = 5, eps: Float = 1e-7,
                adjustLR: AdjustLR = .original, bfloat16: Bool = true, blasThreshold: Int = 1 << 14) {
        precondition(steps < 100, "Newton–Schulz takes fewer than 100 steps")
        self.coefficients = coefficients
        self.steps = steps
        self.eps = eps
        self.adjustLR = adjustLR
        self.bfloat16 = bfloat16
        self.blasThreshold = blasThreshold
    }

    public var name: String { "scale_by_newton_schulz" }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        for entry in parameters.entries {
            precondition(entry.shape.count == 2,
                         "Muon takes only 2-D parameters (as torch.optim.Muon); parameter \(entry.name) has shape \(entry.shape)")
        }
        return TransformationState()
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let entries = updates.entries
        updates.withMutablePointer { u in
            for entry in entries {
                precondition(entry.shape.count == 2,
                             "Muon takes only 2-D parameters (as torch.optim.Muon); parameter \(entry.name) has shape \(entry.shape)")
                orthogonalize(u + entry.offset, rows: entry.shape[0], cols: entry.shape[1])
            }
        }
    }

    /// Rounds to the nearest bfloat16 (ties to even), kept in a Float.
    @inline(__always)
    static func bf16(_ x: Float) -> Float {
        let bits = x.bitPattern
        guard x.isFinite else { return x }
        let rounded = (bits &+ 0x7FFF &+ ((bits >> 16) & 1)) & 0xFFFF_0000
        return Float(bitPattern: rounded)
    }

    /// Orthogonalises the `rows × cols` matrix at `m` in place and applies the ratio.
    func orthogonalize(_ m: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
        let bfloat16 = bfloat16
        func round(_ x: Float) -> Float { bfloat16 ? Self.bf16(x) : x }
        let transpose = rows > cols
        let (r, c) = transpose ? (cols, rows) : (rows, cols)
        // X is r × c with r ≤ c.
        var x = [Float](repeating: 0, count: r * c)
        for i in 0..<rows {
            for j in 0..<cols {
                let v = round(m[i &* cols &+ j])
                if transpose { x[j &* c &+ i] = v } else { x[i &* c &+ j] = v }
            }
        }
        var sum: Float = 0
        for v in x { sum += v * v }
        let norm = Swift.max(round(sum.squareRoot()), round(eps))
        for k in x.indices { x[k] = round(x[k] / norm) }
        if r &* c >= blasThreshold {
            newtonSchulzFloat(&x, rows: r, cols: c, round: round)
        } else {
            newtonSchulzExact(&x, rows: r, cols: c, round: round)
        }
        let ratio = adjustLR.ratio(rows: rows, cols: cols)
        for i in 0..<rows {
            for j in 0..<cols {
                m[i &* cols &+ j] = ratio * (transpose ? x[j &* c &+ i] : x[i &* c &+ j])
            }
        }
    }

    /// The iteration on an r × c matrix (r ≤ c) with float32 products (sgemm, as `matmul`),
    /// each rounded as PyTorch rounds its bfloat16 products, in buffers reused across steps.
    private func newtonSchulzFloat(_ x: inout [Float], rows r: Int, cols c: Int, round: (Float) -> Float) {
        var gram = [Float](repeating: 0, count: r * r), square = gram, poly = gram
        var product = [Float](repeating: 0, count: r * c)
        let (a, b, cc) = coefficients
        for _ in 0..<steps {
            InferenceKernels.gemm(false, true, r, r, c, x, c, x, c, &gram, r)
            for i in gram.indices { gram[i] = round(gram[i]) }
            InferenceKernels.gemm(false, false, r, r, r, gram, r, gram, r, &square, r)
            for i in poly.indices { poly[i] = round(Float(b * Double(gram[i]) + cc * Double(square[i]))) }
            InferenceKernels.gemm(false, false, r, c, r, poly, r, x, c, &product, c)
            for i in x.indices { x[i] = round(Float(a * Double(x[i]) + Double(product[i]))) }
        }
    }

    /// The iteration on an r × c matrix (r ≤ c) with every product accumulated in double
    /// (``DoubleMatrixProduct``: the float inputs' products are exact in double, so only the
    /// order of the double sums differs from a plain loop's).
    private func newtonSchulzExact(_ x: inout [Float], rows r: Int, cols c: Int, round: (Float) -> Float) {
        var xd = x.map(Double.init)
        var gram = [Double](repeating: 0, count: r * r), square = gram, poly = gram
        var product = [Double](repeating: 0, count: r * c)
        let (a, b, cc) = coefficients
        for _ in 0..<steps {
            // A = X Xᵀ, rounded as PyTorch rounds every product
            DoubleMatrixProduct.multiply(xd, xd, into: &gram, m: r, n: r, k: c, transposeB: true)
            for i in gram.indices { gram[i] = Double(round(Float(gram[i]))) }
            // B = b·A + c·(A A)
            DoubleMatrixProduct.multiply(gram, gram, into: &square, m: r, n: r, k: r)
            for i in poly.indices { poly[i] = Double(round(Float(b * gram[i] + cc * square[i]))) }
            // X ← a·X + B X
            DoubleMatrixProduct.multiply(poly, xd, into: &product, m: r, n: c, k: r)
            for i in xd.indices { xd[i] = Double(round(Float(a * xd[i] + product[i]))) }
        }
        for i in x.indices { x[i] = Float(xd[i]) }
    }
}

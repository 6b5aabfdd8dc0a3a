import CDescentKernels

/// The untracked kernels of the tape-free inference path (DescentNN's `Predictor`), on
/// caller-owned buffers: each runs the same arithmetic as the taped operation it stands
/// for (the same sgemm calls, the same C kernels, the same summation order), so a
/// prediction equals the taped forward pass bit for bit. (A single example's linear layers
/// were tried through OpenBLAS's sgemv: no faster than oneDNN's sgemm at m = 1, 145-165 µs
/// for the MLP 784-512-512-10 either way, so the bit-equal sgemm stays.)
package enum InferenceKernels {
    /// Row-major C = op(A) op(B) + beta·C through the same sgemm (and thread choice) as `matmul`.
    @inline(__always)
    package static func gemm(
        _ transposeA: Bool, _ transposeB: Bool, _ m: Int, _ n: Int, _ k: Int,
        _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
        _ c: UnsafeMutablePointer<Float>, _ ldc: Int, beta: Float = 0, split: Bool = true
    ) {
        Tensor.sgemm(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc, beta: beta, split: split)
    }

    /// `causalAttention`'s forward on buffers: `qkv` [batch, time, 3·width] to `out`
    /// [batch, time, width]; `logNormalizers` holds batch·heads·time floats of scratch.
    package static func causalAttention(
        _ qkv: UnsafePointer<Float>, batch: Int, time: Int, width: Int, heads: Int,
        into out: UnsafeMutablePointer<Float>, logNormalizers: UnsafeMutablePointer<Float>
    ) {
        AttentionGeometry(batch: batch, time: time, width: width, heads: heads).forward(qkv, out, logNormalizers)
    }

    /// ``linear(_:weight:bias:adding:)``'s forward on buffers, which that function runs too:
    /// every row of `out` [rows, outputs] starts as `bias` (plus the row of `residual`, which
    /// may be `out` itself, for a skip connection added in place), split over the compute
    /// threads, and sgemm adds x [rows, inputs] · Wᵀ to it (beta 1).
    package static func linear(
        _ x: UnsafePointer<Float>, rows: Int, inputs: Int, weight: UnsafePointer<Float>,
        bias: UnsafePointer<Float>?, outputs: Int, adding residual: UnsafePointer<Float>? = nil,
        into out: UnsafeMutablePointer<Float>
    ) {
        guard rows > 0, outputs > 0 else { return }
        guard let bias else {
            precondition(residual == nil, "linear: a residual needs a bias here")
            gemm(false, true, rows, outputs, inputs, x, inputs, weight, inputs, out, outputs)
            return
        }
        dynamicChunks(rows, grain: Swift.max(1, (1 << 15) / outputs)) { range in
            for row in range {
                let dst = out + row &* outputs
                if let residual {
                    let src = residual + row &* outputs
                    for j in 0..<outputs { dst[j] = src[j] + bias[j] }
                } else {
                    dst.update(from: bias, count: outputs)
                }
            }
        }
        gemm(false, true, rows, outputs, inputs, x, inputs, weight, inputs, out, outputs, beta: 1)
    }

    /// ``linearGELU(_:weight:bias:)``'s forward on buffers: out = GELU(x · Wᵀ + b), on the same
    /// row blocks (so with the same bits), and GELU's derivative into `derivative` when given.
    package static func linearGELU(
        _ x: UnsafePointer<Float>, rows: Int, inputs: Int, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>,
        outputs: Int, into out: UnsafeMutablePointer<Float>, derivative: UnsafeMutablePointer<Float>? = nil
    ) {
        guard rows > 0, outputs > 0 else { return }
        let (x, w, b, y, d) = (UncheckedSendable(x), UncheckedSendable(weight), UncheckedSendable(bias), UncheckedSendable(out),
                               UncheckedSendable(derivative))
        RowBlocks(rows: rows, width: outputs).forEach { first, count in
            let offset = first &* outputs
            gemm(false, true, count, outputs, inputs, x.value + first &* inputs, inputs, w.value, inputs, y.value + offset,
                 outputs, split: false)
            descent_bias_gelu(y.value + offset, b.value, d.value.map { $0 + offset }, count, outputs)
        }
    }

    /// ReLU in place (torch.relu's NaN and −0 rules), split across the compute threads when large.
    package static func reluInPlace(_ x: UnsafeMutablePointer<Float>, count: Int) {
        parallelChunks(count) { range in descent_relu(x + range.lowerBound, x + range.lowerBound, range.count) }
    }

    /// Exact (erf) GELU in place.
    package static func geluInPlace(_ x: UnsafeMutablePointer<Float>, count: Int) {
        parallelChunks(count) { range in descent_gelu(x + range.lowerBound, x + range.lowerBound, range.count) }
    }

    /// tanh in place.
    package static func tanhInPlace(_ x: UnsafeMutablePointer<Float>, count: Int) {
        parallelChunks(count) { range in descent_tanh(x + range.lowerBound, x + range.lowerBound, range.count) }
    }

    /// The logistic function in place.
    package static func sigmoidInPlace(_ x: UnsafeMutablePointer<Float>, count: Int) {
        parallelChunks(count) { range in descent_sigmoid(x + range.lowerBound, x + range.lowerBound, range.count) }
    }

    /// Layer normalisation of `rows` rows of `width` floats from `x` into `out` (they may
    /// not overlap), as ``layerNorm(_:normalizedShape:weight:bias:eps:)``.
    package static func layerNorm(
        _ x: UnsafePointer<Float>, rows: Int, width: Int, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>,
        eps: Float, into out: UnsafeMutablePointer<Float>
    ) {
        dynamicChunks(rows, grain: Swift.max(1, (1 << 14) / Swift.max(width, 1))) { range in
            for r in range {
                let row = x + r &* width, y = out + r &* width
                let mean = Tensor.sum(row, width) / Float(width)
                let variance = LayerNormKernels.squaredDeviations(row, width, mean) / Float(width)
                let rstd = 1 / (variance + eps).squareRoot()
                for j in 0..<width { y[j] = (row[j] - mean) * rstd * weight[j] + bias[j] }
            }
        }
    }

    /// The im2col matrix of a convolution: for `samples` of `input` [N, C, H, W], a [K, B·L]
    /// matrix (K = C·kh·kw, L output positions per sample), as `conv2d` builds it.
    package static func im2col(
        _ x: UnsafePointer<Float>, input shape: [Int], kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int),
        samples: Range<Int>, into columns: UnsafeMutablePointer<Float>
    ) {
        let window = SlidingWindow(input: shape, kernel: kernel, stride: stride, padding: padding, operation: "conv2d")
        Convolution(window: window, outChannels: 1).im2col(x, samples: samples, into: columns)
    }

    /// How many samples `conv2d` puts in one im2col matrix for `input` [N, C, H, W].
    package static func convolutionSamplesPerGroup(
        input shape: [Int], kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int)
    ) -> Int {
        let window = SlidingWindow(input: shape, kernel: kernel, stride: stride, padding: padding, operation: "conv2d")
        return Convolution(window: window, outChannels: 1).samplesPerGroup
    }

    /// The output extent of a convolution or pooling window: (H + 2p − k) / s + 1.
    package static func outputExtent(_ size: Int, kernel: Int, stride: Int, padding: Int) -> Int {
        (size + 2 * padding - kernel) / stride + 1
    }
}

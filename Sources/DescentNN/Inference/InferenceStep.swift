import DescentCore

/// One step of a ``Predictor``: reads a batch of examples from one buffer and writes the
/// next activation to another (or to the same one, for in-place steps).
enum InferenceStep: Sendable {
    case linear(LinearStep)
    case activation(Activation.Kind, width: Int)
    case convolution(ConvolutionStep)
    case maxPool(PoolStep)
    case transformer(TransformerStep)

    /// Floats per example of the output.
    var outputWidth: Int {
        switch self {
        case .linear(let step): step.rowsPerExample * step.outputs
        case .activation(_, let width): width
        case .convolution(let step): step.outputWidth
        case .maxPool(let step): step.outputWidth
        case .transformer(let step): step.time * step.vocabulary
        }
    }

    /// Whether the step may write over its input.
    var isInPlace: Bool {
        if case .activation = self { return true }
        return false
    }

    /// Scratch floats the step needs for `batch` examples.
    func workspace(batch: Int) -> Int {
        switch self {
        case .linear, .activation, .maxPool: 0
        case .convolution(let step): step.workspace(batch: batch)
        case .transformer(let step): step.workspace(batch: batch)
        }
    }

    func run(_ input: UnsafePointer<Float>, rows: Int, into output: UnsafeMutablePointer<Float>,
             weights: UnsafePointer<Float>, workspace: UnsafeMutablePointer<Float>?) {
        switch self {
        case .linear(let step): step.run(input, rows: rows, into: output, weights: weights)
        case .activation(let kind, let width):
            if UnsafePointer(output) != input { output.update(from: input, count: rows * width) }
            Activation.applyInPlace(kind, output, count: rows * width)
        case .convolution(let step): step.run(input, rows: rows, into: output, weights: weights, workspace: workspace!)
        case .maxPool(let step): step.run(input, rows: rows, into: output)
        case .transformer(let step): step.run(input, rows: rows, into: output, weights: weights, workspace: workspace!)
        }
    }
}

extension Activation {
    /// The activation `kind` over `count` floats in place, with the taped layer's kernels.
    static func applyInPlace(_ kind: Kind, _ x: UnsafeMutablePointer<Float>, count: Int) {
        switch kind {
        case .relu: InferenceKernels.reluInPlace(x, count: count)
        case .gelu: InferenceKernels.geluInPlace(x, count: count)
        case .tanh: InferenceKernels.tanhInPlace(x, count: count)
        case .sigmoid: InferenceKernels.sigmoidInPlace(x, count: count)
        }
    }
}

/// A linear layer: the output starts as the bias and sgemm adds x·Wᵀ; the activation that
/// follows, if any, runs in place on the result.
struct LinearStep: Sendable {
    let weight: Int
    let bias: Int?
    let inputs: Int
    let outputs: Int
    /// Rows of `inputs` floats per example (time steps of a sequence; 1 otherwise).
    let rowsPerExample: Int
    var activation: Activation.Kind?

    func run(_ input: UnsafePointer<Float>, rows: Int, into output: UnsafeMutablePointer<Float>, weights: UnsafePointer<Float>) {
        let n = rows * rowsPerExample
        InferenceKernels.linear(input, rows: n, inputs: inputs, weight: weights + weight, bias: bias.map { weights + $0 },
                                outputs: outputs, into: output)
        if let activation { Activation.applyInPlace(activation, output, count: n * outputs) }
    }
}

/// A max-pooling window (floor output size; padding never wins, as PyTorch's `max_pool2d`).
struct PoolWindow: Sendable, Equatable {
    let kernel: Int
    let stride: Int
    let padding: Int

    func outputs(_ size: Int) -> Int {
        size + 2 * padding < kernel ? 0 : InferenceKernels.outputExtent(size, kernel: kernel, stride: stride, padding: padding)
    }

    /// The input indices `lo..<hi` window `o` covers, clipped to `0..<size`.
    @inline(__always)
    func span(_ o: Int, size: Int) -> (Int, Int) {
        let start = o &* stride &- padding
        return (Swift.max(start, 0), Swift.min(start &+ kernel, size))
    }

    /// The maximum of `plane` [height, width] over each window into `out`, then ReLU when
    /// `relu`, after adding `shift` to every element (as a convolution's bias); the first
    /// NaN wins, as in the taped max pooling.
    @inline(__always)
    func pool(_ plane: UnsafePointer<Float>, height: Int, width: Int, shift: Float, relu: Bool,
              into out: UnsafeMutablePointer<Float>) {
        let (outHeight, outWidth) = (outputs(height), outputs(width))
        if kernel == 2 && stride == 2 && padding == 0 {
            // The common 2×2 halving: the maximum of the four raw values, then the shift (the
            // rounding of x + shift is monotonic, so this is the maximum of the shifted values).
            for oy in 0..<outHeight {
                let r0 = plane + (2 &* oy) &* width, r1 = r0 + width, o = out + oy &* outWidth
                for ox in 0..<outWidth {
                    let x = 2 &* ox
                    let (a, b, c, d) = (r0[x], r0[x &+ 1], r1[x], r1[x &+ 1])
                    let top = Swift.max(Swift.max(a, b), Swift.max(c, d))
                    let best = (a.isNaN || b.isNaN || c.isNaN || d.isNaN ? Float.nan : top) + shift
                    o[ox] = relu && !(best > 0 || best.isNaN) ? 0 : best
                }
            }
            return
        }
        for oy in 0..<outHeight {
            let (y0, y1) = span(oy, size: height)
            for ox in 0..<outWidth {
                let (x0, x1) = span(ox, size: width)
                var best = -Float.infinity
                for iy in y0..<y1 {
                    let row = plane + iy &* width
                    for ix in x0..<x1 {
                        let v = row[ix] + shift
                        if v > best || v.isNaN { best = v }
                    }
                }
                out[oy &* outWidth &+ ox] = relu && !(best > 0 || best.isNaN) ? 0 : best
            }
        }
    }
}

/// Max pooling over [C, H, W] examples.
struct PoolStep: Sendable {
    let channels: Int, height: Int, width: Int
    let window: PoolWindow

    var outputWidth: Int { channels * window.outputs(height) * window.outputs(width) }

    func run(_ input: UnsafePointer<Float>, rows: Int, into output: UnsafeMutablePointer<Float>) {
        let plane = height * width, positions = window.outputs(height) * window.outputs(width)
        parallelChunks(rows * channels, grain: Swift.max(1, (1 << 15) / Swift.max(plane, 1))) { range in
            for p in range {
                window.pool(input + p &* plane, height: height, width: width, shift: 0, relu: false, into: output + p &* positions)
            }
        }
    }
}

/// A convolution through im2col and one sgemm per group of samples, as `conv2d`; its
/// epilogue adds the bias, and applies the ReLU and the max pooling that follow, in one
/// pass over the sgemm's output.
struct ConvolutionStep: Sendable {
    let weight: Int
    let bias: Int?
    let channels: Int, height: Int, width: Int
    let outChannels: Int
    let kernel: Int, stride: Int, padding: Int
    var relu: Bool
    var pool: PoolWindow?

    var outHeight: Int { InferenceKernels.outputExtent(height, kernel: kernel, stride: stride, padding: padding) }
    var outWidth: Int { InferenceKernels.outputExtent(width, kernel: kernel, stride: stride, padding: padding) }
    var positions: Int { outHeight * outWidth }
    var patchSize: Int { channels * kernel * kernel }

    var outputWidth: Int {
        guard let pool else { return outChannels * positions }
        return outChannels * pool.outputs(outHeight) * pool.outputs(outWidth)
    }

    func samplesPerGroup(batch: Int) -> Int {
        return InferenceKernels.convolutionSamplesPerGroup(input: [batch, channels, height, width], kernel: (kernel, kernel),
                                                    stride: (stride, stride), padding: (padding, padding))
    }

    /// The im2col matrix and the sgemm output of one group.
    func workspace(batch: Int) -> Int {
        samplesPerGroup(batch: batch) * positions * (patchSize + outChannels)
    }

    func run(_ input: UnsafePointer<Float>, rows: Int, into output: UnsafeMutablePointer<Float>,
             weights: UnsafePointer<Float>, workspace: UnsafeMutablePointer<Float>) {
        let k = patchSize, l = positions, o = outChannels
        let group = samplesPerGroup(batch: rows)
        let columns = workspace, product = workspace + group * l * k
        let shape = [rows, channels, height, width]
        let outPerChannel = outputWidth / o
        let bias = self.bias.map { weights + $0 }
        let (relu, pool, outHeight, outWidth) = (self.relu, self.pool, self.outHeight, self.outWidth)
        var first = 0
        while first < rows {
            let samples = first..<Swift.min(first + group, rows)
            let n = samples.count * l
            InferenceKernels.im2col(input, input: shape, kernel: (kernel, kernel), stride: (stride, stride),
                                    padding: (padding, padding), samples: samples, into: columns)
            // [O, K] · [K, B·L] -> [O, B·L]
            InferenceKernels.gemm(false, false, o, n, k, weights + weight, k, columns, n, product, n)
            // [O, B·L] -> [B, O, ...], with the bias, ReLU and pooling.
            parallelChunks(samples.count * o, grain: Swift.max(1, (1 << 15) / l)) { range in
                for t in range {
                    let b = t / o, c = t % o
                    let src = product + (c &* n &+ b &* l)
                    let dst = output + ((samples.lowerBound &+ b) &* o &+ c) &* outPerChannel
                    let shift = bias?[c] ?? 0
                    if let pool {
                        pool.pool(src, height: outHeight, width: outWidth, shift: shift, relu: relu, into: dst)
                    } else if relu {
                        for i in 0..<l {
                            let v = src[i] + shift
                            dst[i] = v > 0 || v.isNaN ? v : 0
                        }
                    } else {
                        for i in 0..<l { dst[i] = src[i] + shift }
                    }
                }
            }
            first = samples.upperBound
        }
    }
}

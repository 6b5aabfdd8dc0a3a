// 2-D convolution in NCHW layout, as PyTorch's `conv2d` (a cross-correlation): im2col
// then one sgemm per group of samples, with gradients (col2im for the input's).

/// Convolves `input` [N, C, H, W] with `weight` [O, C, kh, kw], adding `bias` [O];
/// `stride` and `padding` are (vertical, horizontal), and the result is
/// [N, O, (H + 2·padding.0 - kh) / stride.0 + 1, (W + 2·padding.1 - kw) / stride.1 + 1].
public func conv2d(
    _ input: Tensor, _ weight: Tensor, bias: Tensor? = nil,
    stride: (Int, Int), padding: (Int, Int) = (0, 0)
) -> Tensor {
    precondition(weight.rank == 4, "conv2d weight must be [O, C, kh, kw], got shape \(weight.shape)")
    let window = SlidingWindow(
        input: input.shape, kernel: (weight.shape[2], weight.shape[3]),
        stride: stride, padding: padding, operation: "conv2d")
    precondition(weight.shape[1] == window.channels,
                 "conv2d weight \(weight.shape) expects \(weight.shape[1]) input channels, input \(input.shape) has \(window.channels)")
    let outChannels = weight.shape[0]
    if let bias { precondition(bias.shape == [outChannels], "conv2d bias must be [\(outChannels)], got \(bias.shape)") }
    let convolution = Convolution(window: window, outChannels: outChannels)
    let x = input.scalars, w = weight.scalars
    let (result, keptColumns) = convolution.forward(x, w, bias?.scalars, keepColumns: weight.tracker?.tape.isRecording == true)
    let inputShape = input.shape, weightShape = weight.shape
    let inputs = bias.map { [input, weight, $0] } ?? [input, weight]
    return Tensor.record(result, inputs: inputs) { g, needed in
        let (dx, dw) = convolution.backward(
            g.scalars, x, w, inputGradient: needed[0], weightGradient: needed[1], keptColumns: keptColumns)
        var gradients: [Tensor?] = [
            dx.map { Tensor(shape: inputShape, scalars: $0) },
            dw.map { Tensor(shape: weightShape, scalars: $0) },
        ]
        if needed.count == 3 {
            gradients.append(needed[2] ? Tensor(convolution.biasGradient(g.scalars)) : nil)
        }
        return gradients
    }
}

/// Convolves with the same stride and padding on both spatial axes.
public func conv2d(
    _ input: Tensor, _ weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Int = 0
) -> Tensor {
    conv2d(input, weight, bias: bias, stride: (stride, stride), padding: (padding, padding))
}

/// The untracked kernels of one convolution's geometry.
struct Convolution {
    let window: SlidingWindow
    let outChannels: Int
    /// The most floats one group's im2col matrix may hold.
    var floatsPerGroup = 1 << 22

    /// A buffer every kernel below writes in full before reading, so it is not zeroed.
    private func scratch(_ count: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }

    /// Rows of the im2col matrix: one per (channel, kernel row, kernel column).
    var patchSize: Int { window.channels * window.kernelHeight * window.kernelWidth }

    /// How many samples share one im2col matrix (and one sgemm): as many as fit in
    /// ``floatsPerGroup``, so small images still make a large product.
    var samplesPerGroup: Int {
        Swift.max(1, Swift.min(window.batch, floatsPerGroup / Swift.max(patchSize * window.positions, 1)))
    }

    /// The samples of each group.
    var groups: [Range<Int>] {
        let size = samplesPerGroup
        return stride(from: 0, to: window.batch, by: size).map { $0..<Swift.min($0 + size, window.batch) }
    }

    /// The most floats of im2col columns kept from the forward pass for the weight gradient
    /// (as PyTorch's `slow_conv2d` keeps its `finput`); above it the backward recomputes them.
    static let keptColumnsLimit = 1 << 25

    /// The convolution, and with `keepColumns` (when they fit under ``keptColumnsLimit``) the
    /// im2col columns of every group, laid out group after group, for ``backward``.
    func forward(_ x: [Float], _ w: [Float], _ bias: [Float]?, keepColumns: Bool = false) -> (Tensor, [Float]?) {
        let k = patchSize, l = window.positions, o = outChannels
        let outShape = [window.batch, o, window.outHeight, window.outWidth]
        guard window.batch > 0, o > 0, l > 0 else { return (Tensor.zeros(outShape), nil) }
        let total = k.multipliedReportingOverflow(by: window.batch * l)
        let keep = keepColumns && k > 0 && !total.overflow && total.partialValue <= Self.keptColumnsLimit
        var columns = scratch(keep ? total.partialValue : k * samplesPerGroup * l)
        var product = scratch(o * samplesPerGroup * l)
        let result = x.withUnsafeBufferPointer { xb in
            w.withUnsafeBufferPointer { wb in
                Tensor.build(shape: outShape) { out in
                    columns.withUnsafeMutableBufferPointer { cb in
                        product.withUnsafeMutableBufferPointer { pb in
                            let op = out.baseAddress!, pp = pb.baseAddress!
                            for group in groups {
                                let n = group.count * l
                                let cols = cb.baseAddress! + (keep ? k * group.lowerBound * l : 0)
                                im2col(xb.baseAddress!, samples: group, into: cols)
                                // [O, K] · [K, B·L] -> [O, B·L]
                                if k == 0 {
                                    pp.initialize(repeating: 0, count: o * n)
                                } else {
                                    Tensor.sgemm(false, false, o, n, k, wb.baseAddress!, k, cols, n, pp, n)
                                }
                                // [O, B·L] -> [B, O, L], adding the bias.
                                parallelChunks(group.count * o, grain: Swift.max(1, (1 << 15) / l)) { range in
                                    for t in range {
                                        let b = t / o, c = t % o
                                        let src = pp + (c &* n &+ b &* l)
                                        let dst = op + ((group.lowerBound &+ b) &* o &+ c) &* l
                                        let shift = bias?[c] ?? 0
                                        for i in 0..<l { dst[i] = src[i] + shift }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (result, keep ? columns : nil)
    }

    /// The gradients of the input and of the weight for output gradient `g`, each only when asked.
    func backward(
        _ g: [Float], _ x: [Float], _ w: [Float], inputGradient: Bool, weightGradient: Bool, keptColumns: [Float]? = nil
    ) -> (input: [Float]?, weight: [Float]?) {
        let k = patchSize, l = window.positions, o = outChannels
        var dx: [Float]? = inputGradient ? [Float](repeating: 0, count: x.count) : nil
        var dw: [Float]? = weightGradient ? [Float](repeating: 0, count: w.count) : nil
        guard inputGradient || weightGradient, window.batch > 0, o > 0, l > 0, k > 0 else { return (dx, dw) }
        let capacity = samplesPerGroup * l
        var columns = scratch(k * capacity)
        var gathered = scratch(o * capacity)
        let kept = keptColumns ?? []
        kept.withUnsafeBufferPointer { kb in
        g.withUnsafeBufferPointer { gb in
            x.withUnsafeBufferPointer { xb in
                w.withUnsafeBufferPointer { wb in
                    columns.withUnsafeMutableBufferPointer { cb in
                        gathered.withUnsafeMutableBufferPointer { gathb in
                            let gp = gb.baseAddress!, cp = cb.baseAddress!, gg = gathb.baseAddress!
                            for (index, group) in groups.enumerated() {
                                let n = group.count * l
                                // [B, O, L] -> [O, B·L]
                                parallelChunks(group.count * o, grain: Swift.max(1, (1 << 15) / l)) { range in
                                    for t in range {
                                        let b = t / o, c = t % o
                                        (gg + (c &* n &+ b &* l)).update(
                                            from: gp + ((group.lowerBound &+ b) &* o &+ c) &* l, count: l)
                                    }
                                }
                                if weightGradient {
                                    // dW += G [O, B·L] · colsᵀ [B·L, K], with the forward's columns when kept.
                                    let cols: UnsafePointer<Float>
                                    if let kept = kb.baseAddress, keptColumns != nil {
                                        cols = kept + k * group.lowerBound * l
                                    } else {
                                        im2col(xb.baseAddress!, samples: group, into: cp)
                                        cols = UnsafePointer(cp)
                                    }
                                    dw!.withUnsafeMutableBufferPointer { dwb in
                                        Tensor.sgemm(false, true, o, k, n, gg, n, cols, n, dwb.baseAddress!, k,
                                                     beta: index > 0 ? 1 : 0)
                                    }
                                }
                                if inputGradient {
                                    // dcols = Wᵀ [K, O] · G [O, B·L], folded back onto the input.
                                    Tensor.sgemm(true, false, k, n, o, wb.baseAddress!, k, gg, n, cp, n)
                                    dx!.withUnsafeMutableBufferPointer { dxb in
                                        col2im(cp, samples: group, into: dxb.baseAddress!)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        }
        return (dx, dw)
    }

    /// The bias gradient: `g` summed over samples and positions.
    func biasGradient(_ g: [Float]) -> [Float] {
        let l = window.positions, o = outChannels
        var db = [Float](repeating: 0, count: o)
        g.withUnsafeBufferPointer { gb in
            for b in 0..<window.batch {
                for c in 0..<o { db[c] += Tensor.sum(gb.baseAddress! + (b &* o &+ c) &* l, l) }
            }
        }
        return db
    }

    /// Writes the patches of `samples` as a [K, B·L] matrix: row (c, i, j), column
    /// (b, oy, ox) holds x[b, c, oy·sy - py + i, ox·sx - px + j], or 0 in the padding.
    func im2col(_ x: UnsafePointer<Float>, samples: Range<Int>, into columns: UnsafeMutablePointer<Float>) {
        let w = window, l = w.positions, batch = samples.count
        let rowLength = batch * l, kh = w.kernelHeight, kw = w.kernelWidth
        parallelChunks(patchSize * batch, grain: Swift.max(1, (1 << 15) / Swift.max(l, 1))) { range in
            for t in range {
                let r = t / batch, b = t % batch
                let j = r % kw, i = (r / kw) % kh, c = r / (kw &* kh)
                let src = x + ((samples.lowerBound &+ b) &* w.channels &+ c) &* w.planeSize
                let dst = columns + (r &* rowLength &+ b &* l)
                let rows = w.validRows(kernelRow: i), cols = w.validColumns(kernelColumn: j)
                let sx = w.strideX, shiftX = j &- w.padX
                for oy in 0..<w.outHeight {
                    let d = dst + oy &* w.outWidth
                    guard rows.contains(oy) else {
                        d.initialize(repeating: 0, count: w.outWidth)
                        continue
                    }
                    let s = src + ((oy &* w.strideY &- w.padY &+ i) &* w.width &+ shiftX)
                    for ox in 0..<cols.lowerBound { d[ox] = 0 }
                    if sx == 1 {
                        for ox in cols { d[ox] = s[ox] }
                    } else {
                        for ox in cols { d[ox] = s[ox &* sx] }
                    }
                    for ox in cols.upperBound..<w.outWidth { d[ox] = 0 }
                }
            }
        }
    }

    /// Adds a [K, B·L] patch matrix back onto the input positions it was read from.
    func col2im(_ columns: UnsafePointer<Float>, samples: Range<Int>, into x: UnsafeMutablePointer<Float>) {
        let w = window, l = w.positions, batch = samples.count
        let rowLength = batch * l, kh = w.kernelHeight, kw = w.kernelWidth
        // One plane (sample, channel) per task: the writes of different tasks never overlap.
        parallelChunks(batch * w.channels, grain: Swift.max(1, (1 << 15) / Swift.max(kh * kw * l, 1))) { range in
            for t in range {
                let b = t / w.channels, c = t % w.channels
                let dst = x + ((samples.lowerBound &+ b) &* w.channels &+ c) &* w.planeSize
                for i in 0..<kh {
                    let rows = w.validRows(kernelRow: i)
                    for j in 0..<kw {
                        let cols = w.validColumns(kernelColumn: j)
                        let src = columns + (((c &* kh &+ i) &* kw &+ j) &* rowLength &+ b &* l)
                        let sx = w.strideX, shiftX = j &- w.padX
                        for oy in rows {
                            let s = src + oy &* w.outWidth
                            let d = dst + ((oy &* w.strideY &- w.padY &+ i) &* w.width &+ shiftX)
                            if sx == 1 {
                                for ox in cols { d[ox] += s[ox] }
                            } else {
                                for ox in cols { d[ox &* sx] += s[ox] }
                            }
                        }
                    }
                }
            }
        }
    }
}

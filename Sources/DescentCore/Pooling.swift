import CDescentKernels

/// Max and average pooling over NCHW data, as PyTorch's `max_pool2d` and `avg_pool2d`
/// (floor output size; padding reads as -∞ for max and as 0, counted, for average).
extension Tensor {
    /// The maximum of each `kernel` window, moved by `stride` (default: the kernel) over
    /// the input padded by `padding`; the gradient goes to the first maximal element.
    public func maxPool2d(kernel: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0)) -> Tensor {
        let window = Tensor.poolingWindow(shape, kernel, stride, padding, "maxPool2d")
        let planes = window.batch * window.channels, plane = window.planeSize, positions = window.positions
        var argmax = [Int32](repeating: 0, count: planes * positions)
        let outShape = [window.batch, window.channels, window.outHeight, window.outWidth]
        let result = scalars.withUnsafeBufferPointer { xb in
            argmax.withUnsafeMutableBufferPointer { ab in
                Tensor.build(shape: outShape) { out in
                    let xp = xb.baseAddress!, ap = ab.baseAddress!, op = out.baseAddress!
                    if window.isPlainHalving {
                        parallelChunks(planes, grain: Tensor.poolingGrain(window)) { range in
                            descent_max_pool_2x2(xp + range.lowerBound &* plane, range.count, window.height, window.width,
                                                 op + range.lowerBound &* positions, ap + range.lowerBound &* positions)
                        }
                        return
                    }
                    parallelChunks(planes, grain: Tensor.poolingGrain(window)) { range in
                        for p in range {
                            let src = xp + p &* plane, dst = op + p &* positions, idx = ap + p &* positions
                            for oy in 0..<window.outHeight {
                                let (y0, y1) = window.inputRows(oy)
                                for ox in 0..<window.outWidth {
                                    let (x0, x1) = window.inputColumns(ox)
                                    var best = -Float.infinity, bestIndex = y0 &* window.width &+ x0
                                    for iy in y0..<y1 {
                                        for ix in x0..<x1 {
                                            let k = iy &* window.width &+ ix, v = src[k]
                                            if v > best || v.isNaN { best = v; bestIndex = k }
                                        }
                                    }
                                    dst[oy &* window.outWidth &+ ox] = best
                                    idx[oy &* window.outWidth &+ ox] = Int32(truncatingIfNeeded: bestIndex)
                                }
                            }
                        }
                    }
                }
            }
        }
        let inputShape = shape, argmaxIndices = argmax
        return Tensor.record(result, input: self) { g in
            g.scalars.withUnsafeBufferPointer { gb in
                argmaxIndices.withUnsafeBufferPointer { ab in
                    Tensor.build(shape: inputShape) { dx in
                        let gp = gb.baseAddress!, ap = ab.baseAddress!, dp = dx.baseAddress!
                        parallelChunks(planes, grain: Tensor.poolingGrain(window)) { range in
                            for p in range {
                                let d = dp + p &* plane, s = gp + p &* positions, idx = ap + p &* positions
                                d.initialize(repeating: 0, count: plane)
                                for o in 0..<positions { d[Int(idx[o])] += s[o] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Max pooling with the same kernel, stride and padding on both spatial axes.
    public func maxPool2d(kernel: Int, stride: Int? = nil, padding: Int = 0) -> Tensor {
        maxPool2d(kernel: (kernel, kernel), stride: stride.map { ($0, $0) }, padding: (padding, padding))
    }

    /// The mean of each `kernel` window, moved by `stride` (default: the kernel) over the
    /// input padded by `padding`; padded positions count as zeros (`count_include_pad`).
    public func avgPool2d(kernel: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0)) -> Tensor {
        let window = Tensor.poolingWindow(shape, kernel, stride, padding, "avgPool2d")
        let planes = window.batch * window.channels, plane = window.planeSize, positions = window.positions
        let scale = 1 / Float(window.kernelHeight * window.kernelWidth)
        let outShape = [window.batch, window.channels, window.outHeight, window.outWidth]
        let result = scalars.withUnsafeBufferPointer { xb in
            Tensor.build(shape: outShape) { out in
                let xp = xb.baseAddress!, op = out.baseAddress!
                parallelChunks(planes, grain: Tensor.poolingGrain(window)) { range in
                    for p in range {
                        let src = xp + p &* plane, dst = op + p &* positions
                        for oy in 0..<window.outHeight {
                            let (y0, y1) = window.inputRows(oy)
                            for ox in 0..<window.outWidth {
                                let (x0, x1) = window.inputColumns(ox)
                                var total: Float = 0
                                for iy in y0..<y1 {
                                    let row = src + iy &* window.width
                                    for ix in x0..<x1 { total += row[ix] }
                                }
                                dst[oy &* window.outWidth &+ ox] = total * scale
                            }
                        }
                    }
                }
            }
        }
        let inputShape = shape
        return Tensor.record(result, input: self) { g in
            g.scalars.withUnsafeBufferPointer { gb in
                Tensor.build(shape: inputShape) { dx in
                    let gp = gb.baseAddress!, dp = dx.baseAddress!
                    parallelChunks(planes, grain: Tensor.poolingGrain(window)) { range in
                        for p in range {
                            let d = dp + p &* plane, s = gp + p &* positions
                            d.initialize(repeating: 0, count: plane)
                            for oy in 0..<window.outHeight {
                                let (y0, y1) = window.inputRows(oy)
                                for ox in 0..<window.outWidth {
                                    let (x0, x1) = window.inputColumns(ox)
                                    let share = s[oy &* window.outWidth &+ ox] * scale
                                    for iy in y0..<y1 {
                                        let row = d + iy &* window.width
                                        for ix in x0..<x1 { row[ix] += share }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Average pooling with the same kernel, stride and padding on both spatial axes.
    public func avgPool2d(kernel: Int, stride: Int? = nil, padding: Int = 0) -> Tensor {
        avgPool2d(kernel: (kernel, kernel), stride: stride.map { ($0, $0) }, padding: (padding, padding))
    }

    /// The window of a pooling call, with PyTorch's limit of padding to half the kernel.
    static func poolingWindow(
        _ shape: [Int], _ kernel: (Int, Int), _ stride: (Int, Int)?, _ padding: (Int, Int), _ operation: String
    ) -> SlidingWindow {
        precondition(padding.0 <= kernel.0 / 2 && padding.1 <= kernel.1 / 2,
                     "\(operation) padding \(padding) must be at most half the kernel \(kernel)")
        return SlidingWindow(input: shape, kernel: kernel, stride: stride ?? kernel, padding: padding, operation: operation)
    }

    /// Planes per task so that each task reads about 32 K elements.
    static func poolingGrain(_ window: SlidingWindow) -> Int {
        Swift.max(1, (1 << 15) / Swift.max(window.positions * window.kernelHeight * window.kernelWidth, 1))
    }
}

extension SlidingWindow {
    /// A 2×2 window moved by 2 without padding: the common pooling, with its own kernel.
    var isPlainHalving: Bool {
        kernelHeight == 2 && kernelWidth == 2 && strideY == 2 && strideX == 2 && padY == 0 && padX == 0
    }

    /// The input rows `y0..<y1` covered by output row `oy`, clipped to the input.
    @inline(__always)
    func inputRows(_ oy: Int) -> (Int, Int) {
        let start = oy &* strideY &- padY
        return (Swift.max(start, 0), Swift.min(start &+ kernelHeight, height))
    }

    /// The input columns `x0..<x1` covered by output column `ox`, clipped to the input.
    @inline(__always)
    func inputColumns(_ ox: Int) -> (Int, Int) {
        let start = ox &* strideX &- padX
        return (Swift.max(start, 0), Swift.min(start &+ kernelWidth, width))
    }
}

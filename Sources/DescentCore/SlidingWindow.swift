/// The geometry of a 2-D sliding window (convolution or pooling) over NCHW data, with
/// PyTorch's output extent `(H + 2p - k) / s + 1` (rounded down).
struct SlidingWindow {
    let batch: Int, channels: Int, height: Int, width: Int
    let kernelHeight: Int, kernelWidth: Int
    let strideY: Int, strideX: Int
    let padY: Int, padX: Int
    let outHeight: Int, outWidth: Int

    init(input shape: [Int], kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int), operation: String) {
        precondition(shape.count == 4, "\(operation) needs an [N, C, H, W] input, got shape \(shape)")
        precondition(kernel.0 > 0 && kernel.1 > 0, "\(operation) kernel \(kernel) must be positive")
        precondition(stride.0 > 0 && stride.1 > 0, "\(operation) stride \(stride) must be positive")
        precondition(padding.0 >= 0 && padding.1 >= 0, "\(operation) padding \(padding) must not be negative")
        (batch, channels, height, width) = (shape[0], shape[1], shape[2], shape[3])
        (kernelHeight, kernelWidth) = kernel
        (strideY, strideX) = stride
        (padY, padX) = padding
        let paddedHeight = height + 2 * padY, paddedWidth = width + 2 * padX
        precondition(
            paddedHeight >= kernelHeight && paddedWidth >= kernelWidth,
            "\(operation) kernel \(kernel) is larger than the padded input \(paddedHeight)×\(paddedWidth) of shape \(shape)")
        outHeight = (paddedHeight - kernelHeight) / strideY + 1
        outWidth = (paddedWidth - kernelWidth) / strideX + 1
    }

    /// Output positions per plane.
    var positions: Int { outHeight * outWidth }

    /// Input elements per plane.
    var planeSize: Int { height * width }

    /// The output rows `oy` whose window row `i` lands inside the input (others read padding).
    @inline(__always)
    func validRows(kernelRow i: Int) -> Range<Int> {
        SlidingWindow.valid(offset: padY - i, extent: height, stride: strideY, count: outHeight)
    }

    /// The output columns `ox` whose window column `j` lands inside the input.
    @inline(__always)
    func validColumns(kernelColumn j: Int) -> Range<Int> {
        SlidingWindow.valid(offset: padX - j, extent: width, stride: strideX, count: outWidth)
    }

    /// The `o` in 0..<count with `0 <= o * stride - offset < extent`.
    @inline(__always)
    static func valid(offset: Int, extent: Int, stride: Int, count: Int) -> Range<Int> {
        let low = offset <= 0 ? 0 : (offset &+ stride &- 1) / stride
        let last = extent &- 1 &+ offset
        let high = last < 0 ? 0 : last / stride &+ 1
        let lo = Swift.min(low, count), hi = Swift.min(high, count)
        return lo..<Swift.max(lo, hi)
    }
}

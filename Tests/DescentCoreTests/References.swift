@testable import DescentCore

/// Plain, obviously-correct loops in Double: the oracles for the fast kernels.
enum Reference {
    /// PyTorch's conv2d, directly from its definition.
    static func conv2d(
        _ x: Tensor, _ w: Tensor, bias: Tensor?, stride: (Int, Int), padding: (Int, Int)
    ) -> Tensor {
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (o, kh, kw) = (w.shape[0], w.shape[2], w.shape[3])
        let oh = (h + 2 * padding.0 - kh) / stride.0 + 1, ow = (wd + 2 * padding.1 - kw) / stride.1 + 1
        var out = [Float](repeating: 0, count: n * o * oh * ow)
        for b in 0..<n { for f in 0..<o { for oy in 0..<oh { for ox in 0..<ow {
            var total = Double(bias?.scalars[f] ?? 0)
            for ch in 0..<c { for i in 0..<kh { for j in 0..<kw {
                let iy = oy * stride.0 - padding.0 + i, ix = ox * stride.1 - padding.1 + j
                guard iy >= 0 && iy < h && ix >= 0 && ix < wd else { continue }
                total += Double(x.scalars[((b * c + ch) * h + iy) * wd + ix])
                    * Double(w.scalars[((f * c + ch) * kh + i) * kw + j])
            } } }
            out[((b * o + f) * oh + oy) * ow + ox] = Float(total)
        } } } }
        return Tensor(shape: [n, o, oh, ow], scalars: out)
    }

    /// Max (padding as -∞) or mean (padding counted as 0) of each window.
    static func pool2d(
        _ x: Tensor, kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int), max: Bool
    ) -> Tensor {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let oh = (h + 2 * padding.0 - kernel.0) / stride.0 + 1, ow = (w + 2 * padding.1 - kernel.1) / stride.1 + 1
        var out = [Float](repeating: 0, count: n * c * oh * ow)
        for p in 0..<(n * c) { for oy in 0..<oh { for ox in 0..<ow {
            var best = -Double.infinity, total = 0.0
            for i in 0..<kernel.0 { for j in 0..<kernel.1 {
                let iy = oy * stride.0 - padding.0 + i, ix = ox * stride.1 - padding.1 + j
                guard iy >= 0 && iy < h && ix >= 0 && ix < w else { continue }
                let v = Double(x.scalars[(p * h + iy) * w + ix])
                best = Swift.max(best, v)
                total += v
            } }
            out[(p * oh + oy) * ow + ox] = Float(max ? best : total / Double(kernel.0 * kernel.1))
        } } }
        return Tensor(shape: [n, c, oh, ow], scalars: out)
    }

    /// Softmax over the last axis.
    static func softmax(_ x: Tensor) -> [Float] {
        let n = x.shape.last!
        var out = [Float](repeating: 0, count: x.count)
        for row in 0..<(x.count / n) {
            let values = (0..<n).map { Double(x.scalars[row * n + $0]) }
            let m = values.max()!
            let total = values.reduce(0) { $0 + Foundation.exp($1 - m) }
            for k in 0..<n { out[row * n + k] = Float(Foundation.exp(values[k] - m) / total) }
        }
        return out
    }

    /// Layer norm over the last `width` elements of each row.
    static func layerNorm(_ x: Tensor, width: Int, weight: Tensor?, bias: Tensor?, eps: Double = 1e-5) -> [Float] {
        var out = [Float](repeating: 0, count: x.count)
        for row in 0..<(x.count / width) {
            let values = (0..<width).map { Double(x.scalars[row * width + $0]) }
            let mean = values.reduce(0, +) / Double(width)
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(width)
            for j in 0..<width {
                let normalized = (values[j] - mean) / (variance + eps).squareRoot()
                out[row * width + j] = Float(normalized * Double(weight?.scalars[j] ?? 1) + Double(bias?.scalars[j] ?? 0))
            }
        }
        return out
    }
}

import Foundation

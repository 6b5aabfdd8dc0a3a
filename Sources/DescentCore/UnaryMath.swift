import CDescentKernels
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Elementwise functions with gradients.
extension Tensor {
    /// e^x.
    public func exp() -> Tensor {
        let result = mappedChunks { x, y, n in descent_exp(x, y, n) }
        return Tensor.record(result, input: self) { g in g.zipped(result) { $0 * $1 } }
    }

    /// The natural logarithm.
    public func log() -> Tensor {
        let x = self
        return Tensor.record(mapped { Math.log($0) }, input: self) { g in g.zipped(x) { $0 / $1 } }
    }

    /// The square root.
    public func sqrt() -> Tensor {
        let result = mapped { $0.squareRoot() }
        return Tensor.record(result, input: self) { g in g.zipped(result) { $0 * 0.5 / $1 } }
    }

    /// Each element raised to `exponent`.
    public func pow(_ exponent: Float) -> Tensor {
        let x = self
        let result = mapped { Math.pow($0, exponent) }
        return Tensor.record(result, input: self) { g in
            g.zipped(x) { g, x in g * exponent * Math.pow(x, exponent - 1) }
        }
    }

    /// Each element squared.
    public func squared() -> Tensor {
        let x = self
        return Tensor.record(mapped { $0 * $0 }, input: self) { g in g.zipped(x) { 2 * $0 * $1 } }
    }

    /// The absolute value (gradient 0 at 0).
    public func abs() -> Tensor {
        let x = self
        return Tensor.record(mapped { Swift.abs($0) }, input: self) { g in
            g.zipped(x) { g, x in x > 0 ? g : (x < 0 ? -g : 0) }
        }
    }

    /// The hyperbolic tangent.
    public func tanh() -> Tensor {
        let result = mappedChunks { x, y, n in descent_tanh(x, y, n) }
        return Tensor.record(result, input: self) { g in g.zipped(result) { $0 * (1 - $1 * $1) } }
    }

    /// The logistic function 1 / (1 + e^-x), stable for large |x|.
    public func sigmoid() -> Tensor {
        let result = mappedChunks { x, y, n in descent_sigmoid(x, y, n) }
        return Tensor.record(result, input: self) { g in g.zipped(result) { $0 * $1 * (1 - $1) } }
    }

    @inline(__always)
    package static func sigmoid(_ x: Float) -> Float {
        if x >= 0 { return 1 / (1 + Math.exp(-x)) }
        let e = Math.exp(x)
        return e / (1 + e)
    }

    /// Swift.max(x, 0) (gradient 0 at 0, as PyTorch).
    public func relu() -> Tensor {
        // A C kernel (one clone per x86-64 level): NaN stays NaN and −0 becomes 0, as torch.relu.
        let result = mappedChunks { x, y, n in descent_relu(x, y, n) }
        return Tensor.record(result, input: self) { g in
            g.zippedChunks(result) { g, y, out, n in descent_relu_backward(g, y, out, n) }
        }
    }

    /// The Gaussian error linear unit, exact (erf) form as PyTorch's default, or the tanh
    /// approximation.
    public func gelu(approximateTanh: Bool = false) -> Tensor {
        // C kernels (one clone per x86-64 level), CDescentKernels' ElementaryFunctions.h.
        let x = self
        if approximateTanh {
            let result = mappedChunks { x, y, n in descent_gelu_tanh(x, y, n) }
            return Tensor.record(result, input: self) { g in
                g.zippedChunks(x) { g, x, out, n in descent_gelu_tanh_backward(g, x, out, n) }
            }
        }
        let result = mappedChunks { x, y, n in descent_gelu(x, y, n) }
        return Tensor.record(result, input: self) { g in
            g.zippedChunks(x) { g, x, out, n in descent_gelu_backward(g, x, out, n) }
        }
    }

    /// Each element limited to [low, high] (gradient passes inside the range only).
    public func clamped(_ low: Float, _ high: Float) -> Tensor {
        let x = self
        return Tensor.record(mapped { Swift.min(Swift.max($0, low), high) }, input: self) { g in
            g.zipped(x) { g, x in x >= low && x <= high ? g : 0 }
        }
    }
}

/// Single-precision libm, named once so the kernels read the same on Linux and Apple.
package enum Math {
    @inline(__always) package static func exp(_ x: Float) -> Float { expf(x) }
    @inline(__always) package static func log(_ x: Float) -> Float { logf(x) }
    @inline(__always) package static func pow(_ x: Float, _ y: Float) -> Float { powf(x, y) }
    @inline(__always) package static func tanh(_ x: Float) -> Float { tanhf(x) }
    @inline(__always) package static func erf(_ x: Float) -> Float { erff(x) }
    @inline(__always) package static func log1p(_ x: Float) -> Float { log1pf(x) }
    @inline(__always) package static func cos(_ x: Float) -> Float { cosf(x) }
    @inline(__always) package static func sin(_ x: Float) -> Float { sinf(x) }
}

import Testing
@testable import DescentCore

/// Central finite differences against the tape's gradients.
///
/// The checked function is reduced to the scalar `Σ f(xs) · R` with fixed random weights
/// `R`, so every output element matters; the finite differences are taken in Double over
/// Float evaluations, with a step small enough for smooth functions and inputs chosen
/// away from kinks (see ``InputKind``).
enum GradientCheck {
    /// The worst disagreement found, or nil when every element is within tolerance.
    struct Mismatch: CustomStringConvertible {
        var input: Int
        var element: Int
        var analytic: Double
        var numeric: Double
        var description: String {
            "input \(input), element \(element): analytic \(analytic), finite difference \(numeric)"
        }
    }

    /// Compares the gradient of `Σ f(xs) · R` at `inputs` with central differences of step
    /// `step`; an element passes when |analytic - numeric| ≤ absolute + relative · |numeric|.
    static func mismatch(
        of f: ([Tensor]) -> Tensor, at inputs: [Tensor], step: Double = 1e-2,
        absolute: Double = 2e-3, relative: Double = 1e-2, seed: UInt64 = 7
    ) -> Mismatch? {
        let output = f(inputs)
        var generator = RandomGenerator(seed: seed)
        let weights = generator.tensor(output.shape, .uniform)
        let (_, analytic) = valueWithGradient(at: inputs) { xs in (f(xs) * weights).sum() }
        func loss(_ xs: [Tensor]) -> Double {
            let y = f(xs)
            precondition(y.shape == output.shape, "f changed its output shape")
            var total = 0.0
            for (a, b) in zip(y.scalars, weights.scalars) { total += Double(a) * Double(b) }
            return total
        }
        var worst: (excess: Double, mismatch: Mismatch)?
        for i in inputs.indices {
            precondition(analytic[i].shape == inputs[i].shape, "gradient shape \(analytic[i].shape) for input \(inputs[i].shape)")
            for j in 0..<inputs[i].count {
                var plus = inputs, minus = inputs
                let x = inputs[i].scalars[j]
                plus[i].scalars[j] = x + Float(step)
                minus[i].scalars[j] = x - Float(step)
                let width = Double(plus[i].scalars[j]) - Double(minus[i].scalars[j])
                let numeric = (loss(plus) - loss(minus)) / width
                let a = Double(analytic[i].scalars[j])
                let excess = Swift.abs(a - numeric) - (absolute + relative * Swift.abs(numeric))
                if excess > 0 && (worst == nil || excess > worst!.excess) {
                    worst = (excess, Mismatch(input: i, element: j, analytic: a, numeric: numeric))
                }
            }
        }
        return worst?.mismatch
    }
}

/// How test inputs are drawn.
enum InputKind: Sendable {
    /// Uniform in [-1, 1).
    case uniform
    /// Uniform in [0.5, 2): for log, sqrt, pow and denominators.
    case positive
    /// |x| in [0.2, 1) with a random sign: away from the kinks of relu and abs.
    case awayFromZero
    /// A shuffled grid 0.1 apart with every value ≡ 0.05 (mod 0.1): no ties for max and
    /// pooling, and at least 0.05 from 0 and from any multiple of 0.1 (clamp bounds).
    case distinct
}

extension RandomGenerator {
    /// A tensor of `shape` with elements drawn as `kind` says.
    mutating func tensor(_ shape: [Int], _ kind: InputKind = .uniform) -> Tensor {
        let count = shape.reduce(1, *)
        switch kind {
        case .uniform:
            return Tensor(shape: shape, scalars: (0..<count).map { _ in uniform(-1, 1) })
        case .positive:
            return Tensor(shape: shape, scalars: (0..<count).map { _ in uniform(0.5, 2) })
        case .awayFromZero:
            return Tensor(shape: shape, scalars: (0..<count).map { _ in
                let magnitude = uniform(0.2, 1)
                return uniform() < 0.5 ? -magnitude : magnitude
            })
        case .distinct:
            return Tensor(shape: shape, scalars: permutation(count).map { Float($0 - count / 2) * 0.1 + 0.05 })
        }
    }
}

/// Expects the tape's gradient of `f` at `inputs` to agree with finite differences.
func expectGradients(
    at inputs: [Tensor], step: Double = 1e-2, absolute: Double = 2e-3, relative: Double = 1e-2,
    sourceLocation: SourceLocation = #_sourceLocation, _ f: ([Tensor]) -> Tensor
) {
    let mismatch = GradientCheck.mismatch(of: f, at: inputs, step: step, absolute: absolute, relative: relative)
    #expect(mismatch == nil, "\(mismatch.map(String.init(describing:)) ?? "")", sourceLocation: sourceLocation)
}

/// Expects two float sequences to agree elementwise within `tolerance` (absolute plus relative).
func expectClose(
    _ actual: [Float], _ expected: [Float], tolerance: Float = 1e-5,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.count == expected.count, "\(actual.count) elements, expected \(expected.count)",
            sourceLocation: sourceLocation)
    var worst: (Int, Float, Float)?
    for (i, (a, e)) in zip(actual, expected).enumerated()
    where !(Swift.abs(a - e) <= tolerance * (1 + Swift.abs(e))) {
        worst = worst ?? (i, a, e)
    }
    #expect(worst == nil, "first difference at \(worst.map { "\($0.0): \($0.1) vs \($0.2)" } ?? "")",
            sourceLocation: sourceLocation)
}

@Suite("Gradient check helper")
struct GradientCheckTests {
    @Test("accepts a correct rule and rejects a wrong one")
    func detectsWrongRules() {
        var generator = RandomGenerator(seed: 1)
        let x = generator.tensor([3, 4])
        let right: ([Tensor]) -> Tensor = { xs in
            Tensor.record(xs[0].detached.mapped { $0 * $0 }, input: xs[0]) { g in g * xs[0].detached * 2 }
        }
        let wrong: ([Tensor]) -> Tensor = { xs in
            Tensor.record(xs[0].detached.mapped { $0 * $0 }, input: xs[0]) { g in g * xs[0].detached * 2.1 }
        }
        let dropped: ([Tensor]) -> Tensor = { xs in
            Tensor.record(xs[0].detached.mapped { $0 * $0 }, input: xs[0]) { g in (g * xs[0].detached * 2).slice(alongAxis: 0, 0..<2).concatenatedWithZeroRow() }
        }
        #expect(GradientCheck.mismatch(of: right, at: [x]) == nil)
        #expect(GradientCheck.mismatch(of: wrong, at: [x]) != nil)
        #expect(GradientCheck.mismatch(of: dropped, at: [x]) != nil)
    }
}

extension Tensor {
    /// This [2, n] tensor with a row of zeros appended (a gradient that forgets a row).
    fileprivate func concatenatedWithZeroRow() -> Tensor {
        Tensor.concatenate([self, Tensor.zeros([1, shape[1]])], alongAxis: 0)
    }
}

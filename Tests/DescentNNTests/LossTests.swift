import Foundation
import Testing
@testable import DescentNN

struct LossTests {
    @Test func crossEntropyKnownValue() {
        // -log softmax([1, 2, 3])[2] = log(e + e² + e³) − 3 = 0.40760596
        let loss = softmaxCrossEntropy(logits: Tensor([[1, 2, 3]]), labels: [2])
        #expect(abs(loss.scalar - 0.407_605_96) < 1e-6)
    }

    @Test func crossEntropyWithLabelSmoothingMatchesTorch() {
        // torch.nn.functional.cross_entropy(torch.tensor([[1.,2.,3.],[0.5,-1.,2.]]), torch.tensor([2,0]),
        //                                   label_smoothing=0.1) = 1.1244585514068604
        let loss = softmaxCrossEntropy(logits: Tensor([[1, 2, 3], [0.5, -1, 2]]), labels: [2, 0], labelSmoothing: 0.1)
        #expect(abs(loss.scalar - 1.124_458_6) < 1e-5)
    }

    @Test func crossEntropyIsFiniteForHugeLogits() {
        let logits = Tensor([[1000, 0, -1000], [-1000, 1000, 0]])
        let (value, gradient) = valueWithGradient(at: logits) { softmaxCrossEntropy(logits: $0, labels: [2, 1]) }
        #expect(abs(value.scalar - 1000) < 1e-3)  // first row costs 2000, second 0
        #expect(gradient.scalars.allSatisfy { $0.isFinite })
        #expect(abs(gradient.scalars[0] - 0.5) < 1e-6 && abs(gradient.scalars[2] + 0.5) < 1e-6)
    }

    @Test func crossEntropyGradientIsSoftmaxMinusTarget() {
        let logits = Tensor([[0.3, -1.2, 2.0, 0.1], [1.5, 0.2, -0.7, 0.0]])
        let smoothing: Float = 0.2
        let analytic = gradient(at: logits) { softmaxCrossEntropy(logits: $0, labels: [1, 3], labelSmoothing: smoothing) }
        let numeric = finiteDifferenceGradient(at: logits) { softmaxCrossEntropy(logits: $0, labels: [1, 3], labelSmoothing: smoothing).scalar }
        for (a, n) in zip(analytic.scalars, numeric) { #expect(abs(a - n) < 2e-3) }
    }

    @Test func binaryCrossEntropyMatchesTorchAndStaysFinite() {
        // torch.nn.functional.binary_cross_entropy_with_logits(torch.tensor([0.5,-2.,3.]), torch.tensor([1.,0.,0.]))
        //   = 1.2165307998657227
        let loss = binaryCrossEntropyWithLogits(logits: Tensor([0.5, -2, 3]), targets: Tensor([1, 0, 0]))
        #expect(abs(loss.scalar - 1.216_530_8) < 1e-5)
        let huge = binaryCrossEntropyWithLogits(logits: Tensor([500, -500]), targets: Tensor([0, 1]))
        #expect(abs(huge.scalar - 500) < 1e-3)
        let x = Tensor([0.5, -2, 3, 0.1])
        let analytic = gradient(at: x) { binaryCrossEntropyWithLogits(logits: $0, targets: Tensor([1, 0, 0, 1])) }
        let numeric = finiteDifferenceGradient(at: x) { binaryCrossEntropyWithLogits(logits: $0, targets: Tensor([1, 0, 0, 1])).scalar }
        for (a, n) in zip(analytic.scalars, numeric) { #expect(abs(a - n) < 2e-3) }
    }

    @Test func meanSquaredErrorKnownValueAndGradient() {
        let p = Tensor([1, 2, 3]), t = Tensor([0, 2, 5])
        #expect(abs(meanSquaredError(predictions: p, targets: t).scalar - 5.0 / 3.0) < 1e-6)
        let g = gradient(at: p) { meanSquaredError(predictions: $0, targets: t) }
        #expect(g.scalars == [2.0 / 3.0, 0, -4.0 / 3.0])
    }
}

/// Central finite differences in double precision of a scalar function of a tensor.
func finiteDifferenceGradient(at x: Tensor, eps: Float = 1e-2, _ f: (Tensor) -> Float) -> [Float] {
    (0..<x.count).map { i in
        var plus = x.scalars, minus = x.scalars
        plus[i] += eps
        minus[i] -= eps
        let up = Double(f(Tensor(shape: x.shape, scalars: plus)))
        let down = Double(f(Tensor(shape: x.shape, scalars: minus)))
        return Float((up - down) / (2 * Double(eps)))
    }
}

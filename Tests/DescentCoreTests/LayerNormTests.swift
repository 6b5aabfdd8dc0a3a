import Testing
@testable import DescentCore

@Suite("layerNorm")
struct LayerNormTests {
    @Test("a known row, with and without the affine part")
    func known() {
        let x = Tensor([[1, 2, 3, 4]])
        expectClose(layerNorm(x).scalars, [-1.3416354, -0.4472118, 0.4472118, 1.3416354], tolerance: 1e-6)
        expectClose(layerNorm(x, weight: Tensor([2, 2, 2, 2]), bias: Tensor([1, 0, 0, 0])).scalars,
                    [-1.6832708, -0.8944236, 0.8944236, 2.6832708], tolerance: 1e-6)
        // A constant row normalises to zeros (variance 0, guarded by eps).
        #expect(layerNorm(Tensor([[3, 3, 3]])).scalars == [0, 0, 0])
    }

    @Test("equals the definition over the last axis and the last two axes")
    func matchesDefinition() {
        var g = RandomGenerator(seed: 41)
        let x = g.tensor([3, 4, 5]) * 3 + 1, w = g.tensor([4, 5]), b = g.tensor([4, 5])
        expectClose(layerNorm(x, normalizedShape: [4, 5], weight: w, bias: b).scalars,
                    Reference.layerNorm(x, width: 20, weight: w, bias: b))
        let w5 = g.tensor([5])
        expectClose(layerNorm(x, weight: w5).scalars, Reference.layerNorm(x, width: 5, weight: w5, bias: nil))
    }

    @Test("the fused gradients equal those of the composed operations")
    func fusedEqualsComposed() {
        var g = RandomGenerator(seed: 42)
        let inputs = [g.tensor([6, 7]) * 2, g.tensor([7]), g.tensor([7])]
        let mix = g.tensor([6, 7])
        let fused = valueWithGradient(at: inputs) { p in (layerNorm(p[0], weight: p[1], bias: p[2]) * mix).sum() }
        let composed = valueWithGradient(at: inputs) { p in
            let centred = p[0] - p[0].mean(alongAxis: -1, keepingDims: true)
            let variance = centred.squared().mean(alongAxis: -1, keepingDims: true)
            return ((centred / (variance + 1e-5).sqrt() * p[1] + p[2]) * mix).sum()
        }
        expectClose(fused.value.scalars, composed.value.scalars, tolerance: 1e-5)
        for (a, b) in zip(fused.gradients, composed.gradients) { expectClose(a.scalars, b.scalars, tolerance: 1e-4) }
    }
}

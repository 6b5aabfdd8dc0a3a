import Testing
@testable import DescentCore

/// The fused causal attention kernel against the same attention composed of plain operations.
@Suite struct CausalAttentionTests {
    /// Attention written out: split qkv into heads, scaled scores, causal mask, softmax, values.
    static func composed(_ qkv: Tensor, heads: Int) -> Tensor {
        let (b, t, w) = (qkv.shape[0], qkv.shape[1], qkv.shape[2] / 3)
        let d = w / heads
        let split = qkv.reshaped(to: [b, t, 3, heads, d]).permuted([2, 0, 3, 1, 4])
        let parts = (0..<3).map { split.slice(alongAxis: 0, $0..<($0 + 1)).reshaped(to: [b, heads, t, d]) }
        let scores = matmul(parts[0], parts[1], transposeB: true) * (1 / Float(d).squareRoot())
        let weights = scores.maskedFill(Tensor.causalMask(t), value: -.infinity).softmax()
        return matmul(weights, parts[2]).permuted([0, 2, 1, 3]).reshaped(to: [b, t, w])
    }

    /// Head widths 4 and 1 take the sgemm path; 16 to 128 (multiples of 16) the tiled kernels,
    /// at lengths that are and are not multiples of 16.
    @Test(arguments: [(2, 7, 4, 16), (3, 64, 4, 128), (1, 1, 1, 3), (2, 37, 2, 32), (1, 70, 2, 128), (2, 33, 3, 144),
                      (1, 19, 1, 128), (1, 1, 2, 64), (1, 17, 1, 80), (1, 5, 1, 96), (1, 9, 1, 112)])
    func equalsTheComposedFormWithGradients(batch: Int, time: Int, heads: Int, width: Int) {
        var generator = RandomGenerator(seed: 11)
        let qkv = Tensor(shape: [batch, time, 3 * width], scalars: (0..<(batch * time * 3 * width)).map { _ in generator.normal() })
        let weights = Tensor(shape: [batch, time, width], scalars: (0..<(batch * time * width)).map { _ in generator.normal() })
        let fused = causalAttention(qkv, heads: heads), reference = Self.composed(qkv, heads: heads)
        #expect(fused.shape == reference.shape)
        for (a, b) in zip(fused.scalars, reference.scalars) { #expect(abs(a - b) <= 1e-5 * (1 + abs(b))) }
        let g1 = gradient(at: qkv) { (causalAttention($0, heads: heads) * weights).sum() }
        let g2 = gradient(at: qkv) { (Self.composed($0, heads: heads) * weights).sum() }
        let worst = zip(g1.scalars, g2.scalars).map { abs($0 - $1) / (1 + abs($1)) }.max() ?? 0
        #expect(worst <= 2e-5)
    }

    /// The first position sees only itself: its output is its own value vector, exactly.
    @Test func firstPositionIsItsOwnValue() {
        var generator = RandomGenerator(seed: 5)
        let (t, w) = (6, 8)
        let qkv = Tensor(shape: [1, t, 3 * w], scalars: (0..<(t * 3 * w)).map { _ in generator.normal() })
        let out = causalAttention(qkv, heads: 2)
        #expect(Array(out.scalars[0..<w]) == Array(qkv.scalars[(2 * w)..<(3 * w)]))
    }
}

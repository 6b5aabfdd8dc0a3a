import Foundation
import Testing
@testable import DescentCore

/// Tensors large enough for the kernels that split work across threads (`parallelChunks`:
/// reductions, softmax, layer norm, pooling, the C elementwise kernels): the answers must
/// equal plain loops.
@Suite("Large tensors (parallel kernels)")
struct BigTensorTests {
    static let side = 300  // 90 000 elements


    @Test("elementwise maps and zips")
    func elementwise() {
        var g = RandomGenerator(seed: 51)
        // 360 000 elements: the C kernels (exp, gelu) split them across threads from 2 × 2¹⁷.
        let x = g.tensor([600, 600]), y = g.tensor([600, 600])
        let e = x.exp().scalars
        #expect(zip(e, x.scalars).allSatisfy { abs($0 - Foundation.exp($1)) <= 4e-7 * Foundation.exp($1) })
        // The split result equals the kernel applied to each row alone (one thread each).
        let rows = (0..<600).map { Tensor(Array(x.scalars[($0 * 600)..<($0 * 600 + 600)])) }
        #expect(e == rows.flatMap { $0.exp().scalars })
        #expect(x.gelu().scalars == rows.flatMap { $0.gelu().scalars })
        #expect((x * y).scalars == zip(x.scalars, y.scalars).map { $0 * $1 })
    }

    @Test("broadcasting [m,n] + [n] and [m,1] * [1,n]")
    func broadcasting() {
        var g = RandomGenerator(seed: 52)
        let n = Self.side
        let x = g.tensor([n, n]), row = g.tensor([n]), column = g.tensor([n, 1]), line = g.tensor([1, n])
        let sum = x + row, outer = column * line
        var ok = true
        for i in 0..<n { for j in 0..<n {
            ok = ok && sum.scalars[i * n + j] == x.scalars[i * n + j] + row.scalars[j]
            ok = ok && outer.scalars[i * n + j] == column.scalars[i] * line.scalars[j]
        } }
        #expect(ok)
        let back = gradient(at: row) { (x + $0).sum() }
        expectClose(back.scalars, [Float](repeating: Float(n), count: n))
    }

    @Test("sums along the innermost and a middle axis")
    func sums() {
        var g = RandomGenerator(seed: 53)
        let n = Self.side
        let x = g.tensor([4, n, n])
        let inner = x.summed(alongAxis: 2), middle = x.summed(alongAxis: 1)
        var expectedInner = [Float](repeating: 0, count: 4 * n), expectedMiddle = [Float](repeating: 0, count: 4 * n)
        for a in 0..<4 {
            for i in 0..<n {
                var total = 0.0
                for j in 0..<n { total += Double(x.scalars[(a * n + i) * n + j]) }
                expectedInner[a * n + i] = Float(total)
            }
            for j in 0..<n {
                var total = 0.0
                for i in 0..<n { total += Double(x.scalars[(a * n + i) * n + j]) }
                expectedMiddle[a * n + j] = Float(total)
            }
        }
        expectClose(inner.scalars, expectedInner, tolerance: 1e-4)
        expectClose(middle.scalars, expectedMiddle, tolerance: 1e-4)
    }

    @Test("transpose")
    func transpose() {
        var g = RandomGenerator(seed: 54)
        let n = Self.side
        let x = g.tensor([n, n + 1])
        let t = x.transposed()
        var ok = true
        for i in 0..<n { for j in 0..<(n + 1) { ok = ok && t.scalars[j * n + i] == x.scalars[i * (n + 1) + j] } }
        #expect(ok)
    }

    @Test("softmax and layer norm rows")
    func rows() {
        var g = RandomGenerator(seed: 55)
        let x = g.tensor([Self.side, Self.side]) * 4
        expectClose(x.softmax().scalars, Reference.softmax(x), tolerance: 1e-5)
        let w = g.tensor([Self.side]), b = g.tensor([Self.side])
        expectClose(layerNorm(x, weight: w, bias: b).scalars,
                    Reference.layerNorm(x, width: Self.side, weight: w, bias: b), tolerance: 1e-4)
        let mix = g.tensor([Self.side, Self.side])
        let grads = valueWithGradient(at: [x, w, b]) { p in (layerNorm(p[0], weight: p[1], bias: p[2]) * mix).sum() }.gradients
        // dbias = Σ_rows mix; dweight = Σ_rows mix · x̂.
        let normalized = layerNorm(x)
        expectClose(grads[2].scalars, mix.summed(alongAxis: 0).scalars, tolerance: 1e-4)
        expectClose(grads[1].scalars, (mix * normalized).summed(alongAxis: 0).scalars, tolerance: 1e-4)
        // Each row of dx is orthogonal to the ones and to x̂ (the normalisation's invariances).
        let dx = grads[0]
        let rowSums = dx.summed(alongAxis: 1), projections = (dx * normalized).summed(alongAxis: 1)
        #expect(rowSums.scalars.allSatisfy { Swift.abs($0) < 1e-3 })
        #expect(projections.scalars.allSatisfy { Swift.abs($0) < 1e-3 })
    }

    @Test("conv2d and pooling")
    func convolutionAndPooling() {
        var g = RandomGenerator(seed: 56)
        let x = g.tensor([4, 4, 40, 40]), w = g.tensor([8, 4, 3, 3]), b = g.tensor([8])
        expectClose(conv2d(x, w, bias: b, padding: 1).scalars,
                    Reference.conv2d(x, w, bias: b, stride: (1, 1), padding: (1, 1)).scalars, tolerance: 1e-5)
        // The input gradient of a sum is the sum of the kernel taps that reach each pixel.
        let dx = gradient(at: x) { conv2d($0, w, padding: 1).sum() }
        let tapTotals = w.summed(alongAxes: [0, 2, 3]).scalars  // per input channel, interior pixels
        for c in 0..<4 { #expect(Swift.abs(dx.scalars[((1 * 4 + c) * 40 + 20) * 40 + 20] - tapTotals[c]) < 1e-4) }
        let pooled = x.maxPool2d(kernel: 2)
        #expect(pooled == Reference.pool2d(x, kernel: (2, 2), stride: (2, 2), padding: (0, 0), max: true))
        expectClose(x.avgPool2d(kernel: 3, stride: 1, padding: 1).scalars,
                    Reference.pool2d(x, kernel: (3, 3), stride: (1, 1), padding: (1, 1), max: false).scalars)
        let routed = gradient(at: x) { $0.maxPool2d(kernel: 2).sum() }
        #expect(routed.sum().scalar == Float(pooled.count))
    }

    @Test("masked fill of a batch of attention scores")
    func masking() {
        var g = RandomGenerator(seed: 57)
        let scores = g.tensor([4, 4, 64, 64])
        let filled = scores.maskedFill(Tensor.causalMask(64), value: -1)
        var ok = true
        for p in 0..<16 { for i in 0..<64 { for j in 0..<64 {
            let k = (p * 64 + i) * 64 + j
            ok = ok && filled.scalars[k] == (j > i ? -1 : scores.scalars[k])
        } } }
        #expect(ok)
    }
}

import Testing
@testable import DescentCore

/// The 2×2 stride-2 max-pooling kernel against a plain loop: odd sizes, ties and NaN.
@Suite struct MaxPoolHalvingTests {
    @Test func equalsAPlainLoopWithTiesAndNaN() {
        let (n, c, h, w) = (2, 3, 7, 9)
        var generator = RandomGenerator(seed: 3)
        var values = (0..<(n * c * h * w)).map { _ in Float(generator.int(below: 4)) - 1.5 }  // many ties
        values[5] = .nan
        values[w + 12] = .nan
        let x = Tensor(shape: [n, c, h, w], scalars: values)
        let pooled = x.maxPool2d(kernel: 2)
        #expect(pooled.shape == [n, c, h / 2, w / 2])
        var expected: [Float] = [], winners: [Int] = []
        for p in 0..<(n * c) {
            for oy in 0..<(h / 2) {
                for ox in 0..<(w / 2) {
                    var best = -Float.infinity, at = 0
                    for (dy, dx) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
                        let k = p * h * w + (2 * oy + dy) * w + 2 * ox + dx
                        if values[k] > best || values[k].isNaN { best = values[k]; at = k }
                    }
                    expected.append(best)
                    winners.append(at)
                }
            }
        }
        for (a, b) in zip(pooled.scalars, expected) { #expect(a == b || (a.isNaN && b.isNaN)) }
        // The gradient reaches exactly the winner of each window.
        let g = gradient(at: x) { $0.maxPool2d(kernel: 2).sum() }
        var routed = [Float](repeating: 0, count: values.count)
        for k in winners { routed[k] += 1 }
        #expect(g.scalars == routed)
    }
}

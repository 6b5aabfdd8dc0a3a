import Testing
@testable import DescentCore

@Suite("Dropout")
struct DropoutTests {
    @Test("keeps about 1 - p of the elements, scaled by 1 / (1 - p), so the mean is kept")
    func statistics() {
        let n = 100_000, p: Float = 0.3
        var generator = RandomGenerator(seed: 1)
        let x = Tensor(repeating: 2, shape: [n])
        let y = dropout(x, probability: p, generator: &generator)
        let kept = y.scalars.filter { $0 != 0 }
        #expect(kept.allSatisfy { Swift.abs($0 - 2 / 0.7) < 1e-6 })
        let fraction = Double(kept.count) / Double(n)
        #expect(Swift.abs(fraction - 0.7) < 0.006)  // 4 standard errors
        #expect(Swift.abs(Double(y.mean().scalar) - 2) < 0.02)
    }

    @Test("the same generator state gives the same mask; the generator moves on")
    func determinism() {
        let x = Tensor(repeating: 1, shape: [4, 64])
        var a = RandomGenerator(seed: 5), b = RandomGenerator(seed: 5)
        let first = dropout(x, probability: 0.5, generator: &a)
        #expect(first == dropout(x, probability: 0.5, generator: &b))
        #expect(a == b)
        let second = dropout(x, probability: 0.5, generator: &a)
        #expect(second != first)
    }

    @Test("draws one uniform per element in row-major order")
    func maskFromUniforms() {
        var generator = RandomGenerator(seed: 8), reference = generator
        let y = dropout(Tensor([1, 2, 3, 4, 5, 6, 7, 8]), probability: 0.5, generator: &generator)
        let expected = (1...8).map { Float($0) }.map { reference.uniform() >= 0.5 ? $0 * 2 : 0 }
        #expect(y.scalars == expected)
        #expect(generator == reference)
    }

    @Test("p = 0 returns the input and p = 1 returns zeros, without drawing")
    func extremes() {
        var generator = RandomGenerator(seed: 2)
        let before = generator
        let x = Tensor([1, -2, 3])
        #expect(dropout(x, probability: 0, generator: &generator) == x)
        #expect(dropout(x, probability: 1, generator: &generator) == Tensor.zeros([3]))
        #expect(generator == before)
        let g = gradient(at: x) { x in
            var generator = RandomGenerator(seed: 2)
            return dropout(x, probability: 0, generator: &generator).sum()
        }
        #expect(g.scalars == [1, 1, 1])
    }

    @Test("the gradient is the mask times 1 / (1 - p)")
    func gradientIsMask() {
        let x = Tensor(repeating: 3, shape: [200])
        let (value, g) = valueWithGradient(at: x) { x in
            var generator = RandomGenerator(seed: 4)
            return dropout(x, probability: 0.75, generator: &generator).sum()
        }
        #expect(g.scalars.allSatisfy { $0 == 0 || $0 == 4 })
        #expect(value.scalar == g.sum().scalar * 3)
    }
}

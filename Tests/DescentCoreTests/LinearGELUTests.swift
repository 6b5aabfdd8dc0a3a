import Testing
@testable import DescentCore

/// The fused linear layer and GELU against the two operations composed.
@Suite struct LinearGELUTests {
    static func random(_ shape: [Int], seed: UInt64) -> Tensor {
        var generator = RandomGenerator(seed: seed)
        return Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in generator.normal() })
    }

    /// 150 rows of 1,024 outputs make three row blocks (64 rows each), the last one short.
    @Test(arguments: [[150, 8], [2, 75, 8], [1, 8], [17, 8]])
    func equalsLinearThenGELUWithGradients(inputShape: [Int]) {
        let x = Self.random(inputShape, seed: 1), weight = Self.random([1024, 8], seed: 2) * 0.5
        let bias = Self.random([1024], seed: 3), upstream = Self.random(Array(inputShape.dropLast()) + [1024], seed: 4)
        let fused = linearGELU(x, weight: weight, bias: bias), composed = linear(x, weight: weight, bias: bias).gelu()
        #expect(fused.shape == composed.shape)
        for (a, b) in zip(fused.scalars, composed.scalars) { #expect(abs(a - b) <= 1e-5 * (1 + abs(b))) }
        let g1 = valueWithGradient(at: [x, weight, bias]) { (linearGELU($0[0], weight: $0[1], bias: $0[2]) * upstream).sum() }.gradients
        let g2 = valueWithGradient(at: [x, weight, bias]) { (linear($0[0], weight: $0[1], bias: $0[2]).gelu() * upstream).sum() }
            .gradients
        for (a, b) in zip(g1, g2) {
            #expect(a.shape == b.shape)
            let worst = zip(a.scalars, b.scalars).map { abs($0 - $1) / (1 + abs($1)) }.max() ?? 0
            #expect(worst <= 2e-5)
        }
    }

    /// The row blocks do not move with the thread count, so neither do the bits.
    @Test func sameBitsOnOneAndTwoThreads() {
        let x = Self.random([300, 16], seed: 5), weight = Self.random([512, 16], seed: 6), bias = Self.random([512], seed: 7)
        func run() -> [[Float]] {
            let (value, grads) = valueWithGradient(at: [x, weight, bias]) { linearGELU($0[0], weight: $0[1], bias: $0[2]).sum() }
            return [value.scalars] + grads.map(\.scalars)
        }
        let previous = ComputeThreads.count
        defer { ComputeThreads.set(previous) }
        ComputeThreads.set(1)
        let one = run()
        ComputeThreads.set(2)
        #expect(run() == one)
    }
}

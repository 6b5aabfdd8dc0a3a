import Testing
@testable import DescentCore

@Suite("Matrix multiplication")
struct MatrixMultiplicationTests {
    @Test("a 2×3 by 3×2 product by hand")
    func knownProduct() {
        let a = Tensor([[1, 2, 3], [4, 5, 6]])
        let b = Tensor([[7, 8], [9, 10], [11, 12]])
        #expect(matmul(a, b) == Tensor([[58, 64], [139, 154]]))
        #expect(a.matmul(b) == Tensor([[58, 64], [139, 154]]))
    }

    @Test("linear is x·Wᵀ + b, by hand and against matmul plus a broadcast sum")
    func linearLayerProduct() {
        let x = Tensor([[1, 2], [3, 4], [5, 6]]), w = Tensor([[1, 0], [0, 1], [1, 1]]), b = Tensor([10, 20, 30])
        #expect(linear(x, weight: w, bias: b) == Tensor([[11, 22, 33], [13, 24, 37], [15, 26, 41]]))
        var g = RandomGenerator(seed: 5)
        let xs = g.tensor([2, 70, 300]), ws = g.tensor([40, 300]), bs = g.tensor([40])  // K above one sgemm block
        expectClose(linear(xs, weight: ws, bias: bs).scalars, (matmul(xs, ws, transposeB: true) + bs).scalars)
        #expect(linear(xs, weight: ws, bias: bs).shape == [2, 70, 40])
        #expect(linear(Tensor(shape: [0, 300], scalars: []), weight: ws, bias: bs).shape == [0, 40])
    }

    @Test("the transpose flags equal explicit transposes")
    func transposeFlags() {
        var g = RandomGenerator(seed: 2)
        let a = g.tensor([3, 4]), b = g.tensor([4, 5])
        let plain = matmul(a, b)
        expectClose(matmul(a.transposed(), b, transposeA: true).scalars, plain.scalars)
        expectClose(matmul(a, b.transposed(), transposeB: true).scalars, plain.scalars)
        expectClose(matmul(a.transposed(), b.transposed(), transposeA: true, transposeB: true).scalars, plain.scalars)
    }

    @Test("batched and shared-operand products equal the per-batch products")
    func batched() {
        var g = RandomGenerator(seed: 3)
        let a = g.tensor([2, 3, 4]), b = g.tensor([2, 4, 5]), w = g.tensor([4, 5])
        let product = matmul(a, b), shared = matmul(a, w)
        #expect(product.shape == [2, 3, 5] && shared.shape == [2, 3, 5])
        let sharedTransposedA = matmul(a.transposed(), w, transposeA: true)
        for i in 0..<2 {
            let ai = a.slice(alongAxis: 0, i..<(i + 1)).reshaped(to: [3, 4])
            let bi = b.slice(alongAxis: 0, i..<(i + 1)).reshaped(to: [4, 5])
            expectClose(product.slice(alongAxis: 0, i..<(i + 1)).scalars, matmul(ai, bi).scalars)
            expectClose(shared.slice(alongAxis: 0, i..<(i + 1)).scalars, matmul(ai, w).scalars)
            expectClose(sharedTransposedA.slice(alongAxis: 0, i..<(i + 1)).scalars, matmul(ai, w).scalars)
        }
    }

    @Test("an empty inner extent gives zeros")
    func emptyInner() {
        #expect(matmul(Tensor.zeros([2, 0]), Tensor.zeros([0, 3])) == Tensor.zeros([2, 3]))
    }

    /// On two threads a linear layer's dX, dW and bias gradient run as blocks claimed by both
    /// threads: rows of the same products, columns summed in the same order, so the bits equal
    /// one thread's whole products and sums.
    /// Shapes: the transformer's qkv, second MLP layer and head (2,048 rows), and ragged blocks.
    @Test("linear's gradients: the same bits on one and two threads",
          arguments: [[2048, 128, 384], [2048, 512, 128], [2048, 128, 64], [300, 40, 100], [17, 8, 5], [50, 8, 1]])
    func linearGradientsAcrossThreadCounts(sizes: [Int]) {
        let (rows, inputs, outputs) = (sizes[0], sizes[1], sizes[2])
        var g = RandomGenerator(seed: 11)
        let x = g.tensor([rows, inputs]), w = g.tensor([outputs, inputs]), b = g.tensor([outputs])
        let upstream = g.tensor([rows, outputs])
        func run() -> [[Float]] {
            valueWithGradient(at: [x, w, b]) { (linear($0[0], weight: $0[1], bias: $0[2]) * upstream).sum() }.gradients.map(\.scalars)
        }
        let previous = ComputeThreads.count
        defer { ComputeThreads.set(previous) }
        ComputeThreads.set(1)
        let one = run()
        ComputeThreads.set(2)
        let two = run()
        #expect(two == one)
        // And they are the gradients: dX = G·W, dW = Gᵀ·X.
        expectClose(two[0], matmul(upstream, w).scalars)
        expectClose(two[1], matmul(upstream, x, transposeA: true).scalars)
        expectClose(two[2], upstream.summed(alongAxis: 0).scalars, tolerance: 1e-4)
    }
}

import Testing
@testable import DescentCore

@Suite("Broadcasting arithmetic and elementwise functions")
struct ArithmeticTests {
    @Test("broadcast shapes align on the right and stretch extents of 1")
    func broadcastShapes() {
        #expect(Broadcasting.shape([3, 4], [4]) == [3, 4])
        #expect(Broadcasting.shape([3, 1], [1, 4]) == [3, 4])
        #expect(Broadcasting.shape([2, 1, 3], [4, 1]) == [2, 4, 3])
        #expect(Broadcasting.shape([], [2, 3]) == [2, 3])
        #expect(Broadcasting.shape([5, 1, 1], [1, 6]) == [5, 1, 6])
        #expect(Broadcasting.shape([3, 4], [3]) == nil)
        #expect(Broadcasting.shape([2, 3], [3, 2]) == nil)
    }

    @Test("broadcast arithmetic values")
    func broadcastValues() {
        let a = Tensor([[1, 2, 3], [4, 5, 6]])
        #expect((a + Tensor([10, 20, 30])).scalars == [11, 22, 33, 14, 25, 36])
        #expect((Tensor(shape: [2, 1], scalars: [1, 2]) * Tensor(shape: [1, 3], scalars: [1, 10, 100])).scalars
                == [1, 10, 100, 2, 20, 200])
        #expect((Tensor([10, 20, 30]) - a).scalars == [9, 18, 27, 6, 15, 24])
        #expect((a / Tensor(2)).scalars == [0.5, 1, 1.5, 2, 2.5, 3])
        let c = Tensor(shape: [2, 1, 3], scalars: [1, 2, 3, 4, 5, 6]) + Tensor(shape: [2, 1], scalars: [100, 200])
        #expect(c.shape == [2, 2, 3])
        #expect(c.scalars == [101, 102, 103, 201, 202, 203, 104, 105, 106, 204, 205, 206])
        let d = Tensor(shape: [1, 2, 1], scalars: [1, 2]) * Tensor(shape: [3, 1, 2], scalars: [1, 2, 3, 4, 5, 6])
        #expect(d.shape == [3, 2, 2])
        #expect(d.scalars == [1, 2, 2, 4, 3, 4, 6, 8, 5, 6, 10, 12])
    }

    @Test("tensor-scalar arithmetic values")
    func scalarValues() {
        let x = Tensor([1, 2, 4])
        #expect((x + 1).scalars == [2, 3, 5])
        #expect((1 - x).scalars == [0, -1, -3])
        #expect((x - 1).scalars == [0, 1, 3])
        #expect((x * 2).scalars == [2, 4, 8])
        #expect((x / 4).scalars == [0.25, 0.5, 1])
        #expect((4 / x).scalars == [4, 2, 1])
        #expect((-x).scalars == [-1, -2, -4])
    }

    @Test("elementwise function values")
    func unaryValues() {
        let x = Tensor([-1, 0, 2])
        expectClose(x.exp().scalars, [0.36787944, 1, 7.3890561])
        expectClose(Tensor([1, 4, 0.25]).log().scalars, [0, 1.3862944, -1.3862944])
        #expect(Tensor([4, 9, 0.25]).sqrt().scalars == [2, 3, 0.5])
        expectClose(Tensor([2, 3]).pow(3).scalars, [8, 27])
        #expect(x.squared().scalars == [1, 0, 4])
        #expect(x.abs().scalars == [1, 0, 2])
        #expect(x.relu().scalars == [0, 0, 2])
        // As torch.relu: NaN passes through, −0 becomes +0; a tensor past a vector's width and tail.
        let r = Tensor([.nan, -0.0, -1, 2] + (0..<33).map { Float($0) - 16 }).relu().scalars
        #expect(r[0].isNaN && r[1].bitPattern == 0 && r[2] == 0 && r[3] == 2)
        #expect(Array(r[4...]) == (0..<33).map { max(Float($0) - 16, 0) })
        #expect(Tensor([-3, 0.5, 3]).clamped(-1, 1).scalars == [-1, 0.5, 1])
        expectClose(x.tanh().scalars, [-0.76159416, 0, 0.96402758])
        expectClose(x.sigmoid().scalars, [0.26894142, 0.5, 0.88079708])
        // PyTorch: F.gelu(torch.tensor([-1., 0., 2.])) and approximate="tanh".
        expectClose(x.gelu().scalars, [-0.15865526, 0, 1.9544997])
        expectClose(x.gelu(approximateTanh: true).scalars, [-0.15880801, 0, 1.9545977])
    }

    @Test("sigmoid is finite and exact at the extremes")
    func sigmoidExtremes() {
        let y = Tensor([-100, 100, -1000, 1000]).sigmoid()
        #expect(y.scalars.allSatisfy { $0.isFinite })
        #expect(y.scalars[1] == 1 && y.scalars[3] == 1 && y.scalars[2] == 0)
        #expect(y.scalars[0] > 0 && y.scalars[0] < Float.leastNormalMagnitude)
        let g = gradient(at: Tensor([-100, 100])) { $0.sigmoid().sum() }
        #expect(g.scalars.allSatisfy { $0.isFinite && $0 >= 0 })
    }

    @Test("relu, abs and clamp take PyTorch's gradients at their kinks")
    func kinkGradients() {
        #expect(gradient(at: Tensor([0, 1, -1])) { $0.relu().sum() }.scalars == [0, 1, 0])
        #expect(gradient(at: Tensor([0, 1, -1])) { $0.abs().sum() }.scalars == [0, 1, -1])
        #expect(gradient(at: Tensor([-1, 1, 0, 2])) { $0.clamped(-1, 1).sum() }.scalars == [1, 1, 1, 0])
    }
}

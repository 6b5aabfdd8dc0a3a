import Testing
@testable import DescentCore

@Suite("Shape operations")
struct ShapeOpsTests {
    let x = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])

    @Test("reshape, broadcast, transpose and permute")
    func reshapeAndPermute() {
        #expect(x.reshaped(to: [3, -1]) == Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6]))
        #expect(Tensor([1, 2]).broadcasted(to: [2, 2]).scalars == [1, 2, 1, 2])
        #expect(x.transposed() == Tensor([[1, 4], [2, 5], [3, 6]]))
        let y = Tensor(shape: [2, 3, 4], scalars: (0..<24).map(Float.init))
        let p = y.permuted([2, 0, 1])
        #expect(p.shape == [4, 2, 3])
        for k in 0..<4 { for i in 0..<2 { for j in 0..<3 {
            #expect(p.scalars[(k * 2 + i) * 3 + j] == y.scalars[(i * 3 + j) * 4 + k])
        } } }
    }

    @Test("slice, concatenate and gather")
    func sliceConcatenateGather() {
        #expect(x.slice(alongAxis: 1, 1..<3) == Tensor([[2, 3], [5, 6]]))
        #expect(x.slice(alongAxis: 0, 1..<2) == Tensor([[4, 5, 6]]))
        #expect(Tensor.concatenate([x, Tensor([[7, 8, 9]])], alongAxis: 0) == Tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]]))
        #expect(Tensor.concatenate([x, Tensor([[0], [0]])], alongAxis: 1) == Tensor([[1, 2, 3, 0], [4, 5, 6, 0]]))
        let table = Tensor([[1, 1], [2, 2], [3, 3]])
        let picked = table.gathering(rows: [2, 0, 2, 1], indexShape: [2, 2])
        #expect(picked.shape == [2, 2, 2])
        #expect(picked.scalars == [3, 3, 1, 1, 3, 3, 2, 2])
        #expect(gradient(at: table) { $0.gathering(rows: [2, 0, 2]).sum() }.scalars == [1, 1, 0, 0, 2, 2])
    }

    @Test("squeeze, unsqueeze, split and stack")
    func squeezeSplitStack() {
        #expect(x.unsqueezed(at: 0).shape == [1, 2, 3])
        #expect(x.unsqueezed(at: -1).shape == [2, 3, 1])
        #expect(x.unsqueezed(at: 1).shape == [2, 1, 3])
        #expect(Tensor(shape: [1, 3, 1], scalars: [1, 2, 3]).squeezed() == Tensor([1, 2, 3]))
        #expect(Tensor(shape: [1, 3, 1], scalars: [1, 2, 3]).squeezed(at: -1).shape == [1, 3])
        let pieces = x.split(alongAxis: 1, count: 3)
        #expect(pieces == [Tensor([[1], [4]]), Tensor([[2], [5]]), Tensor([[3], [6]])])
        let uneven = x.split(alongAxis: -1, sizes: [2, 1])
        #expect(uneven == [Tensor([[1, 2], [4, 5]]), Tensor([[3], [6]])])
        #expect(Tensor.stack([Tensor([1, 2]), Tensor([3, 4])]) == Tensor([[1, 2], [3, 4]]))
        #expect(Tensor.stack([Tensor([1, 2]), Tensor([3, 4])], alongAxis: 1) == Tensor([[1, 3], [2, 4]]))
        #expect(Tensor.stack([Tensor([1, 2]), Tensor([3, 4])], alongAxis: -1) == Tensor([[1, 3], [2, 4]]))
    }

    @Test("masked fill and the causal mask")
    func masking() {
        #expect(Tensor.causalMask(3) == Tensor([[0, 1, 1], [0, 0, 1], [0, 0, 0]]))
        let scores = Tensor(repeating: 1, shape: [2, 3, 3])
        let filled = scores.maskedFill(Tensor.causalMask(3), value: -.infinity)
        #expect(filled.slice(alongAxis: 0, 1..<2).scalars == [1, -.infinity, -.infinity, 1, 1, -.infinity, 1, 1, 1])
        let attention = filled.softmax()
        expectClose(attention.slice(alongAxis: 0, 0..<1).scalars, [1, 0, 0, 0.5, 0.5, 0, 1.0 / 3, 1.0 / 3, 1.0 / 3])
        #expect(x.maskedFill(Tensor([1, 0, 1]), value: 0) == Tensor([[0, 2, 0], [0, 5, 0]]))
        #expect(gradient(at: x) { $0.maskedFill(Tensor([[1], [0]]), value: 9).sum() }.scalars == [0, 0, 0, 1, 1, 1])
    }
}

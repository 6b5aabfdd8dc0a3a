import Testing
@testable import DescentCore

@Suite("Reductions")
struct ReductionTests {
    let x = Tensor(shape: [2, 3, 2], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])

    @Test("sums over all, one or several axes")
    func sums() {
        #expect(x.sum() == Tensor(78))
        #expect(x.summed(alongAxis: 0) == Tensor(shape: [3, 2], scalars: [8, 10, 12, 14, 16, 18]))
        #expect(x.summed(alongAxis: 1) == Tensor(shape: [2, 2], scalars: [9, 12, 27, 30]))
        #expect(x.summed(alongAxis: -1, keepingDims: true) == Tensor(shape: [2, 3, 1], scalars: [3, 7, 11, 15, 19, 23]))
        #expect(x.summed(alongAxes: [0, 2]) == Tensor([18, 26, 34]))
        #expect(x.summed(alongAxes: [2, 0], keepingDims: true).shape == [1, 3, 1])
        #expect(Tensor(5).sum() == Tensor(5))
    }

    @Test("means")
    func means() {
        #expect(x.mean() == Tensor(6.5))
        #expect(x.mean(alongAxis: 1) == Tensor(shape: [2, 2], scalars: [3, 4, 9, 10]))
        #expect(x.mean(alongAxes: [0, 1], keepingDims: true) == Tensor(shape: [1, 1, 2], scalars: [6, 7]))
    }

    @Test("max and argmax take the first maximum")
    func maxima() {
        let y = Tensor([[3, 7, 7], [9, -1, 2]])
        #expect(y.max(alongAxis: 1) == Tensor([7, 9]))
        #expect(y.max(alongAxis: 0, keepingDims: true) == Tensor(shape: [1, 3], scalars: [9, 7, 7]))
        #expect(y.max() == Tensor(9))
        #expect(y.argmax(alongAxis: 1) == [1, 0])
        #expect(y.argmax(alongAxis: 0) == [1, 0, 0])
        #expect(gradient(at: y) { $0.max(alongAxis: 1).sum() }.scalars == [0, 1, 0, 1, 0, 0])
    }
}

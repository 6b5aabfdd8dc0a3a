import Testing
@testable import DescentCore

@Suite("Softmax")
struct SoftmaxTests {
    @Test("softmax of [1, 2, 3]")
    func known() {
        expectClose(Tensor([1, 2, 3]).softmax().scalars, [0.0900306, 0.2447285, 0.6652410], tolerance: 1e-6)
        expectClose(Tensor([1, 2, 3]).logSoftmax().scalars, [-2.4076059, -1.4076059, -0.4076059], tolerance: 1e-6)
        expectClose(Tensor([1, 2, 3]).logSumExp(alongAxis: 0).scalars, [3.4076059], tolerance: 1e-6)
    }

    @Test("stable for large logits")
    func stable() {
        let logits = Tensor([[1000, 0], [-1000, -1000]])
        #expect(logits.logSoftmax().scalars == [0, -1000, -.log(2), -.log(2)])
        #expect(logits.softmax().scalars.allSatisfy { $0.isFinite })
        expectClose(logits.logSumExp(alongAxis: 1).scalars, [1000, -1000 + .log(2)], tolerance: 1e-6)
        let g = gradient(at: logits) { $0.logSoftmax().slice(alongAxis: 1, 0..<1).sum() }
        #expect(g.scalars.allSatisfy { $0.isFinite })
        expectClose(g.scalars, [0, 0, 0.5, -0.5])
    }

    @Test("logSumExp of infinite rows is infinite, as PyTorch (not NaN)")
    func logSumExpOfInfinities() {
        let x = Tensor([[-.infinity, -.infinity], [.infinity, 0], [-.infinity, 2]])
        #expect(x.logSumExp(alongAxis: 1).scalars == [-.infinity, .infinity, 2])
        #expect(x.logSumExp(alongAxis: 1, keepingDims: true).shape == [3, 1])
    }

    @Test("along a middle axis, rows sum to one")
    func middleAxis() {
        var generator = RandomGenerator(seed: 4)
        let y = (generator.tensor([2, 5, 3]) * 4).softmax(alongAxis: 1)
        expectClose(y.summed(alongAxis: 1).scalars, [Float](repeating: 1, count: 6))
    }
}

extension Float {
    fileprivate static func log(_ x: Float) -> Float { Math.log(x) }
}

import Testing
@testable import DescentCore

@Suite("conv2d")
struct ConvolutionTests {
    @Test("a known kernel on a known 1-channel image")
    func knownAnswers() {
        let image = Tensor(shape: [1, 1, 4, 4], scalars: (1...16).map(Float.init))
        let difference = Tensor(shape: [1, 1, 2, 2], scalars: [1, 0, 0, -1])
        #expect(conv2d(image, difference) == Tensor(repeating: -5, shape: [1, 1, 3, 3]))
        let small = Tensor(shape: [1, 1, 3, 3], scalars: (1...9).map(Float.init))
        let box = Tensor.ones([1, 1, 3, 3])
        #expect(conv2d(small, box, padding: 1).scalars == [12, 21, 16, 27, 45, 33, 24, 39, 28])
        #expect(conv2d(small, box, stride: 2, padding: 1) == Tensor(shape: [1, 1, 2, 2], scalars: [12, 16, 24, 28]))
        #expect(conv2d(small, box, bias: Tensor([0.5]), stride: 3).scalars == [45.5])
    }

    @Test("output shapes follow (H + 2p - k) / s + 1", arguments: [
        ([2, 3, 7, 7], [4, 3, 3, 3], (1, 1), (0, 0), [2, 4, 5, 5]),
        ([2, 3, 7, 7], [4, 3, 3, 3], (2, 2), (1, 1), [2, 4, 4, 4]),
        ([1, 1, 8, 5], [2, 1, 3, 2], (3, 2), (1, 0), [1, 2, 3, 2]),
        ([1, 2, 4, 4], [1, 2, 4, 4], (1, 1), (0, 0), [1, 1, 1, 1]),
    ])
    func outputShapes(input: [Int], weight: [Int], stride: (Int, Int), padding: (Int, Int), expected: [Int]) {
        #expect(conv2d(Tensor.zeros(input), Tensor.zeros(weight), stride: stride, padding: padding).shape == expected)
    }

    @Test("equals the definition for strides, paddings and rectangular kernels", arguments: [
        ((1, 1), (0, 0), (3, 3)), ((1, 1), (1, 1), (3, 3)), ((2, 2), (0, 0), (3, 3)),
        ((2, 2), (1, 1), (3, 3)), ((2, 3), (1, 2), (3, 2)), ((1, 2), (0, 1), (1, 4)),
    ])
    func matchesDefinition(stride: (Int, Int), padding: (Int, Int), kernel: (Int, Int)) {
        var g = RandomGenerator(seed: 10)
        let x = g.tensor([2, 3, 7, 6]), w = g.tensor([4, 3, kernel.0, kernel.1]), b = g.tensor([4])
        let fast = conv2d(x, w, bias: b, stride: stride, padding: padding)
        let slow = Reference.conv2d(x, w, bias: b, stride: stride, padding: padding)
        #expect(fast.shape == slow.shape)
        expectClose(fast.scalars, slow.scalars, tolerance: 1e-5)
    }

    @Test("splitting the batch into several im2col groups changes nothing")
    func groupedEqualsWhole() {
        var g = RandomGenerator(seed: 12)
        let x = g.tensor([5, 2, 6, 5]), w = g.tensor([3, 2, 3, 3]), b = g.tensor([3]), dy = g.tensor([5, 3, 3, 3])
        let window = SlidingWindow(input: x.shape, kernel: (3, 3), stride: (2, 2), padding: (1, 1), operation: "test")
        let whole = Convolution(window: window, outChannels: 3)
        let grouped = Convolution(window: window, outChannels: 3, floatsPerGroup: 2 * 18 * 9)
        #expect(whole.groups.count == 1)
        #expect(grouped.groups == [0..<2, 2..<4, 4..<5])
        expectClose(grouped.forward(x.scalars, w.scalars, b.scalars).0.scalars,
                    whole.forward(x.scalars, w.scalars, b.scalars).0.scalars)
        let (dxWhole, dwWhole) = whole.backward(dy.scalars, x.scalars, w.scalars, inputGradient: true, weightGradient: true)
        let (dxGrouped, dwGrouped) = grouped.backward(dy.scalars, x.scalars, w.scalars, inputGradient: true, weightGradient: true)
        expectClose(dxGrouped!, dxWhole!)
        expectClose(dwGrouped!, dwWhole!)
        // The forward's columns kept for the backward give the same gradients bit for bit.
        let (keptOutput, kept) = grouped.forward(x.scalars, w.scalars, b.scalars, keepColumns: true)
        #expect(kept?.count == 18 * 5 * 9)
        #expect(keptOutput.scalars == grouped.forward(x.scalars, w.scalars, b.scalars).0.scalars)
        let (dxKept, dwKept) = grouped.backward(dy.scalars, x.scalars, w.scalars, inputGradient: true, weightGradient: true,
                                                keptColumns: kept)
        #expect(dxKept! == dxGrouped!)
        #expect(dwKept! == dwGrouped!)
    }

    @Test("only the gradients asked for are computed, and they match all-at-once")
    func neededGradients() {
        var g = RandomGenerator(seed: 13)
        let x = g.tensor([2, 2, 5, 5]), w = g.tensor([3, 2, 3, 3]), b = g.tensor([3])
        let all = valueWithGradient(at: [x, w, b]) { p in conv2d(p[0], p[1], bias: p[2], padding: 1).squared().sum() }
        let weightOnly = valueWithGradient(at: [w]) { p in conv2d(x, p[0], bias: b, padding: 1).squared().sum() }
        let inputOnly = valueWithGradient(at: [x]) { p in conv2d(p[0], w, bias: b, padding: 1).squared().sum() }
        let biasOnly = valueWithGradient(at: [b]) { p in conv2d(x, w, bias: p[0], padding: 1).squared().sum() }
        #expect(weightOnly.gradients[0] == all.gradients[1])
        #expect(inputOnly.gradients[0] == all.gradients[0])
        #expect(biasOnly.gradients[0] == all.gradients[2])
    }
}

import Testing
@testable import DescentCore

@Suite("Pooling")
struct PoolingTests {
    let image = Tensor(shape: [1, 1, 4, 4], scalars: (1...16).map(Float.init))

    @Test("known answers without padding")
    func known() {
        #expect(image.maxPool2d(kernel: 2) == Tensor(shape: [1, 1, 2, 2], scalars: [6, 8, 14, 16]))
        #expect(image.avgPool2d(kernel: 2) == Tensor(shape: [1, 1, 2, 2], scalars: [3.5, 5.5, 11.5, 13.5]))
        #expect(image.maxPool2d(kernel: 3, stride: 1).scalars == [11, 12, 15, 16])
        #expect(image.maxPool2d(kernel: (1, 4)).scalars == [4, 8, 12, 16])
    }

    @Test("max pooling pads with -∞ and average pooling counts the padding, as PyTorch")
    func padding() {
        #expect(image.maxPool2d(kernel: 3, stride: 2, padding: 1).scalars == [6, 8, 14, 16])
        #expect((-image).maxPool2d(kernel: 3, stride: 2, padding: 1).scalars == [-1, -2, -5, -6])
        expectClose(image.avgPool2d(kernel: 3, stride: 2, padding: 1).scalars, [14.0 / 9, 30.0 / 9, 57.0 / 9, 11])
    }

    @Test("gradients go to the argmax, or are spread evenly")
    func gradients() {
        let g = gradient(at: image) { $0.maxPool2d(kernel: 2).sum() }
        #expect(g.scalars == [0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1])
        let overlapping = gradient(at: image) { $0.maxPool2d(kernel: 3, stride: 1).sum() }
        #expect(overlapping.scalars == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1])
        let avg = gradient(at: image) { $0.avgPool2d(kernel: 3, stride: 2, padding: 1).sum() }
        // Each input counts once per window covering it, with weight 1/9.
        #expect(avg.scalars.map { $0 * 9 }.map { $0.rounded() } == [1, 2, 1, 1, 2, 4, 2, 2, 1, 2, 1, 1, 1, 2, 1, 1])
    }

    @Test("equal the definition on random inputs", arguments: [
        ((2, 2), (2, 2), (0, 0)), ((3, 3), (2, 2), (1, 1)), ((3, 2), (1, 2), (1, 0)), ((2, 3), (3, 1), (0, 1)),
    ])
    func matchDefinition(kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int)) {
        var g = RandomGenerator(seed: 31)
        let x = g.tensor([2, 3, 7, 8])
        #expect(x.maxPool2d(kernel: kernel, stride: stride, padding: padding)
                == Reference.pool2d(x, kernel: kernel, stride: stride, padding: padding, max: true))
        expectClose(x.avgPool2d(kernel: kernel, stride: stride, padding: padding).scalars,
                    Reference.pool2d(x, kernel: kernel, stride: stride, padding: padding, max: false).scalars)
    }
}

import Testing
@testable import DescentCore

/// Empty batches flow through every new operation (a data loader's last, empty shard).
@Suite("Empty tensors")
struct EmptyTensorTests {
    @Test("new operations accept an empty batch and give an empty result of the right shape")
    func emptyBatch() {
        let images = Tensor.zeros([0, 2, 4, 4])
        #expect(conv2d(images, Tensor.ones([3, 2, 3, 3]), bias: Tensor.zeros([3]), padding: 1).shape == [0, 3, 4, 4])
        #expect(images.maxPool2d(kernel: 2).shape == [0, 2, 2, 2])
        #expect(images.avgPool2d(kernel: 2).shape == [0, 2, 2, 2])
        #expect(layerNorm(Tensor.zeros([0, 5]), weight: Tensor.ones([5])).shape == [0, 5])
        var generator = RandomGenerator(seed: 1)
        #expect(dropout(Tensor.zeros([0, 5]), probability: 0.5, generator: &generator).shape == [0, 5])
        #expect(Tensor.zeros([0, 3]).maskedFill(Tensor([1, 0, 1]), value: 1).shape == [0, 3])
        #expect(Tensor.causalMask(0).shape == [0, 0])
        let g = valueWithGradient(at: [images, Tensor.ones([3, 2, 3, 3])]) { p in
            conv2d(p[0], p[1], padding: 1).maxPool2d(kernel: 2).sum()
        }
        #expect(g.gradients[0].shape == [0, 2, 4, 4] && g.gradients[1] == Tensor.zeros([3, 2, 3, 3]))
    }
}

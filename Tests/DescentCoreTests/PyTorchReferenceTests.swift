import Testing
@testable import DescentCore

/// One operation's PyTorch answer (see scripts/python/make_core_reference.py).
struct PyTorchReferenceCase: Sendable, CustomTestStringConvertible {
    let name: String
    let inputs: [Tensor]
    let mix: Tensor
    let output: Tensor
    let gradients: [Tensor]
    let f: @Sendable ([Tensor]) -> Tensor

    init(name: String, inputs: [Tensor], mix: Tensor, output: Tensor, gradients: [Tensor],
         _ f: @escaping @Sendable ([Tensor]) -> Tensor) {
        (self.name, self.inputs, self.mix, self.output, self.gradients, self.f) = (name, inputs, mix, output, gradients, f)
    }

    var testDescription: String { name }
}

@Suite("Against PyTorch")
struct PyTorchReferenceTests {
    @Test(arguments: pytorchReferenceCases)
    func matchesPyTorch(_ reference: PyTorchReferenceCase) {
        let (value, gradients) = valueWithGradient(at: reference.inputs) { x in
            let y = reference.f(x)
            #expect(y.shape == reference.output.shape)
            expectClose(y.detached.scalars, reference.output.scalars, tolerance: 1e-5)
            return (y * reference.mix).sum()
        }
        #expect(value.scalar.isFinite)
        #expect(gradients.count == reference.gradients.count)
        for (computed, expected) in zip(gradients, reference.gradients) {
            #expect(computed.shape == expected.shape)
            expectClose(computed.scalars, expected.scalars, tolerance: 1e-5)
        }
    }
}

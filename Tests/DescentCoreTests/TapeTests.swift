import Testing
@testable import DescentCore

@Suite("Tape")
struct TapeTests {
    @Test("a gradient that reaches a leaf twice is accumulated")
    func accumulatesFanOut() {
        let x = Tensor([1, 2, 3])
        let (value, gradient) = valueWithGradient(at: x) { x in (x * x + x * 3).sum() }
        #expect(value.scalar == 1 + 4 + 9 + 18)
        #expect(gradient.scalars == [5, 7, 9])
    }

    @Test("constants get no gradient and leaves unused by f get zeros")
    func constantsAndUnusedLeaves() {
        let constant = Tensor([2, 2])
        let (value, gradients) = valueWithGradient(at: [Tensor([1, 3]), Tensor([5, 5, 5])]) { xs in
            (xs[0] * constant).sum()
        }
        #expect(value.scalar == 8)
        #expect(gradients[0].scalars == [2, 2])
        #expect(gradients[1] == Tensor.zeros([3]))
    }

    @Test("results and operations outside valueWithGradient are untracked")
    func outsideIsUntracked() {
        let (value, _) = valueWithGradient(at: Tensor([1, 2])) { ($0 * 2).sum() }
        #expect(!value.isTracked)
        #expect(!(Tensor([1]) + Tensor([2])).isTracked)
    }

    @Test("detached cuts the gradient")
    func detachedCutsGradient() {
        let g = gradient(at: Tensor([3])) { x in (x * x.detached).sum() }
        #expect(g.scalars == [3])
    }

    @Test("a finished differentiation frees its tape and intermediate tensors")
    func tapeIsFreed() {
        weak var weakTape: Tape?
        do {
            let tape = Tape()
            weakTape = tape
            let x = tape.leaf(Tensor([1, 2, 3]))
            let y = ((x * x) / (x + 1) - x).sum()
            _ = tape.gradients(of: y)
        }
        // The pullbacks capture tracked tensors, which hold the tape; ending the
        // differentiation must break that cycle or every training step leaks its activations.
        #expect(weakTape == nil)
    }

    struct Stop: Error {}

    @Test("valueWithGradient releases its tape, also when f throws")
    func valueWithGradientReleasesTape() {
        var escaped: [Tensor] = []
        _ = valueWithGradient(at: Tensor([1, 2])) { x in
            let y = x * 2
            escaped.append(y)
            return y.sum()
        }
        _ = try? valueWithGradient(at: Tensor([1, 2])) { x -> Tensor in
            escaped.append(x * 2)
            throw Stop()
        }
        #expect(escaped.count == 2)
        for tensor in escaped { #expect(tensor.tracker?.tape.nodes.isEmpty == true) }
    }

    /// Set when the object it watches is freed.
    final class Canary: @unchecked Sendable {
        let onRelease: () -> Void
        init(_ onRelease: @escaping () -> Void) { self.onRelease = onRelease }
        deinit { onRelease() }
    }

    @Test("a pullback, and what it captured, is released once the backward pass has used it")
    func pullbacksAreReleasedDuringTheBackwardPass() {
        nonisolated(unsafe) var released = false
        nonisolated(unsafe) var checked = false
        _ = valueWithGradient(at: Tensor([1, 2])) { x in
            let a = Tensor.record(x.detached * 2, input: x) { g in
                // Runs after b's pullback: by now b's node no longer holds what it captured.
                checked = released
                return g * 2
            }
            let canary = Canary { released = true }
            let b = Tensor.record(a.detached + 1, input: a) { g in
                withExtendedLifetime(canary) {}
                return g
            }
            return b.sum()
        }
        #expect(checked)
    }
}

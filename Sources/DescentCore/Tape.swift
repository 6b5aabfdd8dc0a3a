/// The record of one differentiation: every operation on tracked tensors appends a node
/// with the rule that maps its output's gradient to its inputs' gradients.
///
/// A tape lives only for one ``valueWithGradient(at:_:)`` call and is used from one
/// thread; tensors hold it only while they are being differentiated.
package final class Tape: @unchecked Sendable {
    /// Maps the output gradient to one gradient per input; `needed[i]` says whether input
    /// `i` is tracked, so rules can skip work for constants.
    package typealias Pullback = (_ gradient: Tensor, _ needed: [Bool]) -> [Tensor?]

    struct Node {
        /// Tape indices of the inputs (nil for inputs that are constants here).
        let inputs: [Int?]
        /// Nil for leaves (the tensors being differentiated with respect to).
        let pullback: Pullback?
    }

    var nodes: [Node] = []
    var isRecording = true

    package init() {}

    /// Adds a leaf and returns the tensor tracked as that leaf.
    package func leaf(_ tensor: Tensor) -> Tensor {
        var t = tensor
        t.tracker = Tracker(tape: self, index: nodes.count)
        nodes.append(Node(inputs: [], pullback: nil))
        return t
    }

    /// Drops every node. The pullbacks capture tracked tensors, which hold this tape, so
    /// without this the tape and every intermediate tensor would outlive the call.
    func release() {
        nodes.removeAll()
    }

    /// Gradients of the scalar tensor `output` with respect to every node, by tape index;
    /// only leaves keep theirs. The tape is spent afterwards (its nodes are released).
    func gradients(of output: Tensor) -> [Int: Tensor] {
        defer { release() }
        guard let tracker = output.tracker, tracker.tape === self else { return [:] }
        precondition(output.count == 1, "can only differentiate a scalar, got shape \(output.shape)")
        isRecording = false
        defer { isRecording = true }
        var pending = [Tensor?](repeating: nil, count: nodes.count)
        pending[tracker.index] = Tensor(repeating: 1, shape: output.shape)
        var leaves: [Int: Tensor] = [:]
        for index in stride(from: tracker.index, through: 0, by: -1) {
            // Inputs always precede their operation on the tape, so once a node is reached no
            // later one sends it a gradient: its pullback, and the activations it captured,
            // are released now rather than when the whole backward pass ends.
            let node = nodes[index]
            if node.pullback != nil { nodes[index] = Node(inputs: [], pullback: nil) }
            guard let gradient = pending[index] else { continue }
            pending[index] = nil
            guard let pullback = node.pullback else {
                leaves[index] = gradient
                continue
            }
            let needed = node.inputs.map { $0 != nil }
            let inputGradients = pullback(gradient, needed)
            for (k, input) in node.inputs.enumerated() {
                guard let input, let g = inputGradients[k] else { continue }
                if let existing = pending[input] {
                    pending[input] = existing.adding(g)
                } else {
                    pending[input] = g
                }
            }
        }
        return leaves
    }
}

/// A tensor's place on a tape.
package struct Tracker: @unchecked Sendable {
    let tape: Tape
    let index: Int
}

extension Tensor {
    /// Records `result` as an operation on `inputs` when any of them is tracked on a tape
    /// that is recording; otherwise returns `result` unchanged.
    @inline(__always)
    package static func record(
        _ result: Tensor, inputs: [Tensor], pullback: @escaping Tape.Pullback
    ) -> Tensor {
        guard let tape = inputs.lazy.compactMap({ $0.tracker?.tape }).first, tape.isRecording
        else { return result }
        var tracked = result
        let indices = inputs.map { $0.tracker?.tape === tape ? $0.tracker!.index : nil }
        tracked.tracker = Tracker(tape: tape, index: tape.nodes.count)
        tape.nodes.append(Tape.Node(inputs: indices, pullback: pullback))
        return tracked
    }

    /// Records a one-input operation.
    @inline(__always)
    package static func record(
        _ result: Tensor, input: Tensor, pullback: @escaping (Tensor) -> Tensor
    ) -> Tensor {
        guard let tape = input.tracker?.tape, tape.isRecording else { return result }
        return record(result, inputs: [input]) { g, _ in [pullback(g)] }
    }
}

/// The value of `f` at `x` and its gradient with respect to `x`; `f` must return a scalar.
public func valueWithGradient(
    at x: Tensor, _ f: (Tensor) throws -> Tensor
) rethrows -> (value: Tensor, gradient: Tensor) {
    let (value, gradients) = try valueWithGradient(at: [x]) { try f($0[0]) }
    return (value, gradients[0])
}

/// The value of `f` at `xs` and its gradient with respect to each of them.
public func valueWithGradient(
    at xs: [Tensor], _ f: ([Tensor]) throws -> Tensor
) rethrows -> (value: Tensor, gradients: [Tensor]) {
    let tape = Tape()
    defer { tape.release() }
    let leaves = xs.map { tape.leaf($0.detached) }
    let output = try f(leaves)
    let found = tape.gradients(of: output)
    let gradients = xs.indices.map { found[$0] ?? Tensor.zeros(xs[$0].shape) }
    return (output.detached, gradients)
}

/// The gradient of `f` at `x`.
public func gradient(at x: Tensor, _ f: (Tensor) throws -> Tensor) rethrows -> Tensor {
    try valueWithGradient(at: x, f).gradient
}

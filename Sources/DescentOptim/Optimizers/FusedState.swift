/// The state of a fused optimizer, kept as its composed form's block keeps it (buffers in
/// the arena's layout and Float scalars, saved by parameter name), and the layout it is for.
struct FusedState: Sendable {
    var state = TransformationState()
    var layout: [ParameterSet.Entry] = []
    var ready = false

    /// Makes the initial state on the first step; a later layout change is a programming error.
    mutating func prepare(for parameters: ParameterSet, _ initial: (ParameterSet) -> TransformationState) {
        guard !ready || layout != parameters.entries else { return }
        precondition(!ready, "optimizer state belongs to another parameter layout")
        layout = parameters.entries
        state = initial(parameters)
        ready = true
    }

    func tensors() -> [String: Tensor] { ready ? state.tensors() : [:] }

    mutating func load(_ tensors: [String: Tensor], for parameters: ParameterSet,
                       _ initial: (ParameterSet) -> TransformationState) throws {
        var fresh = initial(parameters)
        try fresh.load(tensors)
        state = fresh
        layout = parameters.entries
        ready = true
    }

    /// Runs `body` on the parameter, gradient and named state pointers (in that order),
    /// split across the compute threads: `body(range, pointers)` with pointers already
    /// offset to the range's start is called once per chunk.
    mutating func run(_ parameters: inout ParameterSet, _ gradients: ParameterSet, buffers names: [String],
                      _ body: (Range<Int>, [UnsafeMutablePointer<Float>]) -> Void) {
        let count = parameters.scalarCount
        parameters.withMutablePointer { p in
            gradients.withReadPointer { g in
                state.withBuffers(names) { s in
                    arenaKernel(count: count, [p, g] + s) { range, base in
                        body(range, base.map { $0 + range.lowerBound })
                    }
                }
            }
        }
    }
}

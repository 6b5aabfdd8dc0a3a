/// Runs a fused optimizer kernel over the arena on all compute threads.
///
/// `body(count, pointers, decayed)` is called once per chunk with pointers to the
/// parameters, the gradients and the named buffers of the chain's parts (`buffers`: part
/// index and buffer name, in that order), already
/// offset to the chunk's first element; chunks never straddle a boundary between weight-
/// decayed parameters and the others (PyTorch's two parameter groups), and `decayed` says
/// which group the chunk is in.
func fusedPass(
    _ parameters: inout ParameterSet, _ gradients: ParameterSet, _ state: inout TransformationState,
    buffers: [(part: Int, name: String)], decay mask: ParameterMask, _ body: (Int, [UnsafeMutablePointer<Float>], Bool) -> Void
) {
    // Move the buffers out of the parts' states into one (no copies), and back afterwards.
    var taken = TransformationState()
    for (index, buffer) in buffers.enumerated() { taken.put("\(index)", state.children[buffer.part].take(buffer.name)) }
    defer { for (index, buffer) in buffers.enumerated() { state.children[buffer.part].put(buffer.name, taken.take("\(index)")) } }
    let count = parameters.scalarCount
    var groups: [(range: Range<Int>, decayed: Bool)] = []
    var position = 0
    for range in mask.ranges(in: parameters) {
        if range.lowerBound > position { groups.append((position..<range.lowerBound, false)) }
        groups.append((range, true))
        position = range.upperBound
    }
    if position < count { groups.append((position..<count, false)) }
    parameters.withMutablePointer { p in
        gradients.withReadPointer { g in
            taken.withBuffers(buffers.indices.map { "\($0)" }) { s in
                arenaKernel(count: count, [p, g] + s) { chunk, base in
                    for group in groups where group.range.overlaps(chunk) {
                        let part = group.range.clamped(to: chunk)
                        body(part.count, base.map { $0 + part.lowerBound }, group.decayed)
                    }
                }
            }
        }
    }
}

extension Chain {
    /// The index of the first part of type `T` (a fused kernel's way into the chain's state).
    func index<T: GradientTransformation>(of type: T.Type) -> Int {
        guard let index = parts.firstIndex(where: { $0 is T }) else { preconditionFailure("the chain has no \(T.self)") }
        return index
    }
}

extension TransformationState {
    /// Advances a counter scalar by one and returns its value before (the 0-based update count).
    mutating func advance(_ name: String) -> Float {
        let value = scalars[name]!
        scalars[name] = value + 1
        return value
    }
}

/// What the low-precision kernels (one weight decay and a maximize flag for the whole arena)
/// need when the step has a gradient scale or a decay mask: the gradient `scale·g` with λ·p
/// added on the decayed parameters (coupled decay), and the decoupled decay p ← p·factor
/// applied here on the decayed parameters.
struct LowPrecisionInputs {
    /// Whether the kernel can take the step as it is (no scale, decay on every parameter).
    static func direct(gradientScale: Float, mask: ParameterMask) -> Bool {
        gradientScale == 1 && mask.includesEverything
    }

    /// `scale·g + coupled·p` (the latter on the parameters in `mask`).
    static func gradient(_ gradients: ParameterSet, scale: Float, coupled: Float, mask: ParameterMask,
                         parameters: ParameterSet) -> ParameterSet {
        var g = gradients
        let count = g.scalarCount
        g.withMutablePointer { gp in
            parameters.withReadPointer { pp in
                arenaKernel(count: count, [gp]) { range, b in for i in range { b[0][i] *= scale } }
                guard coupled != 0 else { return }
                for range in mask.ranges(in: parameters) {
                    arenaKernel(count: range.count, [gp + range.lowerBound, pp + range.lowerBound]) { r, b in
                        for i in r { b[0][i] += coupled * b[1][i] }
                    }
                }
            }
        }
        return g
    }

    /// p ← p·factor on the parameters in `mask`.
    static func decay(_ parameters: inout ParameterSet, factor: Float, mask: ParameterMask) {
        guard factor != 1 else { return }
        let ranges = mask.ranges(in: parameters)
        parameters.withMutablePointer { p in
            for range in ranges {
                arenaKernel(count: range.count, [p + range.lowerBound]) { r, b in for i in r { b[0][i] *= factor } }
            }
        }
    }
}

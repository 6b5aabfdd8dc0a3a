/// Runs an elementwise kernel over the parameter arena: `body` receives a range of element
/// indices and raw pointers into each buffer, on all compute threads for large arenas.
///
/// The pointers are valid only inside `body`; every call covers a disjoint range.
@inline(__always)
func arenaKernel(
    count: Int, _ buffers: [UnsafeMutablePointer<Float>], _ body: (Range<Int>, [UnsafeMutablePointer<Float>]) -> Void
) {
    let shared = UncheckedSendable(buffers)
    parallelChunks(count, grain: 1 << 16) { range in body(range, shared.value) }
}

extension ParameterSet {
    /// A pointer to the arena's first element, valid while `body` runs.
    @inline(__always)
    mutating func withMutablePointer<R>(_ body: (UnsafeMutablePointer<Float>) -> R) -> R {
        storage.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    }
}

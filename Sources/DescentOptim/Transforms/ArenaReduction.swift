/// Runs `body` over fixed blocks of the arena on all compute threads and adds up the two
/// sums each block returns, in block order: global reductions (Prodigy's ⟨g, x₀ − x⟩ and
/// ‖s‖₁) that give the same bits whatever the number of threads.
///
/// `body` receives a block's element range and the raw pointers; blocks are disjoint.
func arenaReduction(
    count: Int, _ buffers: [UnsafeMutablePointer<Float>],
    _ body: (Range<Int>, [UnsafeMutablePointer<Float>]) -> (Double, Double)
) -> (Double, Double) {
    let shared = UncheckedSendable(buffers)
    return parallelBlocks(count, zero: (0.0, 0.0)) { body($0, shared.value) }.reduce((0.0, 0.0)) { ($0.0 + $1.0, $0.1 + $1.1) }
}

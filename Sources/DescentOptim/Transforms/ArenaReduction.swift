/// Runs `body` over fixed blocks of the arena on all compute threads and adds up the two
/// sums each block returns, in block order: global reductions (Prodigy's ⟨g, x₀ − x⟩ and
/// ‖s‖₁) that give the same bits whatever the number of threads.
///
/// `body` receives a block's element range and the raw pointers; blocks are disjoint.
func arenaReduction(
    count: Int, _ buffers: [UnsafeMutablePointer<Float>],
    _ body: (Range<Int>, [UnsafeMutablePointer<Float>]) -> (Double, Double)
) -> (Double, Double) {
    let block = 1 << 14
    let blocks = (count + block - 1) / block
    guard blocks > 1 else { return body(0..<count, buffers) }
    var partial = [(Double, Double)](repeating: (0, 0), count: blocks)
    partial.withUnsafeMutableBufferPointer { sums in
        let shared = UncheckedSendable((sums.baseAddress!, buffers))
        parallelChunks(blocks, grain: 4) { range in
            let (sums, buffers) = shared.value
            for b in range { sums[b] = body((b * block)..<Swift.min((b + 1) * block, count), buffers) }
        }
    }
    var total = (0.0, 0.0)
    for (a, b) in partial {
        total.0 += a
        total.1 += b
    }
    return total
}

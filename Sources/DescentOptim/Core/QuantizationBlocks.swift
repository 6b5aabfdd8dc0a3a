/// The blocks of 8-bit optimizer state: each segment (a parameter's elements in the arena)
/// split into blocks of ``StateDType/blockSize`` from its own first element, the last block of
/// a segment possibly short, one absmax per block. bitsandbytes keeps 8-bit state per
/// parameter, so a block never straddles two parameters and each parameter's state is saved
/// on its own.
package struct QuantizationBlocks: Sendable, Equatable {
    /// The elements of each segment, in arena order.
    package let segments: [Int]
    /// The first element of each segment, then the element count.
    package let elementStarts: [Int]
    /// The first block of each segment, then the block count.
    package let blockStarts: [Int]

    /// The blocks of consecutive segments of `segments` elements each.
    package init(segments: [Int]) {
        self.segments = segments
        var elements = [0], blocks = [0]
        for count in segments {
            elements.append(elements.last! + count)
            blocks.append(blocks.last! + StateDType.blockCount(count))
        }
        elementStarts = elements
        blockStarts = blocks
    }

    /// The number of elements.
    package var count: Int { elementStarts.last! }
    /// The number of blocks (absmax values).
    package var blockCount: Int { blockStarts.last! }

    /// Runs `body(elements, firstBlock)` for each run of consecutive blocks among `blocks`
    /// that lies in one segment, in order.
    package func forEachRun(in blocks: Range<Int>, _ body: (Range<Int>, Int) -> Void) {
        guard !blocks.isEmpty else { return }
        // The last segment starting at or before the first block (skipping empty segments).
        var lo = 0, hi = segments.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if blockStarts[mid] <= blocks.lowerBound { lo = mid } else { hi = mid - 1 }
        }
        var segment = lo, block = blocks.lowerBound
        while block < blocks.upperBound {
            let end = min(blocks.upperBound, blockStarts[segment + 1])
            if end > block {
                let first = elementStarts[segment] + (block - blockStarts[segment]) * StateDType.blockSize
                let last = min(elementStarts[segment] + (end - blockStarts[segment]) * StateDType.blockSize,
                               elementStarts[segment + 1])
                body(first..<last, block)
                block = end
            }
            segment += 1
        }
    }

    /// Runs `body(elements, firstBlock)` over every block, split across the compute threads in
    /// chunks of whole blocks (single-threaded below `grain` elements per thread).
    package func parallelRuns(grain: Int, _ body: (Range<Int>, Int) -> Void) {
        parallelChunks(blockCount, grain: max(1, grain / StateDType.blockSize)) { forEachRun(in: $0, body) }
    }
}

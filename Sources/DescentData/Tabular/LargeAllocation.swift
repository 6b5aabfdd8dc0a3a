#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Memory for the reader's large per-cell buffers: 2 MB aligned and, on Linux, offered to
/// transparent huge pages (`madvise(MADV_HUGEPAGE)`), so that filling 100 MB takes about fifty
/// page faults instead of twenty-five thousand. Free with ``free(_:)``.
enum LargeAllocation {
    private static let hugePage = 2 << 20

    /// Uninitialised room for `count` values of `T`.
    static func allocate<T>(_: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let bytes = max(1, count) * MemoryLayout<T>.stride
        if bytes >= hugePage {
            let rounded = (bytes + hugePage - 1) / hugePage * hugePage
            var p: UnsafeMutableRawPointer? = nil
            if posix_memalign(&p, hugePage, rounded) == 0, let p {
                #if os(Linux)
                _ = madvise(p, rounded, MADV_HUGEPAGE)
                #endif
                return p.bindMemory(to: T.self, capacity: count)
            }
        }
        guard let p = malloc(bytes) else { fatalError("out of memory allocating \(bytes) bytes") }
        return p.bindMemory(to: T.self, capacity: max(1, count))
    }

    /// Prepares memory the caller owns and is about to fill (a new array's storage): the 2 MB
    /// pages wholly inside it are offered to transparent huge pages, and its pages are mapped
    /// in one call (`MADV_POPULATE_WRITE`, Linux 5.14+; ignored where unknown) rather than one
    /// fault per 4 KB page during the copy.
    static func prepareForWriting(_ buffer: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
        guard let base = buffer.baseAddress, buffer.count >= 64 << 10 else { return }
        let pageSize = 4096
        if buffer.count >= 2 * hugePage {
            let start = (Int(bitPattern: base) + hugePage - 1) / hugePage * hugePage
            let end = (Int(bitPattern: base) + buffer.count) / hugePage * hugePage
            if end > start { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE) }
        }
        let start = (Int(bitPattern: base) + pageSize - 1) / pageSize * pageSize
        let end = (Int(bitPattern: base) + buffer.count) / pageSize * pageSize
        if end > start { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, 23 /* MADV_POPULATE_WRITE */) }
        #endif
    }

    /// Returns memory from ``allocate(_:count:)``.
    static func free<T>(_ p: UnsafeMutablePointer<T>) {
        #if canImport(Glibc)
        Glibc.free(p)
        #else
        Darwin.free(p)
        #endif
    }
}

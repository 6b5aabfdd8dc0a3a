import Foundation

/// Runs `body(i)` for `i in 0..<count` across the machine's cores.
@inline(__always)
func parallelFor(_ count: Int, _ body: @Sendable (Int) -> Void) {
    if count == 1 { body(0); return }
    DispatchQueue.concurrentPerform(iterations: count, execute: body)
}

/// A mutable buffer shared across `parallelFor` workers that write disjoint indices.
struct SharedBuffer<T>: @unchecked Sendable {
    let base: UnsafeMutableBufferPointer<T>
    init(_ base: UnsafeMutableBufferPointer<T>) { self.base = base }
    subscript(i: Int) -> T {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }
}

/// A read-only buffer shared across `parallelFor` workers.
struct SharedReadBuffer<T>: @unchecked Sendable {
    let base: UnsafeBufferPointer<T>
    init(_ base: UnsafeBufferPointer<T>) { self.base = base }
    subscript(i: Int) -> T { base[i] }
    var count: Int { base.count }
}

/// Number of worker threads worth splitting work into.
var availableCores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

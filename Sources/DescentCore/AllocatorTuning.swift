import CDescentKernels

extension ComputeThreads {
    /// Keeps freed tensor memory in the process for reuse (glibc only): large tensors are
    /// freed and allocated again every step, and returning them to the kernel makes each
    /// step page-fault its memory back in. For executables to call once at start.
    public static func keepFreedMemory() { descent_tune_allocator() }
}

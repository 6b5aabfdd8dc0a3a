#if canImport(CBLAS) && !canImport(Accelerate)
import CBLAS
import CDescentKernels

/// OpenBLAS serves LAPACK and double-precision products only (float products are oneDNN's):
/// set up once, before its first call, with kernels for this CPU
/// (``descent_openblas_select_core``: 2.1× faster `dsyevd` at n = 784 on a KVM Xeon it took
/// for a Prescott) on one thread, so its pool never spins in `sched_yield` beside the compute
/// threads (one thread was as fast as two at that size: the reduction to tridiagonal form is
/// bound by memory).
enum OpenBLASSetup {
    static let ready: Bool = {
        _ = descent_openblas_select_core()
        openblas_set_num_threads(1)
        return true
    }()
}
#endif

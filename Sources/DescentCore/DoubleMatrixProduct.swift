#if canImport(Accelerate)
import Accelerate
#endif
import CDescentKernels

/// Row-major C = A · op(B) in double precision, for the float computations whose reference
/// accumulates at higher precision (Muon's Newton–Schulz iteration): BLAS `dgemm` on one
/// thread (Accelerate, or OpenBLAS loaded on first use: ``descent_dgemm``), plain loops where
/// neither is there.
package enum DoubleMatrixProduct {
    /// C (m × n) = A (m × k) · B (k × n), or · Bᵀ with B n × k when `transposeB`.
    package static func multiply(
        _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, into c: UnsafeMutablePointer<Double>,
        m: Int, n: Int, k: Int, transposeB: Bool = false
    ) {
        guard m > 0, n > 0 else { return }
        #if canImport(Accelerate)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), Int32(k), 1,
                    a, Int32(k), b, Int32(transposeB ? k : n), 0, c, Int32(n))
        #else
        if descent_dgemm(Int32(m), Int32(n), Int32(k), a, b, transposeB ? 1 : 0, c) == 0 { return }
        for i in 0..<m {
            for j in 0..<n {
                var acc: Double = 0
                for p in 0..<k { acc += a[i &* k &+ p] * (transposeB ? b[j &* k &+ p] : b[p &* n &+ j]) }
                c[i &* n &+ j] = acc
            }
        }
        #endif
    }
}

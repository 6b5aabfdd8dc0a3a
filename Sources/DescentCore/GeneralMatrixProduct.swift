import Dispatch
#if canImport(Accelerate)
import Accelerate
#else
import CDNNL
#endif

extension Tensor {
    /// Products with fewer multiply-adds than this run on the calling thread. With the
    /// spinning team a second thread joins within a microsecond, so products down to 2¹⁸
    /// multiply-adds gain from it: the MLP's batch-1 forward (1×512×784) fell from 68 to 30 µs
    /// on 2 threads; at 2²¹ (the threshold under Dispatch's pool) it ran on one.
    static let singleThreadedProduct = 1 << 18

    /// Blocks per compute thread of a product split across the threads.
    static let productBlocksPerThread = 2

    /// Row-major C = op(A) · op(B) + beta · C, the one matrix product every kernel calls.
    ///
    /// On Linux the product is oneDNN's `dnnl_sgemm` (JIT kernels for the CPU it runs on,
    /// AVX-512 included) on one thread per call; large products are split into row or
    /// column blocks of C over the compute threads, so no BLAS thread pool spins between
    /// products. On Apple platforms it is Accelerate's `cblas_sgemm`. With `beta` 0, C is
    /// overwritten whatever it held. With `split` false the product stays on the calling thread
    /// (for callers that already split their work over the compute threads).
    static func sgemm(
        _ transposeA: Bool, _ transposeB: Bool, _ m: Int, _ n: Int, _ k: Int,
        _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
        _ c: UnsafeMutablePointer<Float>, _ ldc: Int, beta: Float = 0, split: Bool = true
    ) {
        guard m > 0, n > 0 else { return }
        if k == 0 {
            for row in 0..<m {
                let r = c + row &* ldc
                for j in 0..<n { r[j] = beta == 0 ? 0 : beta * r[j] }
            }
            return
        }
        #if canImport(Accelerate)
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
        #else
        let (ta, tb): (CChar, CChar) = (transposeA ? 84 : 78, transposeB ? 84 : 78)  // "T" / "N"
        @Sendable func product(_ m: Int, _ n: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                     _ c: UnsafeMutablePointer<Float>) {
            let status = descent_dnnl_sgemm(ta, tb, m, n, k, 1, a, lda, b, ldb, beta, c, ldc)
            precondition(status == 0, "dnnl_sgemm failed (status \(status)) for \(m)×\(n)×\(k)")
        }
        let splitRows = m >= n
        let extent = splitRows ? m : n
        let work = m.multipliedReportingOverflow(by: n).partialValue.multipliedReportingOverflow(by: k)
        let threads = split && (work.overflow || work.partialValue >= singleThreadedProduct)
            ? Swift.min(ComputeThreads.count, Swift.max(1, extent / 16)) : 1
        if threads <= 1 {
            product(m, n, a, b, c)
            return
        }
        // Blocks of whole 16-wide strips (one AVX-512 register of C per row), claimed by the
        // threads as they free up.
        // More blocks than threads only where each keeps 2²⁴ multiply-adds (every block's sgemm
        // packs the shared operand again): the transformer's 2,048-row products, not the
        // MLP step's 128-row ones.
        let most = work.overflow ? Int.max : work.partialValue / (1 << 24)
        let blocks = Swift.min(threads * productBlocksPerThread, extent / 16, Swift.max(threads, most))
        let block = ((extent + blocks - 1) / blocks + 15) / 16 * 16
        let (ap, bp, cp) = (UncheckedSendable(a), UncheckedSendable(b), UncheckedSendable(c))
        dynamicTasks((extent + block - 1) / block) { t in
            let lo = t * block, hi = Swift.min(lo + block, extent)
            guard lo < hi else { return }
            if splitRows {
                product(hi - lo, n, ap.value + (transposeA ? lo : lo &* lda), bp.value, cp.value + lo &* ldc)
            } else {
                product(m, hi - lo, ap.value, bp.value + (transposeB ? lo &* ldb : lo), cp.value + lo)
            }
        }
        #endif
    }
}

#include <oneapi/dnnl/dnnl.h>

/* oneDNN's CPU runtime on Debian is OpenMP (libgomp). Descent splits products over its own
   threads, so each calling thread asks OpenMP for one thread: no team is woken and nothing
   spins between products. The thread count is per-thread state in OpenMP, hence the flag. */
void omp_set_num_threads(int);

/* Row-major C = alpha·op(A)·op(B) + beta·C on the calling thread, by oneDNN's JIT kernels. */
static inline int descent_dnnl_sgemm(char transa, char transb, long m, long n, long k, float alpha,
                                     const float *a, long lda, const float *b, long ldb, float beta,
                                     float *c, long ldc) {
    static __thread int single_threaded = 0;
    if (!single_threaded) {
        omp_set_num_threads(1);
        single_threaded = 1;
    }
    return (int)dnnl_sgemm(transa, transb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

#include "CDescentKernels.h"
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <dlfcn.h>
#include <pthread.h>
#endif

/* OpenBLAS serves LAPACK's symmetric eigensolver and double-precision products only (float
   products are oneDNN's), so it is not linked: it is loaded on first use. Linked, it would
   start its thread pool at every process start, and the pool spins in sched_yield for about
   0.1 s before sleeping, on every core but one, in processes that never call it.
   Loaded here with OPENBLAS_NUM_THREADS=1 (no pool at all: these calls are small and bound by
   memory; one thread ran dsyevd at n = 784 as fast as two) and, where the CPU has AVX-512 or
   AVX2 and OPENBLAS_CORETYPE is not set, with the core type set: Debian's DYNAMIC_ARCH
   OpenBLAS 0.3.21 takes CPU models it does not know (a KVM Xeon) for a Prescott and runs its
   SSE3 kernels (dsyevd at n = 784: 188-316 ms against 85-103 with Skylake-X's). Both
   variables are in the environment for the load only. */

typedef void (*dsyevd_fn)(const char *, const char *, const int *, double *, const int *, double *, double *,
                          const int *, int *, const int *, int *);
typedef void (*dgemm_fn)(int, int, int, int, int, int, double, const double *, int, const double *, int, double,
                         double *, int);
typedef char *(*corename_fn)(void);

static dsyevd_fn lp_dsyevd;
static dgemm_fn lp_dgemm;
static corename_fn lp_corename;

#if defined(__linux__)
static pthread_once_t openblas_once = PTHREAD_ONCE_INIT;

extern char **environ;

static void openblas_load(void) {
    const char *threads = getenv("OPENBLAS_NUM_THREADS") ? NULL : "OPENBLAS_NUM_THREADS=1";
    const char *core = NULL;
#if defined(__x86_64__)
    if (!getenv("OPENBLAS_CORETYPE")) {
        __builtin_cpu_init();
        if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
            __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
            __builtin_cpu_supports("avx512vl"))
            core = "OPENBLAS_CORETYPE=SkylakeX";
        else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
            core = "OPENBLAS_CORETYPE=Haswell";
    }
#endif
    /* The variables go in front of a copy of the environment, swapped in with one pointer store
       for the load and back after: setenv would reallocate the array under other threads'
       getenv. The copy is never freed (a reader may still hold it). */
    char **old = environ;
    char **env = NULL;
    if (threads || core) {
        size_t n = 0;
        while (old && old[n]) n++;
        env = malloc((n + 3) * sizeof *env);
        if (env) {
            size_t j = 0;
            if (threads) env[j++] = (char *)threads;
            if (core) env[j++] = (char *)core;
            for (size_t i = 0; i < n; i++) env[j++] = old[i];
            env[j] = NULL;
            __atomic_store_n(&environ, env, __ATOMIC_SEQ_CST);
        }
    }
    void *library = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!library) library = dlopen("libopenblas.so", RTLD_NOW | RTLD_LOCAL);
    if (env) __atomic_store_n(&environ, old, __ATOMIC_SEQ_CST);
    if (!library) return;
    lp_dsyevd = (dsyevd_fn)dlsym(library, "dsyevd_");
    lp_dgemm = (dgemm_fn)dlsym(library, "cblas_dgemm");
    lp_corename = (corename_fn)dlsym(library, "openblas_get_corename");
}
#endif

static int openblas_ready(void) {
#if defined(__linux__)
    pthread_once(&openblas_once, openblas_load);
#endif
    return lp_dsyevd != NULL || lp_dgemm != NULL;
}

int descent_dsyevd(int n, double *a, double *values) {
    if (!openblas_ready() || !lp_dsyevd) return -1;
    if (n <= 0) return 0;
    if (n > 30000) return -1; /* LAPACK's 32-bit workspace size 1 + 6n + 2n² would overflow */
    int lwork = 1 + 6 * n + 2 * n * n, liwork = 3 + 5 * n, info = 0;
    double *work = malloc(sizeof(double) * (size_t)lwork);
    int *iwork = malloc(sizeof(int) * (size_t)liwork);
    if (!work || !iwork) {
        free(work);
        free(iwork);
        return -1;
    }
    lp_dsyevd("V", "U", &n, a, &n, values, work, &lwork, iwork, &liwork, &info);
    free(work);
    free(iwork);
    return info;
}

int descent_dgemm(int m, int n, int k, const double *a, const double *b, int transpose_b, double *c) {
    if (!openblas_ready() || !lp_dgemm) return -1;
    /* CblasRowMajor = 101, CblasNoTrans = 111, CblasTrans = 112 */
    lp_dgemm(101, 111, transpose_b ? 112 : 111, m, n, k, 1.0, a, k, b, transpose_b ? k : n, 0.0, c, n);
    return 0;
}

const char *descent_openblas_corename(void) {
    if (!openblas_ready() || !lp_corename) return NULL;
    return lp_corename();
}

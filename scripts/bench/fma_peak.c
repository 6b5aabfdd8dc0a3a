/* The machine's float32 multiply-add peak: T threads each run 12 independent chains of 16-lane
   AVX-512 FMAs (enough to cover the FMA latency on two units), and the program prints
   GFLOP/s (2 flops per lane and FMA) over all threads, the best of the rounds (load from
   elsewhere only lowers a round).
     clang -O2 -mavx512f scripts/bench/fma_peak.c -o /tmp/fma_peak -lpthread
     /tmp/fma_peak [T=1] [rounds=5]
   No matrix product can beat it; `inference_vs_torch.py --peak` sets both sides' GFLOP/s of the
   MLP against it. 2026-12-01, this machine (2 cores of a Sapphire Rapids under KVM): 224-235
   GFLOP/s on 1 thread, 440-479 on 2. */
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define CHAINS 12
static const long iterations = 50000000; /* per thread: 600 M FMAs, about 0.15 s */

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void *chains(void *out) {
    __m512 a[CHAINS];
    const __m512 b = _mm512_set1_ps(0.999999f), c = _mm512_set1_ps(1e-7f);
    for (int i = 0; i < CHAINS; i++) a[i] = _mm512_set1_ps((float)i);
    for (long n = 0; n < iterations; n++)
        for (int i = 0; i < CHAINS; i++) a[i] = _mm512_fmadd_ps(a[i], b, c);
    float sum = 0;
    for (int i = 0; i < CHAINS; i++) sum += _mm512_reduce_add_ps(a[i]);
    *(float *)out = sum; /* keeps the chains alive */
    return NULL;
}

static int ascending(const void *x, const void *y) {
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 1, rounds = argc > 2 ? atoi(argv[2]) : 5;
    if (threads < 1 || threads > 256 || rounds < 1 || rounds > 100) {
        fprintf(stderr, "usage: fma_peak [threads 1-256] [rounds 1-100]\n");
        return 2;
    }
    pthread_t ids[256];
    float sinks[256];
    double rates[100];
    for (int r = 0; r < rounds; r++) {
        double start = now();
        for (int t = 0; t < threads; t++) pthread_create(&ids[t], NULL, chains, &sinks[t]);
        for (int t = 0; t < threads; t++) pthread_join(ids[t], NULL);
        rates[r] = threads * (double)iterations * CHAINS * 32 / (now() - start) / 1e9;
    }
    qsort(rates, rounds, sizeof rates[0], ascending);
    printf("{\"threads\": %d, \"gflops\": %.1f, \"median_gflops\": %.1f, \"rounds\": %d}\n", threads, rates[rounds - 1],
           rates[rounds / 2], rounds);
    return 0;
}

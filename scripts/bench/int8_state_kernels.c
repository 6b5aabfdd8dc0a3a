/* The 8-bit optimizer-state kernels (LowPrecisionState.c) timed directly in C against the float32
   AdamW kernel (AdamW.c), without Swift around them: median milliseconds of one step over N
   parameters on T threads (blocks of 2,048 split as the Swift wrapper splits them), the two
   kernels taking turns in every round. Compiled as SwiftPM compiles the kernels (-O2):
     I=Sources/CDescentKernels
     clang -O2 -I$I/include -I$I scripts/bench/int8_state_kernels.c $I/AdamW.c -o /tmp/int8_state_kernels -lm -lpthread
     /tmp/int8_state_kernels [N=16777216] [T=1] [rounds=15] [adamw|sgd|lion|floors]
   With N = 131072 everything stays in L2 and the time is the kernels' compute alone.
   2026-12-01, this machine (2 cores of a Sapphire Rapids under KVM, shared with other jobs),
   medians against float32 AdamW, before -> after this file's kernels changed (each 16 elements'
   encodings next to their update, constant flags in whole blocks, the symmetric signed map
   dequantised from its 128 magnitudes): N = 131072, T = 1: int8 AdamW 1.67x -> 1.33x (20% less
   time), SGD 0.72x -> 0.55x, Lion 0.80x -> 0.60x; N = 16M, T = 1 and 2 (the second core was
   busy with other jobs): AdamW 1.02-1.13x -> 0.89-0.94x (13-16% less), SGD 25%, Lion 25% less.
   `floors` times the parts of the int8 AdamW step alone (one thread, cycles from a vaddps loop
   timed in the same round; a round whose clock reading is disturbed shows as halved cycles):
   131072 1 21 floors gave float32 step 2.0 cycles/element, int8 step 3.0, sqrt + division with
   the parameter load and store 1.3-1.5, the two gathers (one 16-lane gather per 16 elements and
   state, about 10 cycles each with the real indices; the table's footprint does not matter)
   1.2-1.3, the two encodings whole 1.2-1.4, the two dequantisations 0.8. 0.6x float32 would be
   1.2 cycles/element: the divider alone or the gathers alone take that long, and they overlap
   only partly (llvm-mca: ports 0 and 5 near 120 uops each per 64 elements, the divider 88
   cycles). At N = 16M and 2 threads float32 is memory-bound; 0.6x of it leaves int8 about 2.4
   cycles/element/core, less than its compute alone. Even a free divider does not reach it
   (2026-12-01, same rounds): with the update's sqrt and division replaced by bare
   _mm512_rsqrt14_ps/_mm512_rcp14_ps (about 14 bits, not shippable) in a copy of the kernel,
   16M/2 threads went 0.825-0.837x -> 0.703-0.734x and 131072/1 thread 1.40-1.46x -> 1.29-1.35x;
   what is left is the gathers and the byte-plane arithmetic of exact nearest-code rounding. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "../../Sources/CDescentKernels/LowPrecisionState.c"

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* bitsandbytes' create_dynamic_map as DynamicQuantizationMap.make computes it in float32. */
static int cmp_float(const void *a, const void *b) {
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : x > y;
}
static void dynamic_map(float out[256], int is_signed) {
    int n = 0;
    for (int i = 0; i < 7; i++) {
        int items = (1 << (i + (is_signed ? 0 : 1))) + 1;
        float b[130], step = (1.0f - 0.1f) / (float)(items - 1);
        for (int k = 0; k < items; k++)
            b[k] = k < items / 2 ? (float)(0.1f + (double)step * k) : (float)(1.0f - (double)step * (items - k - 1));
        float scale = (float)pow(10.0, -6.0 + i);
        for (int k = 0; k + 1 < items; k++) {
            float mean = (b[k] + b[k + 1]) / 2;
            out[n++] = scale * mean;
            if (is_signed) out[n++] = -scale * mean;
        }
    }
    out[n++] = 0;
    out[n++] = 1;
    while (n < 256) out[n++] = 0;
    qsort(out, 256, sizeof(float), cmp_float);
}

void descent_adamw_step(float *param, const float *grad, float *m, float *v, float *vmax, size_t count, float lr,
                        float beta1, float beta2, float eps, float weight_decay, float coupled_weight_decay,
                        float bias_correction1, float bias_correction2_sqrt, int amsgrad, float grad_scale);

static size_t N;
static int T, step, which;
static float *P32, *P8, *G, *M32, *V32, *MA, *VA;
static uint8_t *MC, *VC;
static descent_qmap sq, uq;
typedef struct { size_t lo, hi; } range;

static void *work(void *arg) {
    range r = *(range *)arg;
    size_t n = r.hi - r.lo, b = r.lo / DESCENT_QBLOCK;
    float t = (float)step, bc1 = 1 - powf(0.9f, t), bc2 = sqrtf(1 - powf(0.999f, t));
    switch (which) {
    case 0: descent_adamw_step(P32 + r.lo, G + r.lo, M32 + r.lo, V32 + r.lo, NULL, n, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, 0, bc1, bc2, 0, 1); break;
    case 1: descent_adamw_step_int8(P8 + r.lo, G + r.lo, (int8_t *)MC + r.lo, MA + b, VC + r.lo, VA + b, n, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, 0, bc1, bc2, 0, &sq, &uq); break;
    case 2: descent_sgd_step_int8(P8 + r.lo, G + r.lo, (int8_t *)MC + r.lo, MA + b, n, 1e-2f, 0.9f, 0, 0, 0, 0, step == 1, &sq); break;
    default: descent_lion_step_int8(P8 + r.lo, G + r.lo, (int8_t *)MC + r.lo, MA + b, n, 1e-4f, 0.9f, 0.99f, 1 - 1e-5f, &sq); break;
    }
    return NULL;
}

static double run(void) {
    pthread_t th[64];
    range rr[64];
    size_t blocks = (N + DESCENT_QBLOCK - 1) / DESCENT_QBLOCK;
    for (int k = 0; k < T; k++) {
        size_t b0 = blocks * k / T, b1 = blocks * (k + 1) / T;
        rr[k].lo = b0 * DESCENT_QBLOCK;
        rr[k].hi = b1 * DESCENT_QBLOCK < N ? b1 * DESCENT_QBLOCK : N;
    }
    double t0 = now_ms();
    for (int k = 1; k < T; k++) pthread_create(&th[k], NULL, work, &rr[k]);
    work(&rr[0]);
    for (int k = 1; k < T; k++) pthread_join(th[k], NULL);
    return now_ms() - t0;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* ---- floors: the parts of lp512_adamw_int8 timed alone (one thread, data of the last run) ----
   Each loop does one part for all N elements, 64 at a time, as the kernel does it: the divider
   (sqrt and division of v and m, with the parameter load and store), the two gathers per 16
   elements (the direct-table indices of m and v precomputed), the two encodings whole
   (lp512_encode64: scaling, index, gather, code selection, packing), the two dequantisations
   (lp512_dequant64 on the codes) and, for scale, vaddps at 2 per cycle: cycles = time / that. */
#ifdef LP_X86
static float *FM, *FV;
static int32_t *IM, *IV;
static volatile float sink;

LP_AVX512_FN double floor_cycle_ns(void) {
    __m512 a[12], one = _mm512_set1_ps(1e-20f);
    for (int k = 0; k < 12; k++) a[k] = _mm512_set1_ps((float)k);
    const long it = 2000000;
    double t0 = now_ms();
    for (long i = 0; i < it; i++) {
        for (int k = 0; k < 12; k++) a[k] = _mm512_add_ps(a[k], one);
        __asm__("" : "+v"(a[0]), "+v"(a[1]), "+v"(a[2]), "+v"(a[3]), "+v"(a[4]), "+v"(a[5]));
        __asm__("" : "+v"(a[6]), "+v"(a[7]), "+v"(a[8]), "+v"(a[9]), "+v"(a[10]), "+v"(a[11]));
    }
    double t = now_ms() - t0;
    __m512 s = a[0];
    for (int k = 1; k < 12; k++) s = _mm512_add_ps(s, a[k]);
    sink = _mm512_reduce_add_ps(s);
    return t * 1e6 / (it * 12 / 2.0); /* ns per cycle */
}

LP_AVX512_FN double floor_divider(void) {
    const __m512 c = _mm512_set1_ps(1.01f), eps = _mm512_set1_ps(1e-8f), lr = _mm512_set1_ps(1e-3f);
    double t0 = now_ms();
    for (size_t i = 0; i < N; i += 16) {
        __m512 d = _mm512_add_ps(_mm512_mul_ps(_mm512_sqrt_ps(_mm512_load_ps(FV + i)), c), eps);
        __m512 p = _mm512_loadu_ps(P8 + i);
        _mm512_storeu_ps(P8 + i, _mm512_sub_ps(p, _mm512_div_ps(_mm512_mul_ps(lr, _mm512_load_ps(FM + i)), d)));
    }
    return now_ms() - t0;
}

LP_AVX512_FN double floor_gathers(void) {
    const uint32_t *tm = sq.direct[1], *tv = uq.direct[0];
    __m512i acc = _mm512_setzero_si512();
    double t0 = now_ms();
    for (size_t i = 0; i < N; i += 16) {
        acc = _mm512_xor_si512(acc, _mm512_i32gather_epi32(_mm512_load_si512(IM + i), (const int *)tm, 4));
        acc = _mm512_xor_si512(acc, _mm512_i32gather_epi32(_mm512_load_si512(IV + i), (const int *)tv, 4));
    }
    double t = now_ms() - t0;
    sink = (float)_mm512_reduce_add_epi32(acc);
    return t;
}

LP_AVX512_FN double floor_encodings(void) {
    double t0 = now_ms();
    for (size_t start = 0, b = 0; start < N; start += DESCENT_QBLOCK, b++) {
        const __m512 ms = lp512_scale(MA[b]), vs = lp512_scale(VA[b]);
        const size_t len = N - start < DESCENT_QBLOCK ? N - start : DESCENT_QBLOCK;
        for (size_t i = 0; i < len; i += 64) {
            lp512_encode64(FM + start + i, MC + start + i, len - i, ms, &sq, 1, 1, 1, 1);
            lp512_encode64(FV + start + i, VC + start + i, len - i, vs, &uq, 0, 1, 0, 1);
        }
    }
    return now_ms() - t0;
}

LP_AVX512_FN double floor_dequant(void) {
    static lp_planes spl, upl;
    static lp_half_planes half;
    lp_planes_init(&spl, sq.code);
    lp_planes_init(&upl, uq.code);
    const lp_half_planes *shalf = lp_half_planes_init(&half, sq.code) ? &half : NULL;
    __m512 acc = _mm512_setzero_ps();
    double t0 = now_ms();
    for (size_t i = 0; i < N; i += 64) {
        __m512 M[4], V[4];
        lp512_dequant64_map(&spl, shalf, _mm512_loadu_si512(MC + i), M);
        lp512_dequant64(&upl, _mm512_loadu_si512(VC + i), V);
        for (int h = 0; h < 4; h++) acc = _mm512_add_ps(acc, _mm512_add_ps(M[h], V[h]));
    }
    double t = now_ms() - t0;
    sink = _mm512_reduce_add_ps(acc);
    return t;
}

/* The state of the int8 run as floats, and its direct-table indices (whole blocks, as the kernel's fast path). */
static void floor_inputs(void) {
    FM = aligned_alloc(64, N * 4), FV = aligned_alloc(64, N * 4);
    IM = aligned_alloc(64, N * 4), IV = aligned_alloc(64, N * 4);
    descent_dequantize_blockwise(MC, MA, FM, N, &sq);
    descent_dequantize_blockwise(VC, VA, FV, N, &uq);
    for (size_t i = 0; i < N; i++) {
        const size_t b = i / DESCENT_QBLOCK;
        uint32_t xm = lp_bits(FM[i] * (MA[b] > 0 ? 1 / MA[b] : 0)), xv = lp_bits(FV[i] * (VA[b] > 0 ? 1 / VA[b] : 0));
        uint32_t hm = xm >> 16, hv = xv >> 16, lo = LP_LO >> 16;
        IM[i] = (int32_t)((hm & 0x7fffu) < lo ? (hm & 0x8000u) + 0 : hm - lo);
        IV[i] = (int32_t)(hv < lo ? 0 : hv - lo);
    }
}

static void floors(int rounds) {
    if (!lp_avx512()) {
        fprintf(stderr, "floors: no AVX-512 here\n");
        return;
    }
    floor_inputs();
    double *t[7];
    for (int k = 0; k < 7; k++) t[k] = malloc(rounds * sizeof(double));
    for (int r = 0; r < rounds; r++) { /* the parts take turns in every round */
        step = r + 3;
        t[0][r] = floor_cycle_ns();
        which = 0;
        t[1][r] = run();
        which = 1;
        t[2][r] = run();
        t[3][r] = floor_divider();
        t[4][r] = floor_gathers();
        t[5][r] = floor_encodings();
        t[6][r] = floor_dequant();
    }
    /* cycles from each round's own clock reading, so a slow round (a shared machine) slows both */
    double *c[7];
    for (int k = 1; k < 7; k++) {
        c[k] = malloc(rounds * sizeof(double));
        for (int r = 0; r < rounds; r++) c[k][r] = t[k][r] / t[0][r];
        qsort(c[k], rounds, sizeof(double), cmp_double);
    }
    for (int k = 0; k < 7; k++) qsort(t[k], rounds, sizeof(double), cmp_double);
    const double ns = t[0][rounds / 2], per = 1e6 / (double)N;
    const char *names[7] = {"", "float32 AdamW step", "int8 AdamW step", "sqrt+div (with p load/store)", "2 gathers / 16 elements",
                            "2 encodings (gathers incl.)", "2 dequantisations"};
    printf("n %zu, 1 thread, medians of %d rounds; one cycle = %.3f ns (median)\n", N, rounds, ns);
    printf("%-30s %9s %8s %10s\n", "part", "ms", "ns/elem", "cycles/el");
    for (int k = 1; k < 7; k++)
        printf("%-30s %9.4f %8.3f %10.2f\n", names[k], t[k][rounds / 2], t[k][rounds / 2] * per, c[k][rounds / 2] * per);
    const double parts = t[3][rounds / 2] + t[5][rounds / 2] + t[6][rounds / 2];
    const double cparts = (c[3][rounds / 2] + c[5][rounds / 2] + c[6][rounds / 2]) * per;
    printf("%-30s %9.4f %8.3f %10.2f\n", "divider + encodings + dequant", parts, parts * per, cparts);
    printf("0.6 x float32 would be %.2f cycles/element\n", 0.6 * c[1][rounds / 2] * per);
}
#endif

int main(int argc, char **argv) {
    N = argc > 1 ? strtoul(argv[1], NULL, 10) : 1u << 24;
    T = argc > 2 ? atoi(argv[2]) : 1;
    int rounds = argc > 3 ? atoi(argv[3]) : 15;
    const char *name = argc > 4 ? argv[4] : "adamw";
    which = !strcmp(name, "sgd") ? 2 : !strcmp(name, "lion") ? 3 : 1;
    const int floor_mode = !strcmp(name, "floors");
    if (N == 0 || T < 1 || T > 64 || rounds < 1 || rounds > 1000) {
        fprintf(stderr, "usage: int8_state_kernels [N] [T 1-64] [rounds 1-1000] [adamw|sgd|lion|floors]\n");
        return 2;
    }
    float smap[256], umap[256];
    dynamic_map(smap, 1);
    dynamic_map(umap, 0);
    umap[0] = umap[1] / 2; /* DynamicQuantizationMap.secondMoment */
    if (descent_qmap_init(&sq, smap) || descent_qmap_init(&uq, umap)) {
        fprintf(stderr, "the maps do not prepare\n");
        return 1;
    }
    P32 = malloc(N * 4), P8 = malloc(N * 4), G = malloc(N * 4), M32 = calloc(N, 4), V32 = calloc(N, 4);
    MC = malloc(N), VC = calloc(N, 1), MA = calloc(N / DESCENT_QBLOCK + 1, 4), VA = calloc(N / DESCENT_QBLOCK + 1, 4);
    memset(MC, 127, N); /* the signed map's zero */
    uint64_t s = 1;
    for (size_t i = 0; i < N; i++) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        float u = (float)((s >> 40) * (1.0 / 16777216.0)) - 0.5f;
        P32[i] = P8[i] = u;
        G[i] = 0.1f * u * u * u;
    }
#ifdef LP_X86
    if (floor_mode) {
        T = 1;
        which = 1;
        for (step = 1; step <= 3; step++) run(); /* a state to encode and decode */
        floors(rounds);
        return 0;
    }
#endif
    double *t32 = malloc(rounds * sizeof(double)), *t8 = malloc(rounds * sizeof(double));
    for (int r = 0; r < rounds + 2; r++) { /* two warm-up rounds */
        step = r + 1;
        int kernel = which;
        which = 0;
        double a = run();
        which = kernel;
        double b = run();
        if (r >= 2) t32[r - 2] = a, t8[r - 2] = b;
    }
    qsort(t32, rounds, sizeof(double), cmp_double);
    qsort(t8, rounds, sizeof(double), cmp_double);
    printf("{\"n\": %zu, \"threads\": %d, \"kernel\": \"%s_int8\", \"float32_adamw_ms\": %.4f, \"int8_ms\": %.4f, \"ratio\": %.3f}\n",
           N, T, name, t32[rounds / 2], t8[rounds / 2], t8[rounds / 2] / t32[rounds / 2]);
    return 0;
}

/* The 8-bit optimizer-state kernels (LowPrecisionState.c) timed directly in C against the float32
   AdamW kernel (AdamW.c), without Swift around them: median milliseconds of one step over N
   parameters on T threads (blocks of 2,048 split as the Swift wrapper splits them), the two
   kernels taking turns in every round. Compiled as SwiftPM compiles the kernels (-O2):
     I=Sources/CDescentKernels
     clang -O2 -I$I/include -I$I scripts/bench/int8_state_kernels.c $I/AdamW.c -o /tmp/int8_state_kernels -lm -lpthread
     /tmp/int8_state_kernels [N=16777216] [T=1] [rounds=15] [adamw|sgd|lion]
   With N = 131072 everything stays in L2 and the time is the kernels' compute alone.
   2026-12-01, this machine (2 cores of a Sapphire Rapids under KVM, shared), N = 131072, T = 1,
   int8 AdamW 0.144 ms against float32 0.089 ms; removing parts of lp512_adamw_int8 one at a
   time put the time in the encodings of m and v (0.034 + 0.028 ms: one 16-lane gather per element
   and state, about 8 TSC cycles per gather here), sqrt and division (0.026), dequantisation
   (0.021) and the rest of the update with its loads and stores (0.035): the parts add up. */
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

int main(int argc, char **argv) {
    N = argc > 1 ? strtoul(argv[1], NULL, 10) : 1u << 24;
    T = argc > 2 ? atoi(argv[2]) : 1;
    int rounds = argc > 3 ? atoi(argv[3]) : 15;
    const char *name = argc > 4 ? argv[4] : "adamw";
    which = !strcmp(name, "sgd") ? 2 : !strcmp(name, "lion") ? 3 : 1;
    if (N == 0 || T < 1 || T > 64 || rounds < 1 || rounds > 1000) {
        fprintf(stderr, "usage: int8_state_kernels [N] [T 1-64] [rounds 1-1000] [adamw|sgd|lion]\n");
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

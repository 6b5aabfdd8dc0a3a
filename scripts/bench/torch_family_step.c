// Times Descent's fused torch-family kernels (Sources/CDescentKernels/TorchKernels.c) on N
// floats split over T threads, as DescentOptim's SGD, NAdam, RMSprop, Adagrad and Adafactor
// split the arena (Adafactor: one sqrt(N) x sqrt(N) matrix, its three passes split by rows,
// plus the parameter-norm pass). Prints one JSON object of median ms per step.
// Built and run by torch_family_step.py.
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "CDescentKernels.h"

enum { SGD, NADAM, RMSPROP, RMSPROP_CM, ADAGRAD, AF_NORM, AF_SUMS, AF_UNORM, AF_APPLY };

typedef struct {
    int kind;
    size_t lo, hi, cols;
    float *p, *g, *a, *b, *c, *row, *col, *colpart;
    double out;
} Job;

static void *run(void *arg) {
    Job *j = arg;
    size_t n = j->hi - j->lo, lo = j->lo;
    switch (j->kind) {
    case SGD: descent_sgd_step(j->p + lo, j->g + lo, j->a + lo, n, 1e-3f, 0.9f, 0.0f, 1e-4f, 0, 0, 0); break;
    case NADAM:
        descent_nadam_step(j->p + lo, j->g + lo, j->a + lo, j->b + lo, n, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.0f, 0, 0,
                           0.1f, 0.9f, 0.01f);
        break;
    case RMSPROP: descent_rmsprop_step(j->p + lo, j->g + lo, j->a + lo, NULL, NULL, n, 1e-3f, 0.99f, 1e-8f, 0, 0, 0, 0); break;
    case RMSPROP_CM:
        descent_rmsprop_step(j->p + lo, j->g + lo, j->a + lo, j->b + lo, j->c + lo, n, 1e-3f, 0.99f, 1e-8f, 0, 0.9f, 1, 0);
        break;
    case ADAGRAD: descent_adagrad_step(j->p + lo, j->g + lo, j->a + lo, n, 1e-3f, 1e-10f, 0, 0); break;
    case AF_NORM: {
        double s = 0;
        for (size_t i = j->lo; i < j->hi; i++) s += (double)j->p[i] * j->p[i];
        j->out = s;
        break;
    }
    case AF_SUMS:
        memset(j->colpart, 0, j->cols * sizeof(float));
        descent_adafactor_square_sums(j->g, j->lo, j->hi, j->cols, j->a, j->colpart);
        break;
    case AF_UNORM:
        j->out = descent_adafactor_matrix(NULL, j->g, j->row, j->col, j->lo, j->hi, j->cols, 1.0f, 1e-30f, 1, 0);
        break;
    case AF_APPLY:
        descent_adafactor_matrix(j->p, j->g, j->row, j->col, j->lo, j->hi, j->cols, 1.0f, 1e-30f, 1.0f, -1e-3f);
        break;
    }
    return NULL;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int threads;
static Job jobs[64];
static pthread_t ids[64];

/// Runs `kind` over [0, n) (rows for the Adafactor passes) split over the threads; returns the summed `out`.
static double parallel(int kind, size_t n, Job base) {
    size_t size = (n + threads - 1) / threads;
    for (int t = 0; t < threads; t++) {
        jobs[t] = base;
        jobs[t].kind = kind;
        jobs[t].lo = t * size < n ? t * size : n;
        jobs[t].hi = (t + 1) * size < n ? (t + 1) * size : n;
        jobs[t].colpart = base.colpart + t * base.cols;
        pthread_create(&ids[t], NULL, run, &jobs[t]);
    }
    double total = 0;
    for (int t = 0; t < threads; t++) {
        pthread_join(ids[t], NULL);
        total += jobs[t].out;
    }
    return total;
}

int main(int argc, char **argv) {
    size_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 16u << 20;
    threads = argc > 2 ? atoi(argv[2]) : 2;
    const int steps = 21;
    size_t side = (size_t)sqrt((double)n);
    float *p = malloc(n * 4), *g = malloc(n * 4), *a = calloc(n, 4), *b = calloc(n, 4), *c = calloc(n, 4);
    float *row = calloc(side, 4), *col = calloc(side, 4), *colpart = calloc(side * threads, 4), *rowsq = calloc(side, 4);
    for (size_t i = 0; i < n; i++) { p[i] = (float)(i % 97) * 0.01f; g[i] = (float)(i % 89) * 0.02f - 0.8f; }
    const char *names[] = {"sgd_momentum", "nadam", "rmsprop", "rmsprop_centered_momentum", "adagrad", "adafactor"};
    printf("{");
    for (int kind = 0; kind < 6; kind++) {
        double times[steps];
        for (int s = 0; s < steps + 3; s++) {
            Job base = {0, 0, 0, side, p, g, a, b, c, row, col, colpart, 0};
            double start = now();
            if (kind < 5) {
                parallel(kind, n, base);
            } else {
                // Adafactor on a side x side matrix: ||p||, row/column sums of g^2, blend, ||u||, apply.
                double pnorm = parallel(AF_NORM, side * side, base);
                base.a = rowsq;
                parallel(AF_SUMS, side, base);
                for (size_t j = 0; j < side; j++) {
                    float s2 = 0;
                    for (int t = 0; t < threads; t++) s2 += colpart[t * side + j];
                    col[j] += 0.5f * (s2 / side - col[j]);
                }
                float rsum = 0;
                for (size_t i = 0; i < side; i++) { row[i] += 0.5f * (rowsq[i] / side - row[i]); rsum += row[i]; }
                double unorm = parallel(AF_UNORM, side, base);
                (void)pnorm; (void)unorm; (void)rsum;
                parallel(AF_APPLY, side, base);
            }
            if (s >= 3) times[s - 3] = now() - start;
        }
        qsort(times, steps, sizeof(double), compare);
        printf("%s\"%s\": %.3f", kind ? ", " : "", names[kind], times[steps / 2]);
    }
    printf("}\n");
    return 0;
}

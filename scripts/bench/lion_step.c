// Times Descent's fused Lion kernel (Sources/CDescentKernels/Lion.c) on N floats, split over
// T threads as DescentOptim's `Lion` splits the arena; prints the median ms per step.
// Built and run by lion_step.py.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "CDescentKernels.h"

typedef struct { float *p, *g, *m; size_t n; } Chunk;

static void *run(void *arg) {
    Chunk *c = arg;
    descent_lion_step(c->p, c->g, c->m, c->n, 1e-4f, 0.9f, 0.99f, 1.0f - 1e-4f * 0.01f);
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

int main(int argc, char **argv) {
    size_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 16u << 20;
    int threads = argc > 2 ? atoi(argv[2]) : 2;
    int steps = 21;
    float *p = malloc(n * sizeof(float)), *g = malloc(n * sizeof(float)), *m = malloc(n * sizeof(float));
    for (size_t i = 0; i < n; i++) { p[i] = (float)(i % 97) * 0.01f; g[i] = (float)(i % 89) * 0.02f - 0.8f; m[i] = 0; }
    double times[64];
    pthread_t ids[64];
    Chunk chunks[64];
    size_t size = (n + threads - 1) / threads;
    for (int s = 0; s < steps + 3; s++) {
        double start = now();
        for (int t = 0; t < threads; t++) {
            size_t lo = t * size, hi = lo + size < n ? lo + size : n;
            chunks[t] = (Chunk){p + lo, g + lo, m + lo, hi - lo};
            pthread_create(&ids[t], NULL, run, &chunks[t]);
        }
        for (int t = 0; t < threads; t++) pthread_join(ids[t], NULL);
        if (s >= 3) times[s - 3] = now() - start;
    }
    qsort(times, steps, sizeof(double), compare);
    printf("%.3f\n", times[steps / 2]);
    return 0;
}

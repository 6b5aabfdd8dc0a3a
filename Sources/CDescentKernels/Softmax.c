#include "CDescentKernels.h"
#include "ElementaryFunctions.h"
#include "KernelSupport.h"
#include <math.h>

/* Lanes of the running maximum and sum: a fixed-width inner loop that vectorises without
   reassociating float arithmetic across it. */
enum { LANES = 16 };

DESCENT_CLONES
void descent_log_softmax_rows(const float *restrict x, float *restrict out, size_t rows, size_t n) {
    for (size_t r = 0; r < rows; r++) {
        const float *xr = x + r * n;
        float *o = out + r * n;
        float maxima[LANES], sums[LANES];
        for (int j = 0; j < LANES; j++) maxima[j] = -__builtin_inff();
        size_t i = 0;
        for (; i + LANES <= n; i += LANES)
            for (int j = 0; j < LANES; j++) maxima[j] = xr[i + j] > maxima[j] ? xr[i + j] : maxima[j];
        for (; i < n; i++) maxima[0] = xr[i] > maxima[0] ? xr[i] : maxima[0];
        float m = -__builtin_inff();
        for (int j = 0; j < LANES; j++) m = maxima[j] > m ? maxima[j] : m;
        if (m == -__builtin_inff()) m = 0.0f; /* a row of -inf (or empty) stays finite here */
        for (int j = 0; j < LANES; j++) sums[j] = 0.0f;
        i = 0;
        for (; i + LANES <= n; i += LANES)
            for (int j = 0; j < LANES; j++) sums[j] += descent_expf(xr[i + j] - m);
        for (; i < n; i++) sums[0] += descent_expf(xr[i] - m);
        float s = 0.0f;
        for (int j = 0; j < LANES; j++) s += sums[j];
        /* (x - m) - log s, not x - (m + log s): the latter rounds log s to m's precision. */
        const float log_sum = logf(s);
#pragma clang loop vectorize(enable)
        for (size_t k = 0; k < n; k++) o[k] = (xr[k] - m) - log_sum;
    }
}

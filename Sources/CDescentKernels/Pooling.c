#include "CDescentKernels.h"
#include "KernelSupport.h"

DESCENT_CLONES
void descent_max_pool_2x2(const float *restrict x, size_t planes, size_t height, size_t width,
                          float *restrict y, int32_t *restrict argmax) {
    const size_t oh = height / 2, ow = width / 2;
    for (size_t p = 0; p < planes; p++) {
        const float *plane = x + p * height * width;
        for (size_t oy = 0; oy < oh; oy++) {
            const float *r0 = plane + 2 * oy * width, *r1 = r0 + width;
            float *out = y + (p * oh + oy) * ow;
            int32_t *index = argmax + (p * oh + oy) * ow;
            const int32_t top = (int32_t)(2 * oy * width), bottom = top + (int32_t)width;
#pragma clang loop vectorize(enable)
            for (size_t ox = 0; ox < ow; ox++) {
                /* Row-major order, a later value winning when greater or NaN, as the general loop. */
                float best = r0[2 * ox];
                int32_t at = top + (int32_t)(2 * ox);
                float v = r0[2 * ox + 1];
                if (v > best || v != v) { best = v; at = top + (int32_t)(2 * ox + 1); }
                v = r1[2 * ox];
                if (v > best || v != v) { best = v; at = bottom + (int32_t)(2 * ox); }
                v = r1[2 * ox + 1];
                if (v > best || v != v) { best = v; at = bottom + (int32_t)(2 * ox + 1); }
                out[ox] = best;
                index[ox] = at;
            }
        }
    }
}

#include "CDescentKernels.h"
#include "KernelSupport.h"

DESCENT_CLONES
void descent_relu(const float *restrict x, float *restrict y, size_t count) {
#pragma clang loop vectorize(enable)
    for (size_t i = 0; i < count; i++) y[i] = x[i] <= 0.0f ? 0.0f : x[i];
}

DESCENT_CLONES
void descent_relu_backward(const float *restrict g, const float *restrict y, float *restrict out, size_t count) {
#pragma clang loop vectorize(enable)
    for (size_t i = 0; i < count; i++) out[i] = y[i] > 0.0f ? g[i] : 0.0f;
}

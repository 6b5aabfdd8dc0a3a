#include "CDescentKernels.h"
#include "ElementaryFunctions.h"
#include "KernelSupport.h"

DESCENT_CLONES
void descent_exp(const float *restrict x, float *restrict y, size_t count) {
#pragma clang loop vectorize(enable)
    for (size_t i = 0; i < count; i++) y[i] = descent_expf(x[i]);
}

DESCENT_CLONES
void descent_tanh(const float *restrict x, float *restrict y, size_t count) {
#pragma clang loop vectorize(enable)
    for (size_t i = 0; i < count; i++) y[i] = descent_tanhf(x[i]);
}

DESCENT_CLONES
void descent_sigmoid(const float *restrict x, float *restrict y, size_t count) {
#pragma clang loop vectorize(enable)
    for (size_t i = 0; i < count; i++) y[i] = descent_sigmoidf(x[i]);
}

#include "CDescentKernels.h"
#include "ElementaryFunctions.h"
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

static const float inverse_sqrt2 = 0.70710678118654752f;
static const float inverse_sqrt_2pi = 0.39894228040143268f;
static const float sqrt_2_over_pi = 0.79788456080286536f;

DESCENT_CLONES
void descent_gelu(const float *restrict x, float *restrict y, size_t count) {
#pragma clang loop vectorize(enable)
    for (size_t i = 0; i < count; i++) y[i] = 0.5f * x[i] * (1.0f + descent_erff(x[i] * inverse_sqrt2));
}

DESCENT_CLONES
void descent_gelu_backward(const float *restrict g, const float *restrict x, float *restrict out, size_t count) {
#pragma clang loop vectorize(enable)
    for (size_t i = 0; i < count; i++) {
        float v = x[i];
        float cdf = 0.5f * (1.0f + descent_erff(v * inverse_sqrt2));
        float pdf = inverse_sqrt_2pi * descent_expf(-0.5f * v * v);
        out[i] = g[i] * (cdf + v * pdf);
    }
}

DESCENT_CLONES
void descent_gelu_tanh(const float *restrict x, float *restrict y, size_t count) {
#pragma clang loop vectorize(enable)
    for (size_t i = 0; i < count; i++) {
        float v = x[i];
        y[i] = 0.5f * v * (1.0f + descent_tanhf(sqrt_2_over_pi * (v + 0.044715f * v * v * v)));
    }
}

DESCENT_CLONES
void descent_gelu_tanh_backward(const float *restrict g, const float *restrict x, float *restrict out, size_t count) {
#pragma clang loop vectorize(enable)
    for (size_t i = 0; i < count; i++) {
        float v = x[i];
        float t = descent_tanhf(sqrt_2_over_pi * (v + 0.044715f * v * v * v));
        float inner_derivative = sqrt_2_over_pi * (1.0f + 3.0f * 0.044715f * v * v);
        out[i] = g[i] * (0.5f * (1.0f + t) + 0.5f * v * (1.0f - t * t) * inner_derivative);
    }
}

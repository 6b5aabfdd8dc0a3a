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

static const float inverse_sqrt_2pi = 0.39894228040143268f;
static const float sqrt_2_over_pi = 0.79788456080286536f;

/* GELU(x) = x Phi(x), and its derivative Phi(x) + x phi(x). */
static inline float gelu_of(float x) {
    float density;
    return x * descent_normal_cdf(x, &density);
}

static inline float gelu_derivative(float x) {
    float density;
    float cdf = descent_normal_cdf(x, &density);
    return cdf + x * (inverse_sqrt_2pi * density);
}

DESCENT_CLONES
void descent_gelu(const float *restrict x, float *restrict y, size_t count) {
#pragma clang loop vectorize(enable)
    for (size_t i = 0; i < count; i++) y[i] = gelu_of(x[i]);
}

DESCENT_CLONES
void descent_gelu_backward(const float *restrict g, const float *restrict x, float *restrict out, size_t count) {
#pragma clang loop vectorize(enable)
    for (size_t i = 0; i < count; i++) out[i] = g[i] * gelu_derivative(x[i]);
}

DESCENT_CLONES
void descent_bias_gelu(float *restrict z, const float *restrict bias, float *restrict y, size_t rows, size_t n) {
    for (size_t r = 0; r < rows; r++) {
        float *zr = z + r * n, *yr = y + r * n;
#pragma clang loop vectorize(enable)
        for (size_t j = 0; j < n; j++) {
            float v = zr[j] + bias[j];
            zr[j] = v;
            yr[j] = gelu_of(v);
        }
    }
}

DESCENT_CLONES
void descent_bias_gelu_backward(const float *restrict g, const float *restrict z, float *restrict dz,
                                float *restrict bias_gradient, size_t rows, size_t n) {
    for (size_t r = 0; r < rows; r++) {
        const float *gr = g + r * n, *zr = z + r * n;
        float *dr = dz + r * n;
#pragma clang loop vectorize(enable)
        for (size_t j = 0; j < n; j++) {
            float d = gr[j] * gelu_derivative(zr[j]);
            dr[j] = d;
            bias_gradient[j] += d;
        }
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

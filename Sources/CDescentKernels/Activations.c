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
void descent_bias_gelu(float *restrict y, const float *restrict bias, float *restrict derivative, size_t rows, size_t n) {
    for (size_t r = 0; r < rows; r++) {
        float *yr = y + r * n;
        if (derivative) {
            float *dr = derivative + r * n;
#pragma clang loop vectorize(enable)
            for (size_t j = 0; j < n; j++) {
                float v = yr[j] + bias[j], density;
                float cdf = descent_normal_cdf(v, &density);
                yr[j] = v * cdf;
                dr[j] = cdf + v * (inverse_sqrt_2pi * density);
            }
        } else {
#pragma clang loop vectorize(enable)
            for (size_t j = 0; j < n; j++) yr[j] = gelu_of(yr[j] + bias[j]);
        }
    }
}

DESCENT_CLONES
void descent_scale_rows_summing_columns(const float *restrict g, const float *restrict scale, float *restrict out,
                                        float *restrict column_sums, size_t rows, size_t n) {
    for (size_t r = 0; r < rows; r++) {
        const float *gr = g + r * n, *sr = scale + r * n;
        float *o = out + r * n;
#pragma clang loop vectorize(enable)
        for (size_t j = 0; j < n; j++) {
            float d = gr[j] * sr[j];
            o[j] = d;
            column_sums[j] += d;
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

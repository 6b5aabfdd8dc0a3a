#include "TorchKernels.h"
#include "KernelSupport.h"

/* torch.lerp's rounding: start + w (end - start) for |w| < 0.5, else end - (end - start)(1 - w). */
static inline float descent_lerp(float start, float end, float w, int small) {
    return small ? start + w * (end - start) : end - (end - start) * (1.0f - w);
}

DESCENT_CLONES
void descent_sgd_step(float *restrict param, const float *restrict grad, float *restrict buf,
                      size_t count, float lr, float momentum, float dampening, float weight_decay,
                      int nesterov, float grad_scale, int first) {
    const float sign = grad_scale;
    const float keep = 1.0f - dampening;
    if (momentum == 0.0f || !buf) {
#pragma clang loop vectorize(enable)
        for (size_t i = 0; i < count; i++) param[i] -= lr * (sign * grad[i] + weight_decay * param[i]);
    } else if (first) {
#pragma clang loop vectorize(enable)
        for (size_t i = 0; i < count; i++) {
            float d = sign * grad[i] + weight_decay * param[i];
            buf[i] = d;
            param[i] -= lr * (nesterov ? d + momentum * d : d);
        }
    } else if (nesterov) {
#pragma clang loop vectorize(enable)
        for (size_t i = 0; i < count; i++) {
            float d = sign * grad[i] + weight_decay * param[i];
            float b = momentum * buf[i] + keep * d;
            buf[i] = b;
            param[i] -= lr * (d + momentum * b);
        }
    } else {
#pragma clang loop vectorize(enable)
        for (size_t i = 0; i < count; i++) {
            float d = sign * grad[i] + weight_decay * param[i];
            float b = momentum * buf[i] + keep * d;
            buf[i] = b;
            param[i] -= lr * b;
        }
    }
}

DESCENT_CLONES
void descent_nadam_step(float *restrict param, const float *restrict grad, float *restrict m,
                        float *restrict v, size_t count, float lr, float beta1, float beta2, float eps,
                        float weight_decay, int decoupled, float grad_scale, float c_grad, float c_moment,
                        float bias_correction2) {
    const float sign = grad_scale;
    const float w1 = 1.0f - beta1, w2 = 1.0f - beta2;
    const int small = w1 < 0.5f;
    const float coupled = decoupled ? 0.0f : weight_decay;
    const float decay = decoupled ? 1.0f - lr * weight_decay : 1.0f;
    const float a = -lr * c_grad, b = -lr * c_moment;
#pragma clang loop vectorize(enable)
    for (size_t i = 0; i < count; i++) {
        float p = param[i];
        float g = sign * grad[i] + coupled * p;
        float mi = descent_lerp(m[i], g, w1, small);
        float vi = beta2 * v[i] + w2 * g * g;
        m[i] = mi;
        v[i] = vi;
        float d = DESCENT_SQRT(vi / bias_correction2) + eps;
        param[i] = p * decay + (a * g + b * mi) / d;
    }
}

DESCENT_CLONES
void descent_rmsprop_step(float *restrict param, const float *restrict grad, float *restrict v,
                          float *restrict gavg, float *restrict buf, size_t count, float lr, float alpha,
                          float eps, float weight_decay, float momentum, int centered, float grad_scale) {
    const float sign = grad_scale;
    const float w = 1.0f - alpha;
    const int small = w < 0.5f;
    if (centered && buf) {
#pragma clang loop vectorize(enable)
        for (size_t i = 0; i < count; i++) {
            float g = sign * grad[i] + weight_decay * param[i];
            float vi = alpha * v[i] + w * g * g;
            float mi = descent_lerp(gavg[i], g, w, small);
            v[i] = vi;
            gavg[i] = mi;
            float b = momentum * buf[i] + g / (DESCENT_SQRT(vi - mi * mi) + eps);
            buf[i] = b;
            param[i] -= lr * b;
        }
    } else if (centered) {
#pragma clang loop vectorize(enable)
        for (size_t i = 0; i < count; i++) {
            float g = sign * grad[i] + weight_decay * param[i];
            float vi = alpha * v[i] + w * g * g;
            float mi = descent_lerp(gavg[i], g, w, small);
            v[i] = vi;
            gavg[i] = mi;
            param[i] -= lr * (g / (DESCENT_SQRT(vi - mi * mi) + eps));
        }
    } else if (buf) {
#pragma clang loop vectorize(enable)
        for (size_t i = 0; i < count; i++) {
            float g = sign * grad[i] + weight_decay * param[i];
            float vi = alpha * v[i] + w * g * g;
            v[i] = vi;
            float b = momentum * buf[i] + g / (DESCENT_SQRT(vi) + eps);
            buf[i] = b;
            param[i] -= lr * b;
        }
    } else {
#pragma clang loop vectorize(enable)
        for (size_t i = 0; i < count; i++) {
            float g = sign * grad[i] + weight_decay * param[i];
            float vi = alpha * v[i] + w * g * g;
            v[i] = vi;
            param[i] -= lr * (g / (DESCENT_SQRT(vi) + eps));
        }
    }
}

DESCENT_CLONES
void descent_adagrad_step(float *restrict param, const float *restrict grad, float *restrict sum,
                          size_t count, float clr, float eps, float weight_decay, float grad_scale) {
    const float sign = grad_scale;
#pragma clang loop vectorize(enable)
    for (size_t i = 0; i < count; i++) {
        float g = sign * grad[i] + weight_decay * param[i];
        float s = sum[i] + g * g;
        sum[i] = s;
        param[i] -= clr * (g / (DESCENT_SQRT(s) + eps));
    }
}

DESCENT_CLONES
void descent_adafactor_square_sums(const float *restrict grad, size_t row_begin, size_t row_end,
                                   size_t cols, float *restrict row_sq, float *restrict col_sq) {
    for (size_t i = row_begin; i < row_end; i++) {
        const float *restrict line = grad + i * cols;
        float total = 0.0f;
#pragma clang loop vectorize(enable)
        for (size_t j = 0; j < cols; j++) {
            float x = line[j] * line[j];
            total += x;
            col_sq[j] += x;
        }
        row_sq[i] = total;
    }
}

DESCENT_CLONES
double descent_adafactor_matrix(float *restrict param, const float *restrict grad,
                                const float *restrict row, const float *restrict col, size_t row_begin,
                                size_t row_end, size_t cols, float inv_row_mean, float floor, float decay,
                                float scale) {
    double total = 0.0;
    for (size_t i = row_begin; i < row_end; i++) {
        const float *restrict g = grad + i * cols;
        const float r = row[i] * inv_row_mean;
        if (param) {
            float *restrict p = param + i * cols;
#pragma clang loop vectorize(enable)
            for (size_t j = 0; j < cols; j++) {
                float v = r * col[j];
                v = v > floor ? v : floor;
                p[j] = p[j] * decay + scale * (g[j] / DESCENT_SQRT(v));
            }
        } else {
            float line = 0.0f;
#pragma clang loop vectorize(enable)
            for (size_t j = 0; j < cols; j++) {
                float v = r * col[j];
                v = v > floor ? v : floor;
                float u = g[j] / DESCENT_SQRT(v);
                line += u * u;
            }
            total += line;
        }
    }
    return total;
}

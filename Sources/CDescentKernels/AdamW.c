#include "CDescentKernels.h"
#include "KernelSupport.h"

DESCENT_CLONES
void descent_adamw_step(float *restrict param, const float *restrict grad, float *restrict m,
                        float *restrict v, float *restrict vmax, size_t count, float lr,
                        float beta1, float beta2, float eps, float weight_decay,
                        float coupled_weight_decay, float bias_correction1, float bias_correction2_sqrt, int amsgrad,
                        float grad_scale) {
    const float decay = 1.0f - lr * weight_decay;
    const float step_size = lr / bias_correction1;
    const float one_minus_b1 = 1.0f - beta1;
    const float one_minus_b2 = 1.0f - beta2;
    const float sign = grad_scale;
    if (amsgrad) {
#pragma clang loop vectorize(enable)
        for (size_t i = 0; i < count; i++) {
            float g = sign * grad[i] + coupled_weight_decay * param[i];
            float p = param[i] * decay;
            float mi = beta1 * m[i] + one_minus_b1 * g;
            float vi = beta2 * v[i] + one_minus_b2 * g * g;
            float vm = vmax[i] > vi ? vmax[i] : vi;
            m[i] = mi;
            v[i] = vi;
            vmax[i] = vm;
            float denom = DESCENT_SQRT(vm) / bias_correction2_sqrt + eps;
            param[i] = p - step_size * mi / denom;
        }
    } else {
#pragma clang loop vectorize(enable)
        for (size_t i = 0; i < count; i++) {
            float g = sign * grad[i] + coupled_weight_decay * param[i];
            float p = param[i] * decay;
            float mi = beta1 * m[i] + one_minus_b1 * g;
            float vi = beta2 * v[i] + one_minus_b2 * g * g;
            m[i] = mi;
            v[i] = vi;
            float denom = DESCENT_SQRT(vi) / bias_correction2_sqrt + eps;
            param[i] = p - step_size * mi / denom;
        }
    }
}

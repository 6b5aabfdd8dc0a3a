#include "CDescentKernels.h"
#include "KernelSupport.h"

DESCENT_CLONES
void descent_lion_step(float *restrict param, const float *restrict grad, float *restrict m,
                       size_t count, float lr, float beta1, float beta2, float decay, float grad_scale) {
    const float one_minus_b1 = 1.0f - beta1;
    const float one_minus_b2 = 1.0f - beta2;
#pragma clang loop vectorize(enable)
    for (size_t i = 0; i < count; i++) {
        float g = grad_scale * grad[i];
        float mi = m[i];
        float c = mi * beta1 + one_minus_b1 * g;
        float sign = (c > 0.0f ? 1.0f : 0.0f) - (c < 0.0f ? 1.0f : 0.0f);
        param[i] = param[i] * decay - lr * sign;
        m[i] = mi * beta2 + one_minus_b2 * g;
    }
}

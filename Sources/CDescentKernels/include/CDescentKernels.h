#ifndef CDESCENT_KERNELS_H
#define CDESCENT_KERNELS_H
#include <stddef.h>

/// One fused AdamW step over `count` floats starting at the pointers (a slice of the
/// parameter arena). Matches torch.optim.AdamW: decoupled decay p *= 1 - lr*wd, then
/// m = b1 m + (1-b1) g, v = b2 v + (1-b2) g^2, p -= lr/bc1 * m / (sqrt(v)/sqrt(bc2) + eps).
/// With `amsgrad` non-zero, `vmax` keeps the running maximum of v and is used instead.
/// `coupled_weight_decay` adds λ·p to the (sign-flipped) gradient first: torch.optim.Adam.
void descent_adamw_step(float *param, const float *grad, float *m, float *v, float *vmax,
                        size_t count, float lr, float beta1, float beta2, float eps,
                        float weight_decay, float coupled_weight_decay, float bias_correction1, float bias_correction2_sqrt,
                        int amsgrad, float grad_scale);

/// Asks glibc's malloc to keep freed memory for reuse instead of returning it to the
/// kernel after every large free (a training step frees and reallocates the same sizes
/// each step; returning them costs a page fault per 4 KiB on the next step). Does nothing
/// on other C libraries. Called by the executables, not by the libraries.
void descent_tune_allocator(void);

/// One fused Lion step over `count` floats (lion-pytorch's update): p = p * decay - lr *
/// sign(beta1 m + (1-beta1) g), then m = beta2 m + (1-beta2) g, with g = grad_scale * grad;
/// `decay` is 1 - lr*wd.
void descent_lion_step(float *param, const float *grad, float *m, size_t count, float lr,
                       float beta1, float beta2, float decay, float grad_scale);

/// y = max(x, 0) over `count` floats, as torch.relu: NaN stays NaN, −0 becomes 0.
void descent_relu(const float *x, float *y, size_t count);

/// The gradient of relu from its output: out = g where y > 0, else 0.
void descent_relu_backward(const float *g, const float *y, float *out, size_t count);

/// GELU, exact (erf) form, over `count` floats, and its gradient given the input `x`.
void descent_gelu(const float *x, float *y, size_t count);
void descent_gelu_backward(const float *g, const float *x, float *out, size_t count);

/// GELU, tanh approximation, and its gradient given the input `x`.
void descent_gelu_tanh(const float *x, float *y, size_t count);
void descent_gelu_tanh_backward(const float *g, const float *x, float *out, size_t count);

/// e^x, tanh and the logistic function over `count` floats, vectorised (ElementaryFunctions.h:
/// NaN stays NaN; e^x overflows to +inf and underflows through the subnormals as libm's does).
void descent_exp(const float *x, float *y, size_t count);
void descent_tanh(const float *x, float *y, size_t count);
void descent_sigmoid(const float *x, float *y, size_t count);

/// Log-softmax of `rows` contiguous rows of `n` floats: (x - max) - log Σ exp(x - max),
/// stable for large inputs; a NaN makes its row NaN, as in PyTorch.
void descent_log_softmax_rows(const float *x, float *out, size_t rows, size_t n);

#include "TorchKernels.h"

#endif

#ifndef CDESCENT_TORCH_KERNELS_H
#define CDESCENT_TORCH_KERNELS_H
#include <stddef.h>

/// One fused torch.optim.SGD step over `count` floats: d = ±g + wd p; with momentum
/// b = mu b + (1 - dampening) d (b = d when `first`), d = d + mu b (Nesterov) or b;
/// p -= lr d. `buf` may be NULL when momentum is 0.
void descent_sgd_step(float *param, const float *grad, float *buf, size_t count, float lr,
                      float momentum, float dampening, float weight_decay, int nesterov,
                      float grad_scale, int first);

/// One fused torch.optim.NAdam step over `count` floats: g = ±g (+ wd p unless decoupled,
/// where p *= 1 - lr wd), m = lerp(m, g, 1 - b1), v = b2 v + (1-b2) g^2,
/// p -= lr (c_grad g + c_moment m) / (sqrt(v / bc2) + eps).
void descent_nadam_step(float *param, const float *grad, float *m, float *v, size_t count, float lr,
                        float beta1, float beta2, float eps, float weight_decay, int decoupled,
                        float grad_scale, float c_grad, float c_moment, float bias_correction2);

/// One fused torch.optim.RMSprop step: g = ±g + wd p, v = a v + (1-a) g^2, (centred:
/// gavg = lerp(gavg, g, 1-a), d = sqrt(v - gavg^2)) d = sqrt(v), u = g / (d + eps);
/// with momentum b = mu b + u, p -= lr b; else p -= lr u. `gavg`/`buf` may be NULL
/// when unused.
void descent_rmsprop_step(float *param, const float *grad, float *v, float *gavg, float *buf,
                          size_t count, float lr, float alpha, float eps, float weight_decay,
                          float momentum, int centered, float grad_scale);

/// One fused torch.optim.Adagrad step: g = ±g + wd p, s += g^2, p -= clr g / (sqrt(s) + eps).
void descent_adagrad_step(float *param, const float *grad, float *sum, size_t count, float clr,
                          float eps, float weight_decay, float grad_scale);

/// Adafactor's per-row sums of squares of rows [row_begin, row_end) of a rows x cols
/// matrix (into row_sq) and their column sums of squares added into col_sq.
void descent_adafactor_square_sums(const float *grad, size_t row_begin, size_t row_end, size_t cols,
                                   float *row_sq, float *col_sq);

/// Adafactor's update u = g / sqrt(max(row[i] col[j] * inv_row_mean, floor)) over rows
/// [row_begin, row_end): returns the sum of u^2 when `param` is NULL, otherwise applies
/// p = p * decay + scale * u and returns 0.
double descent_adafactor_matrix(float *param, const float *grad, const float *row, const float *col,
                                size_t row_begin, size_t row_end, size_t cols, float inv_row_mean,
                                float floor, float decay, float scale);

#endif

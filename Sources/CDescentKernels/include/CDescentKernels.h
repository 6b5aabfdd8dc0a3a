#ifndef CDESCENT_KERNELS_H
#define CDESCENT_KERNELS_H
#include <stddef.h>
#include <stdint.h>

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

/// LAPACK's `dsyevd` (eigenvalues ascending into `values`, eigenvectors into the columns of
/// the column-major n × n `a`) from OpenBLAS, loaded on first use (OpenBLASCore.c); returns
/// LAPACK's info, or -1 when OpenBLAS cannot be loaded.
int descent_dsyevd(int n, double *a, double *values);

/// Row-major C (m × n) = A (m × k) · B (k × n), or · Bᵀ (B n × k), by OpenBLAS's `cblas_dgemm`
/// on one thread; returns -1 when OpenBLAS cannot be loaded.
int descent_dgemm(int m, int n, int k, const double *a, const double *b, int transpose_b, double *c);

/// The kernels OpenBLAS runs (`openblas_get_corename`), or NULL when it cannot be loaded.
const char *descent_openblas_corename(void);

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
/// y = GELU(y + bias) in place over `rows` rows of `n` floats, and derivative = GELU'(y + bias)
/// when it is not NULL (a linear layer's bias add and activation, in one pass).
void descent_bias_gelu(float *y, const float *bias, float *derivative, size_t rows, size_t n);
/// out = g · scale elementwise over `rows` rows of `n` floats, and column_sums[j] += Σ_rows out[·][j]
/// (row by row, in order): an activation's backward with its bias gradient.
void descent_scale_rows_summing_columns(const float *g, const float *scale, float *out, float *column_sums, size_t rows,
                                        size_t n);

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

/* ---- Causal attention of one head (Attention.c) ---- */

/// Whether the register-tiled head kernels take head width `d` (a multiple of 16, at most 128).
int descent_attention_head_supported(size_t d);
/// Floats of scratch one head's forward or backward needs for `t` positions of width `d`.
size_t descent_attention_scratch(size_t t, size_t d);
/// One head: O = softmax(mask(Q Kᵀ · scale)) V over `t` rows (q, k, v rows `ld` apart, o rows
/// `ldo` apart); lse[i] receives row i's log-normaliser for the backward pass, and
/// `probabilities`, when not NULL, the T×tp tile of P (tp = t rounded up to 16) for it to reuse.
void descent_attention_head_forward(const float *q, const float *k, const float *v, size_t ld, float *o, size_t ldo,
                                    float *lse, float *probabilities, size_t t, size_t d, float scale, float *scratch);
/// One head's gradients dq, dk, dv (rows `ld` apart, overwritten) from the output gradient g
/// and the forward's output o (rows `ldo` apart), log-normalisers, and its P tile when kept
/// (else NULL, and P is recomputed).
void descent_attention_head_backward(const float *q, const float *k, const float *v, size_t ld, const float *g,
                                     const float *o, size_t ldo, const float *lse, const float *probabilities,
                                     float *dq, float *dk, float *dv, size_t t, size_t d, float scale, float *scratch);

/* ---- Low-precision optimizer state (LowPrecisionState.c) ----
   bfloat16 state is rounded stochastically with random bits that depend only on (seed,
   element index): `offset` is the index of the chunk's first element, so a result does not
   depend on how the work is split. 8-bit state is bitsandbytes' blockwise quantisation:
   blocks of DESCENT_QBLOCK elements, one absmax per block, each element the index of the
   nearest entry of a sorted 256-entry map (bitsandbytes' dynamic maps), times the block's
   absmax. Chunks of 8-bit state start at a block boundary; the last block may be partial. */

/// Elements per block of 8-bit state (one absmax each).
#define DESCENT_QBLOCK 2048
/// Buckets per sign of the lookup table that finds a map entry without a binary search.
#define DESCENT_QMAP_BUCKETS 2945
/// Where the negative buckets of a direct table start: the sign bit's place in the top 16 bits of
/// a float less LP_LO's (the 8-bit kernels' bucket index when no clamping is needed).
#define DESCENT_QMAP_NEGATIVE 0x8000

/// A 256-entry quantisation map prepared for the 8-bit kernels (descent_qmap_init).
typedef struct descent_qmap {
    /// The map's values, strictly increasing.
    float code[256];
    /// threshold[i]: the smallest x for which entry i + 1 is nearer than entry i (+inf at 255).
    float threshold[256];
    /// Per sign and bucket of 2^16 consecutive magnitudes: the code at the bucket's smallest
    /// magnitude << 17 | the low magnitude bits from which the code moves by one (65536: never).
    int32_t lut[2 * DESCENT_QMAP_BUCKETS];
    /// The number of entries with the sign bit set (they come first).
    int32_t negatives;
    /// Whether direct[1] holds (the sign rule never moves a code up, so it depends on x's sign only).
    int32_t direct_keep_sign;
    /// Per rule (0: nearest entry; 1: with the first state's sign rule), sign and bucket (positive
    /// buckets from 0, negative ones from DESCENT_QMAP_NEGATIVE, the 0x3400 entries before those
    /// repeating the first negative bucket): (the low magnitude bits from which the second code
    /// applies - 1) << 16 | second code << 8 | first code, so the kernels compare |x| << 16 with the
    /// entry as it is (a bucket whose second code applies from its start holds it twice).
    uint32_t direct[2][DESCENT_QMAP_NEGATIVE + DESCENT_QMAP_BUCKETS];
} descent_qmap;

/// Prepares `q` for the strictly increasing, finite 256-entry map `code`; returns 0, or -1
/// when the map is not strictly increasing or too fine for the lookup table.
int descent_qmap_init(descent_qmap *q, const float *code);

/// The 32 random bits that stochastic rounding uses for element `index` under `seed`
/// (m uses the low 16 bits, v the high 16 bits).
uint32_t descent_stochastic_bits(uint64_t seed, uint64_t index);

/// With `on` nonzero, the low-precision kernels run their portable loops (the compiler's clones)
/// even on a CPU with AVX-512, so tests can check that both give the same bits; returns the
/// previous setting.
int descent_low_precision_portable(int on);

/// float -> bfloat16, rounding to nearest even (NaN stays NaN).
void descent_bf16_from_float(const float *x, uint16_t *out, size_t count);
/// float -> bfloat16, rounding stochastically with the bits of (seed, offset + i).
void descent_bf16_from_float_stochastic(const float *x, uint16_t *out, size_t count, uint64_t seed, uint64_t offset);
/// bfloat16 -> float (exact).
void descent_bf16_to_float(const uint16_t *x, float *out, size_t count);

/// Blockwise quantisation: absmax[b] = max |x| over block b, codes[i] = the index of the map
/// entry nearest to x[i] * (1 / absmax) (the algorithm of bitsandbytes' quantize_blockwise, as
/// its torch reference computes it: exact nearest entry, the lower one on a tie). With `keep_sign`, a code
/// whose entry has the other sign than x[i] moves one entry towards x's sign (bitsandbytes'
/// rule for the first state of its 8-bit optimizers).
void descent_quantize_blockwise(const float *x, uint8_t *codes, float *absmax, size_t count,
                                const descent_qmap *q, int keep_sign);
/// Blockwise dequantisation: out[i] = map[codes[i]] * absmax[i / DESCENT_QBLOCK].
void descent_dequantize_blockwise(const uint8_t *codes, const float *absmax, float *out, size_t count,
                                  const descent_qmap *q);

/// descent_adamw_step (without amsgrad) with m and v stored as bfloat16, rounded stochastically;
/// sqrt(v) is multiplied by 1 / bias_correction2_sqrt (here and in the int8 step) rather than divided.
void descent_adamw_step_bf16(float *param, const float *grad, uint16_t *m, uint16_t *v, size_t count, float lr,
                             float beta1, float beta2, float eps, float weight_decay, float coupled_weight_decay,
                             float bias_correction1, float bias_correction2_sqrt, int maximize, uint64_t seed,
                             uint64_t offset);
/// descent_adamw_step (without amsgrad) with m in the signed and v in the unsigned 8-bit map;
/// `m_absmax` and `v_absmax` hold one float per block of the chunk.
void descent_adamw_step_int8(float *param, const float *grad, int8_t *m, float *m_absmax, uint8_t *v,
                             float *v_absmax, size_t count, float lr, float beta1, float beta2, float eps,
                             float weight_decay, float coupled_weight_decay, float bias_correction1,
                             float bias_correction2_sqrt, int maximize, const descent_qmap *signed_map,
                             const descent_qmap *unsigned_map);
/// descent_sgd_step with the momentum buffer stored as bfloat16, rounded stochastically.
void descent_sgd_step_bf16(float *param, const float *grad, uint16_t *buf, size_t count, float lr, float momentum,
                           float dampening, float weight_decay, int nesterov, int maximize, int first,
                           uint64_t seed, uint64_t offset);
/// descent_sgd_step with the momentum buffer in the signed 8-bit map.
void descent_sgd_step_int8(float *param, const float *grad, int8_t *buf, float *buf_absmax, size_t count, float lr,
                           float momentum, float dampening, float weight_decay, int nesterov, int maximize,
                           int first, const descent_qmap *signed_map);
/// descent_lion_step with m stored as bfloat16, rounded stochastically.
void descent_lion_step_bf16(float *param, const float *grad, uint16_t *m, size_t count, float lr, float beta1,
                            float beta2, float decay, uint64_t seed, uint64_t offset);
/// descent_lion_step with m in the signed 8-bit map.
void descent_lion_step_int8(float *param, const float *grad, int8_t *m, float *m_absmax, size_t count, float lr,
                            float beta1, float beta2, float decay, const descent_qmap *signed_map);

/// Max pooling with a 2×2 kernel, stride 2, no padding, over `planes` planes of height × width
/// (odd last row and column dropped): y and the argmax (flat index within the plane) per output.
void descent_max_pool_2x2(const float *x, size_t planes, size_t height, size_t width, float *y, int32_t *argmax);

#include "TorchKernels.h"
#include "CPURelax.h"

#endif

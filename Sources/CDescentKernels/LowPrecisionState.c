#include <math.h>
#include <stdint.h>
#include <string.h>
#include "CDescentKernels.h"
#include "KernelSupport.h"

/* No fused multiply-adds: every clone rounds alike, so a state written on one machine
   reads back the same on another and the Swift references match bit for bit. */
#pragma clang fp contract(off)

/* Low-precision optimizer state (bfloat16 with stochastic rounding; bitsandbytes-style
   blockwise 8-bit codes). Every kernel reads the state, updates it in float32 and writes it
   back in one pass; the parameter update uses the float32 state before it is rounded. */

static inline uint32_t lp_bits(float f) {
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static inline float lp_float(uint32_t u) {
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

/* ---- bfloat16 ---- */

static inline float lp_bf16_to_float(uint16_t h) { return lp_float((uint32_t)h << 16); }

/* Round to nearest even; NaN stays a (quiet) NaN. */
static inline uint16_t lp_bf16_nearest(float f) {
    uint32_t b = lp_bits(f);
    uint32_t rounded = (b + 0x7fffu + ((b >> 16) & 1u)) >> 16;
    return (b & 0x7fffffffu) > 0x7f800000u ? (uint16_t)((b >> 16) | 0x40u) : (uint16_t)rounded;
}

/* Adds `r` (uniform in 0..65535) below the kept bits and truncates: rounds up with
   probability equal to the dropped fraction, so E[rounded] = f. */
static inline uint16_t lp_bf16_stochastic(float f, uint32_t r) {
    uint32_t b = lp_bits(f);
    uint32_t rounded = (b + r) >> 16;
    return (b & 0x7fffffffu) > 0x7f800000u ? (uint16_t)((b >> 16) | 0x40u) : (uint16_t)rounded;
}

/* One multiply-xorshift round: enough to spread a Weyl sequence (index * golden ^ key) over
   both 16-bit halves for rounding, at a third of a full 32-bit hash's cost. */
static inline uint32_t lp_mix32(uint32_t x) {
    x ^= x >> 16;
    x *= 0x21f0aaadu;
    x ^= x >> 15;
    return x;
}

/* A full hash for the per-seed key. */
static inline uint32_t lp_mix32_full(uint32_t x) {
    x ^= x >> 16;
    x *= 0x7feb352du;
    x ^= x >> 15;
    x *= 0x846ca68bu;
    x ^= x >> 16;
    return x;
}

/* The per-seed key of the counter-based hash. */
static inline uint32_t lp_key(uint64_t seed) {
    return lp_mix32_full((uint32_t)seed ^ 0x5bd1e995u) ^ lp_mix32_full(lp_mix32_full((uint32_t)(seed >> 32) + 0x68e31da4u));
}

/* The key of the elements whose index has upper half `hi`. */
static inline uint32_t lp_segment_key(uint32_t key, uint64_t index) { return key ^ ((uint32_t)(index >> 32) * 0x85ebca6bu); }

/* 32 random bits for element `index`: a function of (seed, index) only. */
static inline uint32_t lp_random(uint32_t key, uint64_t index) {
    return lp_mix32(((uint32_t)index * 0x9e3779b9u) ^ lp_segment_key(key, index));
}

/* The number of elements from `index` on whose upper index half is the same (at most 2^31),
   so a loop over them runs on 32-bit lanes. */
static inline size_t lp_segment(size_t remaining, uint64_t index) {
    uint64_t left = (1ull << 32) - (uint32_t)index;
    if (left > (1ull << 31)) left = 1ull << 31;
    return remaining < left ? remaining : (size_t)left;
}

uint32_t descent_stochastic_bits(uint64_t seed, uint64_t index) { return lp_random(lp_key(seed), index); }

/* Set: the portable loops run even where the AVX-512 paths could (tests compare the two). */
static int lp_portable_only = 0;

int descent_low_precision_portable(int on) { return __atomic_exchange_n(&lp_portable_only, on ? 1 : 0, __ATOMIC_RELAXED); }

/* ---- explicit AVX-512 paths ----
   The loops above vectorise, but the compiler's code is compute-bound (masked truncating
   stores, a multiply per counter, gathers for the 8-bit maps). These hand-written paths do the
   same arithmetic in the same order, so they round bit for bit alike; they run when the CPU has
   AVX-512 F/BW/VL/DQ and VBMI (picked at run time, as the clones are). */
#if defined(__x86_64__) && defined(__clang__)
#define LP_X86 1
#include <immintrin.h>
#define LP_AVX512 __attribute__((target("avx512f,avx512bw,avx512vl,avx512dq,avx512vbmi"), always_inline)) static inline
#define LP_AVX512_FN __attribute__((target("avx512f,avx512bw,avx512vl,avx512dq,avx512vbmi"))) static

static int lp_avx512(void) {
    if (__atomic_load_n(&lp_portable_only, __ATOMIC_RELAXED)) return 0;
    static int cached = -1;
    int c = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (c < 0) {
        __builtin_cpu_init();
        c = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
            __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") &&
            __builtin_cpu_supports("avx512vbmi");
        __atomic_store_n(&cached, c, __ATOMIC_RELAXED);
    }
    return c;
}

/* 16 bfloat16 -> float. */
LP_AVX512 __m512 lp512_bf16_load(const uint16_t *p, __mmask16 k) {
    return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(k, p)), 16));
}

/* lp_bf16_stochastic before the shift: the bits whose upper half is the rounded value. */
LP_AVX512 __m512i lp512_round_hi(__m512 f, __m512i r) {
    __m512i b = _mm512_castps_si512(f);
    __mmask16 nan = _mm512_fpclass_ps_mask(f, 0x81);
    __m512i t = _mm512_add_epi32(b, r);
    return _mm512_mask_or_epi32(t, nan, b, _mm512_set1_epi32(0x00400000));
}

/* The upper halves of a's and b's 32-bit lanes: 32 bfloat16 in order. */
LP_AVX512 __m512i lp512_pack_hi(__m512i a, __m512i b) {
    const __m512i idx = _mm512_set_epi16(63, 61, 59, 57, 55, 53, 51, 49, 47, 45, 43, 41, 39, 37, 35, 33,
                                         31, 29, 27, 25, 23, 21, 19, 17, 15, 13, 11, 9, 7, 5, 3, 1);
    return _mm512_permutex2var_epi16(a, idx, b);
}

/* lp_mix32 of (counter ^ kh). */
LP_AVX512 __m512i lp512_mix(__m512i counter, __m512i kh) {
    __m512i x = _mm512_xor_si512(counter, kh);
    x = _mm512_xor_si512(x, _mm512_srli_epi32(x, 16));
    x = _mm512_mullo_epi32(x, _mm512_set1_epi32((int)0x21f0aaadu));
    return _mm512_xor_si512(x, _mm512_srli_epi32(x, 15));
}

/* (lo + lane + 16 h) * golden for the two halves of a 32-element step. */
LP_AVX512 __m512i lp512_counter(uint32_t lo) {
    const __m512i lanes = _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    return _mm512_mullo_epi32(_mm512_add_epi32(_mm512_set1_epi32((int)lo), lanes), _mm512_set1_epi32((int)0x9e3779b9u));
}

/* Software prefetch LP_PF elements ahead: with the hardware prefetcher alone the streams stall
   behind the divider and the hash (a prefetch past the end is harmless). */
#ifndef LP_PF
#define LP_PF 1024
#endif
LP_AVX512 void lp512_prefetch32(const float *p, const float *g, const uint16_t *a, const uint16_t *b) {
    _mm_prefetch((const char *)(p + LP_PF), _MM_HINT_T0);
    _mm_prefetch((const char *)(p + LP_PF + 16), _MM_HINT_T0);
    _mm_prefetch((const char *)(g + LP_PF), _MM_HINT_T0);
    _mm_prefetch((const char *)(g + LP_PF + 16), _MM_HINT_T0);
    _mm_prefetch((const char *)(a + LP_PF), _MM_HINT_T0);
    if (b) _mm_prefetch((const char *)(b + LP_PF), _MM_HINT_T0);
}

LP_AVX512 __mmask32 lp512_mask32(uint32_t n) { return n >= 32 ? 0xffffffffu : (__mmask32)((1u << n) - 1u); }

LP_AVX512_FN void lp512_adamw_bf16(float *restrict ps, const float *restrict gs, uint16_t *restrict ms,
                                   uint16_t *restrict vs, uint32_t len, uint32_t lo, uint32_t kh, float decay_,
                                   float step_size_, float b1, float omb1_, float b2, float omb2_, float eps_,
                                   float cwd_, float inv_bc2_, int maximize) {
    const __m512 decay = _mm512_set1_ps(decay_), step_size = _mm512_set1_ps(step_size_), beta1 = _mm512_set1_ps(b1),
                 omb1 = _mm512_set1_ps(omb1_), beta2 = _mm512_set1_ps(b2), omb2 = _mm512_set1_ps(omb2_),
                 eps = _mm512_set1_ps(eps_), cwd = _mm512_set1_ps(cwd_), inv_bc2 = _mm512_set1_ps(inv_bc2_);
    const __m512 sign = _mm512_set1_ps(maximize ? -1.0f : 1.0f);
    const __m512i key = _mm512_set1_epi32((int)kh),
                  low16 = _mm512_set1_epi32(0xffff), stride = _mm512_set1_epi32((int)(16u * 0x9e3779b9u));
    __m512i c0 = lp512_counter(lo), c1 = _mm512_add_epi32(c0, stride);
    const __m512i stride2 = _mm512_add_epi32(stride, stride);
    for (uint32_t i = 0; i < len; i += 32) {
        const __mmask32 k = lp512_mask32(len - i);
        __m512i mh[2], vh[2];
        lp512_prefetch32(ps + i, gs + i, ms + i, vs + i);
        for (int h = 0; h < 2; h++) {
            const __mmask16 kk = (__mmask16)(k >> (16 * h));
            const uint32_t j = i + 16 * h;
            __m512 P = _mm512_maskz_loadu_ps(kk, ps + j);
            __m512 G = _mm512_mul_ps(sign, _mm512_maskz_loadu_ps(kk, gs + j));
            __m512 g = _mm512_add_ps(G, _mm512_mul_ps(cwd, P));
            __m512 p = _mm512_mul_ps(P, decay);
            __m512 mi = _mm512_add_ps(_mm512_mul_ps(beta1, lp512_bf16_load(ms + j, kk)), _mm512_mul_ps(omb1, g));
            __m512 vi = _mm512_add_ps(_mm512_mul_ps(beta2, lp512_bf16_load(vs + j, kk)),
                                      _mm512_mul_ps(_mm512_mul_ps(omb2, g), g));
            __m512i r = lp512_mix(h ? c1 : c0, key);
            mh[h] = lp512_round_hi(mi, _mm512_and_si512(r, low16));
            vh[h] = lp512_round_hi(vi, _mm512_srli_epi32(r, 16));
            __m512 denom = _mm512_add_ps(_mm512_mul_ps(_mm512_sqrt_ps(vi), inv_bc2), eps);
            _mm512_mask_storeu_ps(ps + j, kk, _mm512_sub_ps(p, _mm512_div_ps(_mm512_mul_ps(step_size, mi), denom)));
        }
        _mm512_mask_storeu_epi16(ms + i, k, lp512_pack_hi(mh[0], mh[1]));
        _mm512_mask_storeu_epi16(vs + i, k, lp512_pack_hi(vh[0], vh[1]));
        c0 = _mm512_add_epi32(c0, stride2);
        c1 = _mm512_add_epi32(c1, stride2);
    }
}
LP_AVX512_FN void lp512_sgd_bf16(float *restrict ps, const float *restrict gs, uint16_t *restrict bs, uint32_t len,
                                 uint32_t lo, uint32_t kh, float lr_, float momentum_, float mu_, float keep_,
                                 float wd_, int nesterov, int maximize) {
    const __m512 lr = _mm512_set1_ps(lr_), momentum = _mm512_set1_ps(momentum_), mu = _mm512_set1_ps(mu_),
                 keep = _mm512_set1_ps(keep_), wd = _mm512_set1_ps(wd_);
    const __m512 sign = _mm512_set1_ps(maximize ? -1.0f : 1.0f);
    const __m512i key = _mm512_set1_epi32((int)kh),
                  low16 = _mm512_set1_epi32(0xffff), stride = _mm512_set1_epi32((int)(16u * 0x9e3779b9u));
    __m512i c0 = lp512_counter(lo), c1 = _mm512_add_epi32(c0, stride);
    const __m512i stride2 = _mm512_add_epi32(stride, stride);
    for (uint32_t i = 0; i < len; i += 32) {
        const __mmask32 k = lp512_mask32(len - i);
        __m512i bh[2];
        lp512_prefetch32(ps + i, gs + i, bs + i, NULL);
        for (int h = 0; h < 2; h++) {
            const __mmask16 kk = (__mmask16)(k >> (16 * h));
            const uint32_t j = i + 16 * h;
            __m512 P = _mm512_maskz_loadu_ps(kk, ps + j);
            __m512 G = _mm512_mul_ps(sign, _mm512_maskz_loadu_ps(kk, gs + j));
            __m512 d = _mm512_add_ps(G, _mm512_mul_ps(wd, P));
            __m512 b = _mm512_add_ps(_mm512_mul_ps(mu, lp512_bf16_load(bs + j, kk)), _mm512_mul_ps(keep, d));
            bh[h] = lp512_round_hi(b, _mm512_and_si512(lp512_mix(h ? c1 : c0, key), low16));
            __m512 u = nesterov ? _mm512_add_ps(d, _mm512_mul_ps(momentum, b)) : b;
            _mm512_mask_storeu_ps(ps + j, kk, _mm512_sub_ps(P, _mm512_mul_ps(lr, u)));
        }
        _mm512_mask_storeu_epi16(bs + i, k, lp512_pack_hi(bh[0], bh[1]));
        c0 = _mm512_add_epi32(c0, stride2);
        c1 = _mm512_add_epi32(c1, stride2);
    }
}

LP_AVX512_FN void lp512_lion_bf16(float *restrict ps, const float *restrict gs, uint16_t *restrict ms, uint32_t len,
                                  uint32_t lo, uint32_t kh, float lr_, float b1, float omb1_, float b2, float omb2_,
                                  float decay_) {
    const __m512 lr = _mm512_set1_ps(lr_), beta1 = _mm512_set1_ps(b1), omb1 = _mm512_set1_ps(omb1_),
                 beta2 = _mm512_set1_ps(b2), omb2 = _mm512_set1_ps(omb2_), decay = _mm512_set1_ps(decay_),
                 one = _mm512_set1_ps(1.0f), zero = _mm512_setzero_ps();
    const __m512i key = _mm512_set1_epi32((int)kh), low16 = _mm512_set1_epi32(0xffff),
                  stride = _mm512_set1_epi32((int)(16u * 0x9e3779b9u));
    __m512i c0 = lp512_counter(lo), c1 = _mm512_add_epi32(c0, stride);
    const __m512i stride2 = _mm512_add_epi32(stride, stride);
    for (uint32_t i = 0; i < len; i += 32) {
        const __mmask32 k = lp512_mask32(len - i);
        __m512i mh[2];
        lp512_prefetch32(ps + i, gs + i, ms + i, NULL);
        for (int h = 0; h < 2; h++) {
            const __mmask16 kk = (__mmask16)(k >> (16 * h));
            const uint32_t j = i + 16 * h;
            __m512 P = _mm512_maskz_loadu_ps(kk, ps + j);
            __m512 g = _mm512_maskz_loadu_ps(kk, gs + j);
            __m512 mi = lp512_bf16_load(ms + j, kk);
            __m512 c = _mm512_add_ps(_mm512_mul_ps(mi, beta1), _mm512_mul_ps(omb1, g));
            __m512 pos = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(c, zero, _CMP_GT_OQ), zero, one);
            __m512 neg = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(c, zero, _CMP_LT_OQ), zero, one);
            __m512 sg = _mm512_sub_ps(pos, neg);
            _mm512_mask_storeu_ps(ps + j, kk, _mm512_sub_ps(_mm512_mul_ps(P, decay), _mm512_mul_ps(lr, sg)));
            __m512 next = _mm512_add_ps(_mm512_mul_ps(mi, beta2), _mm512_mul_ps(omb2, g));
            mh[h] = lp512_round_hi(next, _mm512_and_si512(lp512_mix(h ? c1 : c0, key), low16));
        }
        _mm512_mask_storeu_epi16(ms + i, k, lp512_pack_hi(mh[0], mh[1]));
        c0 = _mm512_add_epi32(c0, stride2);
        c1 = _mm512_add_epi32(c1, stride2);
    }
}
#endif

DESCENT_CLONES
void descent_bf16_from_float(const float *restrict x, uint16_t *restrict out, size_t count) {
#pragma clang loop vectorize(enable)
    for (size_t i = 0; i < count; i++) out[i] = lp_bf16_nearest(x[i]);
}

DESCENT_CLONES
void descent_bf16_from_float_stochastic(const float *restrict x, uint16_t *restrict out, size_t count,
                                        uint64_t seed, uint64_t offset) {
    const uint32_t key = lp_key(seed);
    for (size_t s = 0; s < count;) {
        const size_t len = lp_segment(count - s, offset + s);
        const uint32_t kh = lp_segment_key(key, offset + s), lo = (uint32_t)(offset + s);
        const float *restrict xs = x + s;
        uint16_t *restrict os = out + s;
#pragma clang loop vectorize(enable)
        for (uint32_t i = 0; i < (uint32_t)len; i++) os[i] = lp_bf16_stochastic(xs[i], lp_mix32(((lo + i) * 0x9e3779b9u) ^ kh) & 0xffffu);
        s += len;
    }
}

DESCENT_CLONES
void descent_bf16_to_float(const uint16_t *restrict x, float *restrict out, size_t count) {
#pragma clang loop vectorize(enable)
    for (size_t i = 0; i < count; i++) out[i] = lp_bf16_to_float(x[i]);
}

DESCENT_CLONES
void descent_adamw_step_bf16(float *restrict param, const float *restrict grad, uint16_t *restrict m,
                             uint16_t *restrict v, size_t count, float lr, float beta1, float beta2, float eps,
                             float weight_decay, float coupled_weight_decay, float bias_correction1,
                             float bias_correction2_sqrt, int maximize, uint64_t seed, uint64_t offset) {
    const float decay = 1.0f - lr * weight_decay;
    const float step_size = lr / bias_correction1;
    const float one_minus_b1 = 1.0f - beta1;
    const float one_minus_b2 = 1.0f - beta2;
    const float sign = maximize ? -1.0f : 1.0f;
    const float inv_bc2 = 1.0f / bias_correction2_sqrt;
    const uint32_t key = lp_key(seed);
#ifdef LP_X86
    if (lp_avx512()) {
        for (size_t s = 0; s < count;) {
            const size_t len = lp_segment(count - s, offset + s);
            lp512_adamw_bf16(param + s, grad + s, m + s, v + s, (uint32_t)len, (uint32_t)(offset + s),
                             lp_segment_key(key, offset + s), decay, step_size, beta1, one_minus_b1, beta2,
                             one_minus_b2, eps, coupled_weight_decay, inv_bc2, maximize);
            s += len;
        }
        return;
    }
#endif
    for (size_t s = 0; s < count;) {
        const size_t len = lp_segment(count - s, offset + s);
        const uint32_t kh = lp_segment_key(key, offset + s), lo = (uint32_t)(offset + s);
        float *restrict ps = param + s;
        const float *restrict gs = grad + s;
        uint16_t *restrict ms = m + s, *restrict vs = v + s;
#pragma clang loop vectorize(enable)
        for (uint32_t i = 0; i < (uint32_t)len; i++) {
            float g = sign * gs[i] + coupled_weight_decay * ps[i];
            float p = ps[i] * decay;
            float mi = beta1 * lp_bf16_to_float(ms[i]) + one_minus_b1 * g;
            float vi = beta2 * lp_bf16_to_float(vs[i]) + one_minus_b2 * g * g;
            uint32_t r = lp_mix32(((lo + i) * 0x9e3779b9u) ^ kh);
            ms[i] = lp_bf16_stochastic(mi, r & 0xffffu);
            vs[i] = lp_bf16_stochastic(vi, r >> 16);
            float denom = DESCENT_SQRT(vi) * inv_bc2 + eps;
            ps[i] = p - step_size * mi / denom;
        }
        s += len;
    }
}

DESCENT_CLONES
void descent_sgd_step_bf16(float *restrict param, const float *restrict grad, uint16_t *restrict buf, size_t count,
                           float lr, float momentum, float dampening, float weight_decay, int nesterov, int maximize,
                           int first, uint64_t seed, uint64_t offset) {
    const float sign = maximize ? -1.0f : 1.0f;
    const float keep = first ? 1.0f : 1.0f - dampening;
    const float mu = first ? 0.0f : momentum;
    const uint32_t key = lp_key(seed);
    if (momentum == 0.0f || !buf) {
#pragma clang loop vectorize(enable)
        for (size_t i = 0; i < count; i++) param[i] -= lr * (sign * grad[i] + weight_decay * param[i]);
        return;
    }
#ifdef LP_X86
    if (lp_avx512()) {
        for (size_t s = 0; s < count;) {
            const size_t len = lp_segment(count - s, offset + s);
            lp512_sgd_bf16(param + s, grad + s, buf + s, (uint32_t)len, (uint32_t)(offset + s),
                           lp_segment_key(key, offset + s), lr, momentum, mu, keep, weight_decay, nesterov, maximize);
            s += len;
        }
        return;
    }
#endif
    for (size_t s = 0; s < count;) {
        const size_t len = lp_segment(count - s, offset + s);
        const uint32_t kh = lp_segment_key(key, offset + s), lo = (uint32_t)(offset + s);
        float *restrict ps = param + s;
        const float *restrict gs = grad + s;
        uint16_t *restrict bs = buf + s;
#pragma clang loop vectorize(enable)
        for (uint32_t i = 0; i < (uint32_t)len; i++) {
            float d = sign * gs[i] + weight_decay * ps[i];
            /* first step: b = d exactly (mu = 0, keep = 1), as torch copies the gradient */
            float b = mu * lp_bf16_to_float(bs[i]) + keep * d;
            bs[i] = lp_bf16_stochastic(b, lp_mix32(((lo + i) * 0x9e3779b9u) ^ kh) & 0xffffu);
            ps[i] -= lr * (nesterov ? d + momentum * b : b);
        }
        s += len;
    }
}

DESCENT_CLONES
void descent_lion_step_bf16(float *restrict param, const float *restrict grad, uint16_t *restrict m, size_t count,
                            float lr, float beta1, float beta2, float decay, uint64_t seed, uint64_t offset) {
    const float one_minus_b1 = 1.0f - beta1;
    const float one_minus_b2 = 1.0f - beta2;
    const uint32_t key = lp_key(seed);
#ifdef LP_X86
    if (lp_avx512()) {
        for (size_t s = 0; s < count;) {
            const size_t len = lp_segment(count - s, offset + s);
            lp512_lion_bf16(param + s, grad + s, m + s, (uint32_t)len, (uint32_t)(offset + s),
                            lp_segment_key(key, offset + s), lr, beta1, one_minus_b1, beta2, one_minus_b2, decay);
            s += len;
        }
        return;
    }
#endif
    for (size_t s = 0; s < count;) {
        const size_t len = lp_segment(count - s, offset + s);
        const uint32_t kh = lp_segment_key(key, offset + s), lo = (uint32_t)(offset + s);
        float *restrict ps = param + s;
        const float *restrict gs = grad + s;
        uint16_t *restrict ms = m + s;
#pragma clang loop vectorize(enable)
        for (uint32_t i = 0; i < (uint32_t)len; i++) {
            float g = gs[i];
            float mi = lp_bf16_to_float(ms[i]);
            float c = mi * beta1 + one_minus_b1 * g;
            float sg = (c > 0.0f ? 1.0f : 0.0f) - (c < 0.0f ? 1.0f : 0.0f);
            ps[i] = ps[i] * decay - lr * sg;
            ms[i] = lp_bf16_stochastic(mi * beta2 + one_minus_b2 * g, lp_mix32(((lo + i) * 0x9e3779b9u) ^ kh) & 0xffffu);
        }
        s += len;
    }
}

/* ---- blockwise 8-bit ---- */

#define LP_LO 0x34000000u /* 2^-23: every smaller magnitude is in the first bucket */
#define LP_HI 0x3f800000u /* 1.0: every larger magnitude is in the last bucket */

/* Orders floats as integers (±0 are both 0). */
static inline int64_t lp_order(float f) {
    uint32_t b = lp_bits(f);
    return (b >> 31) ? -(int64_t)(b & 0x7fffffffu) : (int64_t)b;
}

static inline float lp_unorder(int64_t k) { return k >= 0 ? lp_float((uint32_t)k) : lp_float(0x80000000u | (uint32_t)(-k)); }

/* Whether bitsandbytes' nearest-entry rule picks b over a for x (a <= x <= b). */
static inline int lp_right_closer(float x, float a, float b) { return fabsf(x - b) < fabsf(x - a); }

/* The number of thresholds <= x among t[0..254]. */
static int lp_count(const float *t, float x) {
    int lo = 0, hi = 255;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (t[mid] <= x) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static void lp_direct_init(descent_qmap *q);

int descent_qmap_init(descent_qmap *q, const float *code) {
    for (int i = 0; i < 256; i++) {
        if (!isfinite(code[i])) return -1;
        if (i > 0 && !(code[i - 1] < code[i])) return -1;
        q->code[i] = code[i];
    }
    for (int i = 0; i < 255; i++) {
        int64_t lo = lp_order(code[i]), hi = lp_order(code[i + 1]); /* right is not closer at lo, is at hi */
        while (hi - lo > 1) {
            int64_t mid = lo + (hi - lo) / 2;
            if (lp_right_closer(lp_unorder(mid), code[i], code[i + 1])) hi = mid;
            else lo = mid;
        }
        q->threshold[i] = lp_unorder(hi);
    }
    q->threshold[255] = INFINITY;
    int negatives = 0;
    while (negatives < 256 && signbit(code[negatives])) negatives++;
    q->negatives = negatives;
    /* Per bucket of 2^16 consecutive magnitudes (bit patterns) and sign: the code at the
       bucket's smallest magnitude, and the low 16 bits k of the magnitude from which the code
       is one more (positive) or one less (negative); k = 65536 when no threshold is inside. */
    for (int s = 0; s < 2; s++) {
        for (uint32_t j = 0; j < DESCENT_QMAP_BUCKETS; j++) {
            uint32_t low = j == 0 ? 0u : LP_LO + (j << 16);
            uint32_t high = j == DESCENT_QMAP_BUCKETS - 1 ? 0x7f800000u : LP_LO + (j << 16) + 0xffffu;
            /* the clamped ends are whole buckets: no threshold may fall inside them */
            int clamped = j == 0 || j == DESCENT_QMAP_BUCKETS - 1;
            float near = s ? -lp_float(low) : lp_float(low), far = s ? -lp_float(high) : lp_float(high);
            int base = lp_count(q->threshold, near), end = lp_count(q->threshold, far);
            uint32_t k = 65536u;
            if (end != base) {
                if (clamped || (end > base + 1) || (base > end + 1)) return -1;
                /* positive: threshold[base] is inside, reached at its magnitude; negative:
                   threshold[end] is inside, left once the magnitude exceeds it */
                k = s ? (lp_bits(q->threshold[end]) & 0xffffu) + 1u : lp_bits(q->threshold[base]) & 0xffffu;
            }
            q->lut[s * DESCENT_QMAP_BUCKETS + j] = (int32_t)(((uint32_t)base << 17) | k);
        }
    }
    lp_direct_init(q);
    return 0;
}

/* The index of the map entry nearest to x (bitsandbytes' rule: the lower one on a tie): one
   table load per element. */
static inline int32_t lp_code(const descent_qmap *restrict q, float x) {
    uint32_t b = lp_bits(x);
    uint32_t a = b & 0x7fffffffu;
    a = a < LP_LO ? LP_LO : a;
    a = a > LP_HI ? LP_HI : a;
    uint32_t negative = b >> 31;
    uint32_t e = (uint32_t)q->lut[((a - LP_LO) >> 16) + negative * DESCENT_QMAP_BUCKETS];
    int32_t step = (a & 0xffffu) >= (e & 0x1ffffu) ? 1 : 0;
    int32_t base = (int32_t)(e >> 17);
    return negative ? base - step : base + step;
}

/* bitsandbytes keeps the sign of state 1: a code of the other sign moves one entry over. */
static inline int32_t lp_code_keep_sign(const descent_qmap *restrict q, float x, float value) {
    int32_t c = lp_code(q, x);
    int flipped = (c < q->negatives) != (signbit(value) != 0);
    return flipped ? c + (value > 0.0f ? 1 : -1) : c;
}

/* The direct tables: each bucket's two codes evaluated with lp_code (and the sign rule) at the
   bucket's start and at the low bits k from which its code moves. With the sign rule a code
   moves up only for x > 0 whose nearest entry is negative; when no bucket has that, the rule
   depends on x's sign only (x = value * scale has value's sign, except for inf * 0, which the
   kernels send to lp_code_keep_sign). */
static void lp_direct_init(descent_qmap *q) {
    q->direct_keep_sign = 1;
    for (uint32_t s = 0; s < 2; s++) {
        for (uint32_t j = 0; j < DESCENT_QMAP_BUCKETS; j++) {
            const uint32_t n = s * DESCENT_QMAP_BUCKETS + j;
            const uint32_t k = (uint32_t)q->lut[n] & 0x1ffffu, thr = k > 0xffffu ? 0xffffu : k;
            const uint32_t start = LP_LO + (j << 16), sign = s << 31;
            const float first = lp_float(sign | start), second = lp_float(sign | (start + thr));
            for (int rule = 0; rule < 2; rule++) {
                int32_t c0 = rule ? lp_code_keep_sign(q, first, first) : lp_code(q, first);
                int32_t c1 = rule ? lp_code_keep_sign(q, second, second) : lp_code(q, second);
                if (rule && !s && (lp_code(q, first) < q->negatives || lp_code(q, second) < q->negatives))
                    q->direct_keep_sign = 0;
                /* (thr - 1) << 16 is below |x| << 16 exactly when x's low bits reach thr */
                q->direct[rule][s ? DESCENT_QMAP_NEGATIVE + j : j] =
                    thr ? ((thr - 1u) << 16) | ((uint32_t)c1 << 8) | (uint32_t)c0 : ((uint32_t)c1 << 8) | (uint32_t)c1;
            }
        }
    }
    /* negative magnitudes below LP_LO: their saturated index falls short of the negative half */
    for (int rule = 0; rule < 2; rule++)
        for (uint32_t n = DESCENT_QMAP_NEGATIVE - (LP_LO >> 16); n < DESCENT_QMAP_NEGATIVE; n++)
            q->direct[rule][n] = q->direct[rule][DESCENT_QMAP_NEGATIVE];
}

/* The largest |x| of a block, as bits (floats >= 0 order as their bits). */
__attribute__((always_inline)) static inline float lp_absmax(const float *restrict x, size_t count) {
    uint32_t best = 0;
#pragma clang loop vectorize(enable)
    for (size_t i = 0; i < count; i++) {
        uint32_t a = lp_bits(x[i]) & 0x7fffffffu;
        best = a > best ? a : best;
    }
    return lp_float(best);
}

__attribute__((always_inline)) static inline void lp_encode(const float *restrict x, uint8_t *restrict codes, size_t count, float absmax,
                      const descent_qmap *restrict q, int keep_sign) {
    /* bitsandbytes' reference (its torch fallback): x * (1 / absmax), then the nearest entry */
    const float scale = absmax > 0.0f ? 1.0f / absmax : 0.0f;
    if (keep_sign) {
#pragma clang loop vectorize(enable)
        for (size_t i = 0; i < count; i++) codes[i] = (uint8_t)lp_code_keep_sign(q, x[i] * scale, x[i]);
    } else {
#pragma clang loop vectorize(enable)
        for (size_t i = 0; i < count; i++) codes[i] = (uint8_t)lp_code(q, x[i] * scale);
    }
}

#ifdef LP_X86
/* 8-bit maps without gathers: the 256 entries as four byte planes (byte b of every entry),
   each looked up for 64 codes at once with four single-table vpermb and blends on the code's two
   top bits (one vpermi2b costs as much as two vpermb and a blend on this hardware). */
typedef struct { _Alignas(64) uint8_t b[4][256]; } lp_planes;

static void lp_planes_init(lp_planes *pl, const float *code) {
    for (int i = 0; i < 256; i++) {
        uint32_t u = lp_bits(code[i]);
        for (int b = 0; b < 4; b++) pl->b[b][i] = (uint8_t)(u >> (8 * b));
    }
}

/* Swaps the 4-byte groups (4L + k) and (4k + L): undoes the lane order of unpack/pack. */
LP_AVX512 __m512i lp512_transpose4(__m512i c) {
    const __m512i t = _mm512_set_epi32(15, 11, 7, 3, 14, 10, 6, 2, 13, 9, 5, 1, 12, 8, 4, 0);
    return _mm512_permutexvar_epi32(t, c);
}

/* Byte b of 64 floats in x[b] (lanes in transposed order) into four vectors of 16 floats in order. */
LP_AVX512 void lp512_join_planes(const __m512i x[4], __m512 out[4]) {
    __m512i lo01 = _mm512_unpacklo_epi8(x[0], x[1]), hi01 = _mm512_unpackhi_epi8(x[0], x[1]);
    __m512i lo23 = _mm512_unpacklo_epi8(x[2], x[3]), hi23 = _mm512_unpackhi_epi8(x[2], x[3]);
    out[0] = _mm512_castsi512_ps(_mm512_unpacklo_epi16(lo01, lo23));
    out[1] = _mm512_castsi512_ps(_mm512_unpackhi_epi16(lo01, lo23));
    out[2] = _mm512_castsi512_ps(_mm512_unpacklo_epi16(hi01, hi23));
    out[3] = _mm512_castsi512_ps(_mm512_unpackhi_epi16(hi01, hi23));
}

/* code[c] for 64 codes, in four vectors of 16 in order. */
LP_AVX512 void lp512_dequant64(const lp_planes *pl, __m512i c, __m512 out[4]) {
    c = lp512_transpose4(c);
    const __mmask64 b7 = _mm512_movepi8_mask(c), b6 = _mm512_test_epi8_mask(c, _mm512_set1_epi8(0x40));
    __m512i x[4];
    for (int b = 0; b < 4; b++) {
        const __m512i *t = (const __m512i *)pl->b[b];
        __m512i lo = _mm512_mask_blend_epi8(b6, _mm512_permutexvar_epi8(c, t[0]), _mm512_permutexvar_epi8(c, t[1]));
        __m512i hi = _mm512_mask_blend_epi8(b6, _mm512_permutexvar_epi8(c, t[2]), _mm512_permutexvar_epi8(c, t[3]));
        x[b] = _mm512_mask_blend_epi8(b7, lo, hi);
    }
    lp512_join_planes(x, out);
}

/* A signed map symmetric about its zero (code[127] = +0, code[126 - k] = -code[128 + k], as
   bitsandbytes' signed dynamic map) needs only its 128 magnitudes code[127 + j] (j = 1 .. 127,
   and code[255] at j = 0): four byte planes of two vectors each, one vpermi2b per plane instead
   of four vpermb and a blend. */
typedef struct { _Alignas(64) uint8_t b[4][128]; } lp_half_planes;

/* Whether code is symmetric; if so, its magnitudes into pl. */
static int lp_half_planes_init(lp_half_planes *pl, const float *code) {
    if (lp_bits(code[127]) != 0) return 0;
    for (int k = 0; k < 127; k++)
        if (lp_bits(code[126 - k]) != (lp_bits(code[128 + k]) ^ 0x80000000u)) return 0;
    for (int j = 0; j < 128; j++) {
        const uint32_t u = lp_bits(code[j ? 127 + j : 255]);
        for (int b = 0; b < 4; b++) pl->b[b][j] = (uint8_t)(u >> (8 * b));
    }
    return 1;
}

/* lp512_dequant64 for a symmetric map (half) or any (pl): for a symmetric one the magnitude
   at |c - 127| mod 128, zero at 127, the sign bit below 127 (3% less time for AdamW). */
LP_AVX512 void lp512_dequant64_map(const lp_planes *pl, const lp_half_planes *half, __m512i c, __m512 out[4]) {
    if (!half) {
        lp512_dequant64(pl, c, out);
        return;
    }
    c = lp512_transpose4(c);
    const __m512i mid = _mm512_set1_epi8(127);
    const __m512i j = _mm512_abs_epi8(_mm512_sub_epi8(c, mid));
    const __mmask64 nonzero = _mm512_cmpneq_epi8_mask(c, mid), negative = _mm512_cmplt_epu8_mask(c, mid);
    __m512i x[4];
    for (int b = 0; b < 4; b++) {
        const __m512i *t = (const __m512i *)half->b[b];
        x[b] = _mm512_maskz_permutex2var_epi8(nonzero, t[0], j, t[1]);
    }
    /* the sign bit, clear in every magnitude: adding 0x80 to the top byte sets it */
    x[3] = _mm512_mask_add_epi8(x[3], negative, x[3], _mm512_set1_epi8((char)0x80));
    lp512_join_planes(x, out);
}

/* lp_code on 16 lanes (one gather from the bucket table), in plain vector arithmetic: with
   sg = 0 (x >= 0) or -1 (x < 0) and s = 1 when the low magnitude bits reach the bucket's k,
   the code is base + s for x >= 0 and base - s for x < 0, i.e. base + ((s ^ sg) - sg). */
LP_AVX512 __m512i lp512_code(const descent_qmap *restrict q, __m512 x) {
    const __m512i b = _mm512_castps_si512(x);
    __m512i a = _mm512_and_si512(b, _mm512_set1_epi32(0x7fffffff));
    a = _mm512_min_epu32(_mm512_max_epu32(a, _mm512_set1_epi32((int)LP_LO)), _mm512_set1_epi32((int)LP_HI));
    const __m512i sg = _mm512_srai_epi32(b, 31);
    const __m512i idx = _mm512_add_epi32(_mm512_srli_epi32(_mm512_sub_epi32(a, _mm512_set1_epi32((int)LP_LO)), 16),
                                         _mm512_and_si512(sg, _mm512_set1_epi32(DESCENT_QMAP_BUCKETS)));
    const __m512i e = _mm512_i32gather_epi32(idx, q->lut, 4);
    /* low - k is -1 .. -65536 - 65535 or >= 0: its sign says whether the step is taken */
    const __m512i below = _mm512_srai_epi32(_mm512_sub_epi32(_mm512_and_si512(a, _mm512_set1_epi32(0xffff)),
                                                             _mm512_and_si512(e, _mm512_set1_epi32(0x1ffff))), 31);
    const __m512i step = _mm512_add_epi32(below, _mm512_set1_epi32(1));
    return _mm512_add_epi32(_mm512_srli_epi32(e, 17), _mm512_sub_epi32(_mm512_xor_si512(step, sg), sg));
}

/* lp_code_keep_sign on 16 lanes. */
LP_AVX512 __m512i lp512_code_keep_sign(const descent_qmap *restrict q, __m512 x, __m512 value) {
    const __m512i c = lp512_code(q, x);
    const __m512i vb = _mm512_castps_si512(value);
    /* -1 where the entry's sign differs from value's: (c < negatives) ^ signbit(value) */
    const __m512i flipped = _mm512_xor_si512(_mm512_srai_epi32(_mm512_sub_epi32(c, _mm512_set1_epi32(q->negatives)), 31),
                                             _mm512_srai_epi32(vb, 31));
    /* the move is +1 where value > 0, else -1: subtract dir = (value > 0 ? -1 : 1) */
    const __m512i up = _mm512_movm_epi32(_mm512_cmp_ps_mask(value, _mm512_setzero_ps(), _CMP_GT_OQ));
    const __m512i dir = _mm512_or_si512(up, _mm512_set1_epi32(1));
    return _mm512_sub_epi32(c, _mm512_and_si512(flipped, dir));
}

LP_AVX512 __mmask64 lp512_mask64(size_t n) { return n >= 64 ? ~0ull : (1ull << n) - 1ull; }

/* The code of x from a direct table (its low byte; the other bytes are junk). The bucket is
   the top 16 bits of |x| less LP_LO's, saturating at 0 below LP_LO and clamped at LP_HI's
   bucket (NaN included): the clamped end buckets hold no threshold (c0 = c1), so |x|'s own low
   bits may pick either code there. `bounded`: whether every |x| is below 1 + 2^-7 (x = value /
   a finite absmax is at most 1 + 2 ulp), so no bucket needs clamping; otherwise `any_negative`:
   whether some lane may have its sign bit set (else the negative half is never needed). */
LP_AVX512 __m512i lp512_code_direct(const uint32_t *restrict table, __m512 x, int any_negative, int bounded) {
    const __m512i b = _mm512_castps_si512(x);
    __m512i idx;
    if (bounded) {
        /* the sign bit lands on DESCENT_QMAP_NEGATIVE, and magnitudes below LP_LO on entries
           that repeat the first bucket of their sign */
        idx = _mm512_subs_epu16(_mm512_srli_epi32(b, 16), _mm512_set1_epi32((int)(LP_LO >> 16)));
    } else {
        const __m512i top = _mm512_srli_epi32(any_negative ? _mm512_and_si512(b, _mm512_set1_epi32(0x7fffffff)) : b, 16);
        idx = _mm512_min_epu32(_mm512_subs_epu16(top, _mm512_set1_epi32((int)(LP_LO >> 16))),
                               _mm512_set1_epi32(DESCENT_QMAP_BUCKETS - 1));
        if (any_negative)
            idx = _mm512_add_epi32(idx, _mm512_and_si512(_mm512_srai_epi32(b, 31), _mm512_set1_epi32(DESCENT_QMAP_NEGATIVE)));
    }
    const __m512i e = _mm512_i32gather_epi32(idx, (const int *)table, 4);
    const __mmask16 second = _mm512_cmpgt_epu32_mask(_mm512_slli_epi32(b, 16), e);
    return _mm512_mask_srli_epi32(e, second, e, 8);
}

/* The low bytes of c[0 .. 4)'s 32-bit lanes, in order, stored as codes[0 .. n). */
LP_AVX512 void lp512_store_codes64(const __m512i c[4], uint8_t *restrict codes, size_t n) {
    /* byte 0 of every 32-bit lane (hidden from the compiler, which would otherwise turn the two
       permutes into four vpmovdb of two uops each) */
    __m512i pick = _mm512_set_epi8(124, 120, 116, 112, 108, 104, 100, 96, 92, 88, 84, 80, 76, 72, 68, 64,
                                   60, 56, 52, 48, 44, 40, 36, 32, 28, 24, 20, 16, 12, 8, 4, 0,
                                   124, 120, 116, 112, 108, 104, 100, 96, 92, 88, 84, 80, 76, 72, 68, 64,
                                   60, 56, 52, 48, 44, 40, 36, 32, 28, 24, 20, 16, 12, 8, 4, 0);
    __asm__("" : "+v"(pick));
    const __m512i lo = _mm512_permutex2var_epi8(c[0], pick, c[1]), hi = _mm512_permutex2var_epi8(c[2], pick, c[3]);
    _mm512_mask_storeu_epi8(codes, lp512_mask64(n), _mm512_mask_blend_epi8(0xffffffff00000000ull, lo, hi));
}

/* lp_encode of the 64 elements x[0 .. 64) (the first n of them are stored), `scale` the
   broadcast 1 / absmax; `direct` when the direct table of the rule applies (see lp_direct_init),
   `any_negative` and `bounded` (the absmax is finite) as for lp512_code_direct. */
LP_AVX512 void lp512_encode64(const float *restrict x, uint8_t *restrict codes, size_t n, __m512 scale,
                              const descent_qmap *restrict q, int keep_sign, int direct, int any_negative,
                              int bounded) {
    __m512i c[4];
    if (direct) {
        const uint32_t *table = q->direct[keep_sign ? 1 : 0];
        for (int h = 0; h < 4; h++)
            c[h] = lp512_code_direct(table, _mm512_mul_ps(_mm512_load_ps(x + 16 * h), scale), any_negative, bounded);
        lp512_store_codes64(c, codes, n);
        return;
    }
    for (int h = 0; h < 4; h++) {
        const __m512 v = _mm512_load_ps(x + 16 * h);
        c[h] = keep_sign ? lp512_code_keep_sign(q, _mm512_mul_ps(v, scale), v) : lp512_code(q, _mm512_mul_ps(v, scale));
    }
    const __m512i packed = _mm512_packus_epi16(_mm512_packus_epi32(c[0], c[1]), _mm512_packus_epi32(c[2], c[3]));
    _mm512_mask_storeu_epi8(codes, lp512_mask64(n), lp512_transpose4(packed));
}

/* Whether a block with this absmax may use the direct table of the rule. */
static inline int lp_direct(const descent_qmap *q, int keep_sign, float absmax) {
    return !keep_sign || (q->direct_keep_sign && isfinite(absmax));
}

LP_AVX512 __m512 lp512_scale(float absmax) { return _mm512_set1_ps(absmax > 0.0f ? 1.0f / absmax : 0.0f); }

/* lp_encode of one block held in x[0 .. len) (len <= DESCENT_QBLOCK; x readable to a multiple of 64). */
LP_AVX512 void lp512_encode(const float *restrict x, uint8_t *restrict codes, size_t len, float absmax,
                            const descent_qmap *restrict q, int keep_sign) {
    const __m512 scale = lp512_scale(absmax);
    const int direct = lp_direct(q, keep_sign, absmax);
    const int bounded = isfinite(absmax);
    if (len == DESCENT_QBLOCK && direct && bounded) /* the common case with constant flags */
        for (size_t i = 0; i < DESCENT_QBLOCK; i += 64) lp512_encode64(x + i, codes + i, 64, scale, q, keep_sign, 1, 1, 1);
    else
        for (size_t i = 0; i < len; i += 64) lp512_encode64(x + i, codes + i, len - i, scale, q, keep_sign, direct, 1, bounded);
}

LP_AVX512 __m512i lp512_absbits(__m512 x) { return _mm512_and_si512(_mm512_castps_si512(x), _mm512_set1_epi32(0x7fffffff)); }

LP_AVX512 void lp512_prefetch64(const float *p, const float *g, const uint8_t *a, const uint8_t *b) {
    for (int l = 0; l < 4; l++) {
        _mm_prefetch((const char *)(p + LP_PF + 16 * l), _MM_HINT_T0);
        _mm_prefetch((const char *)(g + LP_PF + 16 * l), _MM_HINT_T0);
    }
    _mm_prefetch((const char *)(a + LP_PF), _MM_HINT_T0);
    if (b) _mm_prefetch((const char *)(b + LP_PF), _MM_HINT_T0);
}

/* The largest magnitude of x[0 .. len) as bits (floats >= 0 order as their bits). */
LP_AVX512 float lp512_absmax(const float *restrict x, size_t len) {
    __m512i m = _mm512_setzero_si512();
    for (size_t i = 0; i < len; i += 16)
        m = _mm512_mask_max_epu32(m, (__mmask16)lp512_mask64(len - i), m, lp512_absbits(_mm512_load_ps(x + i)));
    return lp_float(_mm512_reduce_max_epu32(m));
}

/* The hyperparameters of lp512_adamw_int8_body, broadcast. */
typedef struct {
    __m512 decay, step_size, beta1, omb1, beta2, omb2, eps, cwd, inv_bc2, sign;
} lp512_adamw;

/* The update of the 16 elements p[0 .. 16) (those in kk) whose stored m and v dequantise to M
   and V (times absmax ma and va): m and v into ms and vs, their largest bits into mmax (of |m|)
   and vmax (of v's bits as they are: the largest is v's absmax unless a sign bit is set), and
   the parameters. */
LP_AVX512 void lp512_adamw_int8_update16(float *restrict p, const float *restrict gr, float *restrict ms,
                                         float *restrict vs, __mmask16 kk, __m512 M, __m512 V, __m512 ma, __m512 va,
                                         const lp512_adamw *h, __m512i *mmax, __m512i *vmax) {
    const __m512 P = _mm512_maskz_loadu_ps(kk, p);
    const __m512 G = _mm512_mul_ps(h->sign, _mm512_maskz_loadu_ps(kk, gr));
    const __m512 g = _mm512_add_ps(G, _mm512_mul_ps(h->cwd, P));
    const __m512 pi = _mm512_mul_ps(P, h->decay);
    const __m512 mi = _mm512_add_ps(_mm512_mul_ps(h->beta1, _mm512_mul_ps(M, ma)), _mm512_mul_ps(h->omb1, g));
    const __m512 vi = _mm512_add_ps(_mm512_mul_ps(h->beta2, _mm512_mul_ps(V, va)), _mm512_mul_ps(_mm512_mul_ps(h->omb2, g), g));
    _mm512_store_ps(ms, mi);
    _mm512_store_ps(vs, vi);
    *mmax = _mm512_mask_max_epu32(*mmax, kk, *mmax, lp512_absbits(mi));
    *vmax = _mm512_mask_max_epu32(*vmax, kk, *vmax, _mm512_castps_si512(vi));
    const __m512 denom = _mm512_add_ps(_mm512_mul_ps(_mm512_sqrt_ps(vi), h->inv_bc2), h->eps);
    _mm512_mask_storeu_ps(p, kk, _mm512_sub_ps(pi, _mm512_div_ps(_mm512_mul_ps(h->step_size, mi), denom)));
}

/* Block b's update runs interleaved with the encoding of block b - 1 (whose m and v wait in ms and
   vs, 64 elements a step, each read before block b's overwrite them). Where the time goes (one
   thread, data in L2, Sapphire Rapids under KVM; scripts/bench/int8_state_kernels.c, floors):
   the gathers of the two encodings (about 10 cycles per 16 lanes), the divider and the byte-plane
   dequantisation each take about as long alone as a third of the whole step, and they overlap
   only partly. The common case (`fast`: a whole block after a whole block whose m codes come
   from the direct table and whose v is finite without sign bits) puts each 16 elements'
   encodings next to their update, so the gathers run beside the arithmetic (15% less time than
   encoding 64 elements, then updating 64), with constant flags and no masks. */
LP_AVX512 void lp512_adamw_int8_steps(const int fast, float *restrict p, const float *restrict gr, uint8_t *restrict mcur,
                                      uint8_t *restrict vcur, uint8_t *restrict mprev, uint8_t *restrict vprev,
                                      float *restrict ms, float *restrict vs, size_t len, size_t prev_len,
                                      __m512 ma, __m512 va, __m512 prev_ms, __m512 prev_vs, int prev_mdirect,
                                      int prev_vnegative, int prev_vbounded, const lp_planes *spl,
                                      const lp_half_planes *shalf, const lp_planes *upl,
                                      const descent_qmap *restrict sq, const descent_qmap *restrict uq,
                                      const lp512_adamw *h, __m512i *mmax_, __m512i *vmax_) {
    __m512i mmax = _mm512_setzero_si512(), vmax = _mm512_setzero_si512();
    if (fast) {
        const uint32_t *mtable = sq->direct[1], *vtable = uq->direct[0];
        for (size_t i = 0; i < DESCENT_QBLOCK; i += 64) {
            lp512_prefetch64(p + i, gr + i, mcur + i, vcur + i);
            __m512 M[4], V[4];
            __m512i mcodes[4], vcodes[4];
            lp512_dequant64_map(spl, shalf, _mm512_loadu_si512(mcur + i), M);
            lp512_dequant64(upl, _mm512_loadu_si512(vcur + i), V);
            for (int q = 0; q < 4; q++) {
                const size_t j = i + 16 * q;
                mcodes[q] = lp512_code_direct(mtable, _mm512_mul_ps(_mm512_load_ps(ms + j), prev_ms), 1, 1);
                vcodes[q] = lp512_code_direct(vtable, _mm512_mul_ps(_mm512_load_ps(vs + j), prev_vs), 0, 1);
                lp512_adamw_int8_update16(p + j, gr + j, ms + j, vs + j, 0xffff, M[q], V[q], ma, va, h, &mmax, &vmax);
            }
            lp512_store_codes64(mcodes, mprev + i, 64);
            lp512_store_codes64(vcodes, vprev + i, 64);
        }
    } else {
        const size_t steps = len > prev_len ? len : prev_len;
        for (size_t i = 0; i < steps; i += 64) {
            if (i < prev_len) {
                /* the direct rule of m implies a finite absmax */
                lp512_encode64(ms + i, mprev + i, prev_len - i, prev_ms, sq, 1, prev_mdirect, 1, 1);
                lp512_encode64(vs + i, vprev + i, prev_len - i, prev_vs, uq, 0, 1, prev_vnegative, prev_vbounded);
            }
            if (i < len) {
                const __mmask64 k = lp512_mask64(len - i);
                lp512_prefetch64(p + i, gr + i, mcur + i, vcur + i);
                __m512 M[4], V[4];
                lp512_dequant64_map(spl, shalf, _mm512_maskz_loadu_epi8(k, mcur + i), M);
                lp512_dequant64(upl, _mm512_maskz_loadu_epi8(k, vcur + i), V);
                for (int q = 0; q < 4; q++)
                    lp512_adamw_int8_update16(p + i + 16 * q, gr + i + 16 * q, ms + i + 16 * q, vs + i + 16 * q,
                                              (__mmask16)(k >> (16 * q)), M[q], V[q], ma, va, h, &mmax, &vmax);
            }
        }
    }
    *mmax_ = mmax;
    *vmax_ = vmax;
}

LP_AVX512 void lp512_adamw_int8_body(float *restrict param, const float *restrict grad, uint8_t *restrict mc,
                                   float *restrict m_absmax, uint8_t *restrict vc, float *restrict v_absmax,
                                   size_t count, float decay_, float step_size_, float b1, float omb1_, float b2,
                                   float omb2_, float eps_, float cwd_, float inv_bc2_, const int maximize,
                                   const descent_qmap *restrict sq, const descent_qmap *restrict uq) {
    const lp512_adamw h = {_mm512_set1_ps(decay_), _mm512_set1_ps(step_size_), _mm512_set1_ps(b1), _mm512_set1_ps(omb1_),
                           _mm512_set1_ps(b2),     _mm512_set1_ps(omb2_),      _mm512_set1_ps(eps_), _mm512_set1_ps(cwd_),
                           _mm512_set1_ps(inv_bc2_), _mm512_set1_ps(maximize ? -1.0f : 1.0f)};
    lp_planes spl, upl;
    lp_planes_init(&spl, sq->code);
    lp_planes_init(&upl, uq->code);
    lp_half_planes half;
    const lp_half_planes *shalf = lp_half_planes_init(&half, sq->code) ? &half : NULL;
    /* one buffer: each step encodes block b - 1's 64 elements before block b's overwrite them */
    _Alignas(64) float ms[DESCENT_QBLOCK], vs[DESCENT_QBLOCK];
    size_t prev_len = 0, prev_start = 0;
    int prev_mdirect = 0, prev_vnegative = 1, prev_vbounded = 0;
    __m512 prev_ms = _mm512_setzero_ps(), prev_vs = _mm512_setzero_ps();
    for (size_t start = 0, block = 0;; start += DESCENT_QBLOCK, block++) {
        const size_t len = start >= count ? 0 : count - start < DESCENT_QBLOCK ? count - start : DESCENT_QBLOCK;
        const __m512 ma = _mm512_set1_ps(len ? m_absmax[block] : 0.0f), va = _mm512_set1_ps(len ? v_absmax[block] : 0.0f);
        __m512i mmax, vmax;
        if (len == DESCENT_QBLOCK && prev_len == DESCENT_QBLOCK && prev_mdirect && !prev_vnegative && prev_vbounded)
            lp512_adamw_int8_steps(1, param + start, grad + start, mc + start, vc + start, mc + prev_start, vc + prev_start,
                                   ms, vs, len, prev_len, ma, va, prev_ms, prev_vs, prev_mdirect, prev_vnegative,
                                   prev_vbounded, &spl, shalf, &upl, sq, uq, &h, &mmax, &vmax);
        else
            lp512_adamw_int8_steps(0, param + start, grad + start, mc + start, vc + start, mc + prev_start, vc + prev_start,
                                   ms, vs, len, prev_len, ma, va, prev_ms, prev_vs, prev_mdirect, prev_vnegative,
                                   prev_vbounded, &spl, shalf, &upl, sq, uq, &h, &mmax, &vmax);
        if (!len) break;
        const uint32_t vbits = _mm512_reduce_max_epu32(vmax);
        /* v >= 0 but for NaN: its block encodes without the negative half of the table */
        prev_vnegative = vbits >= 0x80000000u;
        const float am = lp_float(_mm512_reduce_max_epu32(mmax)), av = prev_vnegative ? lp512_absmax(vs, len) : lp_float(vbits);
        m_absmax[block] = am;
        v_absmax[block] = av;
        prev_len = len;
        prev_start = start;
        prev_ms = lp512_scale(am);
        prev_mdirect = lp_direct(sq, 1, am);
        prev_vs = lp512_scale(av);
        prev_vbounded = isfinite(av);
    }
}
/* `maximize` as a constant: the gradient's sign (a multiplication by -1 or 1, as the portable loop
   does, so a NaN gradient keeps its sign bit alike) costs nothing when it is off. */
LP_AVX512_FN void lp512_adamw_int8(float *restrict param, const float *restrict grad, uint8_t *restrict mc,
                                   float *restrict m_absmax, uint8_t *restrict vc, float *restrict v_absmax,
                                   size_t count, float decay_, float step_size_, float b1, float omb1_, float b2,
                                   float omb2_, float eps_, float cwd_, float inv_bc2_, int maximize,
                                   const descent_qmap *restrict sq, const descent_qmap *restrict uq) {
    if (maximize)
        lp512_adamw_int8_body(param, grad, mc, m_absmax, vc, v_absmax, count, decay_, step_size_, b1, omb1_, b2, omb2_,
                              eps_, cwd_, inv_bc2_, 1, sq, uq);
    else
        lp512_adamw_int8_body(param, grad, mc, m_absmax, vc, v_absmax, count, decay_, step_size_, b1, omb1_, b2, omb2_,
                              eps_, cwd_, inv_bc2_, 0, sq, uq);
}
/* The hyperparameters of lp512_sgd_int8 (lr, momentum, mu, keep, weight decay, sign) or
   lp512_lion_int8 (lr, beta1, 1 - beta1, beta2, 1 - beta2, decay), broadcast. */
typedef struct {
    __m512 h[6];
    int nesterov;
} lp512_one_state;

/* The SGD (lion = 0) or Lion (lion = 1) update of the 16 elements p[0 .. 16) (those in kk) whose
   stored state dequantises to B (times absmax a): the new state into bs, its largest magnitude
   (bits) into best, and the parameters. */
LP_AVX512 void lp512_one_state_update16(const int lion, float *restrict p, const float *restrict gr,
                                        float *restrict bs, __mmask16 kk, __m512 B, __m512 a,
                                        const lp512_one_state *h, __m512i *best) {
    const __m512 P = _mm512_maskz_loadu_ps(kk, p);
    __m512 next;
    if (lion) {
        const __m512 one = _mm512_set1_ps(1.0f), zero = _mm512_setzero_ps();
        const __m512 g = _mm512_maskz_loadu_ps(kk, gr);
        const __m512 mi = _mm512_mul_ps(B, a);
        const __m512 c = _mm512_add_ps(_mm512_mul_ps(mi, h->h[1]), _mm512_mul_ps(h->h[2], g));
        const __m512 pos = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(c, zero, _CMP_GT_OQ), zero, one);
        const __m512 neg = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(c, zero, _CMP_LT_OQ), zero, one);
        _mm512_mask_storeu_ps(p, kk, _mm512_sub_ps(_mm512_mul_ps(P, h->h[5]), _mm512_mul_ps(h->h[0], _mm512_sub_ps(pos, neg))));
        next = _mm512_add_ps(_mm512_mul_ps(mi, h->h[3]), _mm512_mul_ps(h->h[4], g));
    } else {
        const __m512 G = _mm512_mul_ps(h->h[5], _mm512_maskz_loadu_ps(kk, gr));
        const __m512 d = _mm512_add_ps(G, _mm512_mul_ps(h->h[4], P));
        next = _mm512_add_ps(_mm512_mul_ps(h->h[2], _mm512_mul_ps(B, a)), _mm512_mul_ps(h->h[3], d));
        const __m512 u = h->nesterov ? _mm512_add_ps(d, _mm512_mul_ps(h->h[1], next)) : next;
        _mm512_mask_storeu_ps(p, kk, _mm512_sub_ps(P, _mm512_mul_ps(h->h[0], u)));
    }
    _mm512_store_ps(bs, next);
    *best = _mm512_mask_max_epu32(*best, kk, *best, lp512_absbits(next));
}

/* SGD's momentum or Lion's m in 8 bits: block b's update runs interleaved with the encoding of
   block b - 1, as in lp512_adamw_int8_body (whole blocks whose codes come from the direct table
   encode each 16 elements next to their update: about a fifth less time for both at L2). */
LP_AVX512 void lp512_one_state_int8(const int lion, float *restrict param, const float *restrict grad,
                                    uint8_t *restrict codes, float *restrict absmax, size_t count,
                                    const lp512_one_state *h, const descent_qmap *restrict sq) {
    lp_planes spl;
    lp_planes_init(&spl, sq->code);
    lp_half_planes half;
    const lp_half_planes *shalf = lp_half_planes_init(&half, sq->code) ? &half : NULL;
    _Alignas(64) float bs[DESCENT_QBLOCK];
    size_t prev_len = 0, prev_start = 0;
    float prev_a = 0.0f;
    for (size_t start = 0, block = 0;; start += DESCENT_QBLOCK, block++) {
        const size_t len = start >= count ? 0 : count - start < DESCENT_QBLOCK ? count - start : DESCENT_QBLOCK;
        const __m512 a = _mm512_set1_ps(len ? absmax[block] : 0.0f), scale = lp512_scale(prev_a);
        /* the direct rule implies a finite absmax */
        const int direct = lp_direct(sq, 1, prev_a), bounded = isfinite(prev_a);
        float *restrict p = param + start;
        const float *restrict gr = grad + start;
        const uint8_t *restrict cur = codes + start;
        uint8_t *restrict prev = codes + prev_start;
        __m512i best = _mm512_setzero_si512();
        if (len == DESCENT_QBLOCK && prev_len == DESCENT_QBLOCK && direct) {
            for (size_t i = 0; i < DESCENT_QBLOCK; i += 64) {
                lp512_prefetch64(p + i, gr + i, cur + i, NULL);
                __m512 B[4];
                __m512i c[4];
                lp512_dequant64_map(&spl, shalf, _mm512_loadu_si512(cur + i), B);
                for (int q = 0; q < 4; q++) {
                    const size_t j = i + 16 * q;
                    c[q] = lp512_code_direct(sq->direct[1], _mm512_mul_ps(_mm512_load_ps(bs + j), scale), 1, 1);
                    lp512_one_state_update16(lion, p + j, gr + j, bs + j, 0xffff, B[q], a, h, &best);
                }
                lp512_store_codes64(c, prev + i, 64);
            }
        } else {
            const size_t steps = len > prev_len ? len : prev_len;
            for (size_t i = 0; i < steps; i += 64) {
                if (i < prev_len) lp512_encode64(bs + i, prev + i, prev_len - i, scale, sq, 1, direct, 1, bounded);
                if (i < len) {
                    const __mmask64 k = lp512_mask64(len - i);
                    lp512_prefetch64(p + i, gr + i, cur + i, NULL);
                    __m512 B[4];
                    lp512_dequant64_map(&spl, shalf, _mm512_maskz_loadu_epi8(k, cur + i), B);
                    for (int q = 0; q < 4; q++)
                        lp512_one_state_update16(lion, p + i + 16 * q, gr + i + 16 * q, bs + i + 16 * q,
                                                 (__mmask16)(k >> (16 * q)), B[q], a, h, &best);
                }
            }
        }
        if (!len) break;
        prev_a = lp_float(_mm512_reduce_max_epu32(best));
        absmax[block] = prev_a;
        prev_len = len;
        prev_start = start;
    }
}

LP_AVX512_FN void lp512_sgd_int8(float *restrict param, const float *restrict grad, uint8_t *restrict codes,
                                 float *restrict buf_absmax, size_t count, float lr_, float momentum_, float mu_,
                                 float keep_, float wd_, int nesterov, int maximize, const descent_qmap *restrict sq) {
    const lp512_one_state h = {{_mm512_set1_ps(lr_), _mm512_set1_ps(momentum_), _mm512_set1_ps(mu_), _mm512_set1_ps(keep_),
                                _mm512_set1_ps(wd_), _mm512_set1_ps(maximize ? -1.0f : 1.0f)},
                               nesterov};
    lp512_one_state_int8(0, param, grad, codes, buf_absmax, count, &h, sq);
}

LP_AVX512_FN void lp512_lion_int8(float *restrict param, const float *restrict grad, uint8_t *restrict codes,
                                  float *restrict m_absmax, size_t count, float lr_, float b1, float omb1_, float b2,
                                  float omb2_, float decay_, const descent_qmap *restrict sq) {
    const lp512_one_state h = {{_mm512_set1_ps(lr_), _mm512_set1_ps(b1), _mm512_set1_ps(omb1_), _mm512_set1_ps(b2),
                                _mm512_set1_ps(omb2_), _mm512_set1_ps(decay_)},
                               0};
    lp512_one_state_int8(1, param, grad, codes, m_absmax, count, &h, sq);
}
LP_AVX512_FN void lp512_quantize_blockwise(const float *restrict x, uint8_t *restrict codes, float *restrict absmax,
                                           size_t count, const descent_qmap *restrict q, int keep_sign) {
    _Alignas(64) float xs[DESCENT_QBLOCK];
    for (size_t start = 0, block = 0; start < count; start += DESCENT_QBLOCK, block++) {
        const size_t len = count - start < DESCENT_QBLOCK ? count - start : DESCENT_QBLOCK;
        __m512i best = _mm512_setzero_si512();
        for (size_t i = 0; i < len; i += 16) {
            const __mmask16 k = (__mmask16)lp512_mask64(len - i);
            const __m512 v = _mm512_maskz_loadu_ps(k, x + start + i);
            _mm512_store_ps(xs + i, v);
            best = _mm512_max_epu32(best, lp512_absbits(v));
        }
        const float a = lp_float(_mm512_reduce_max_epu32(best));
        absmax[block] = a;
        lp512_encode(xs, codes + start, len, a, q, keep_sign);
    }
}
#endif

DESCENT_CLONES
void descent_quantize_blockwise(const float *restrict x, uint8_t *restrict codes, float *restrict absmax, size_t count,
                                const descent_qmap *restrict q, int keep_sign) {
#ifdef LP_X86
    if (lp_avx512()) {
        lp512_quantize_blockwise(x, codes, absmax, count, q, keep_sign);
        return;
    }
#endif
    for (size_t start = 0, block = 0; start < count; start += DESCENT_QBLOCK, block++) {
        size_t len = count - start < DESCENT_QBLOCK ? count - start : DESCENT_QBLOCK;
        float a = lp_absmax(x + start, len);
        absmax[block] = a;
        lp_encode(x + start, codes + start, len, a, q, keep_sign);
    }
}

DESCENT_CLONES
void descent_dequantize_blockwise(const uint8_t *restrict codes, const float *restrict absmax, float *restrict out,
                                  size_t count, const descent_qmap *restrict q) {
    for (size_t start = 0, block = 0; start < count; start += DESCENT_QBLOCK, block++) {
        size_t len = count - start < DESCENT_QBLOCK ? count - start : DESCENT_QBLOCK;
        const float a = absmax[block];
#pragma clang loop vectorize(enable)
        for (size_t i = 0; i < len; i++) out[start + i] = q->code[codes[start + i]] * a;
    }
}

DESCENT_CLONES
void descent_adamw_step_int8(float *restrict param, const float *restrict grad, int8_t *restrict m,
                             float *restrict m_absmax, uint8_t *restrict v, float *restrict v_absmax, size_t count,
                             float lr, float beta1, float beta2, float eps, float weight_decay,
                             float coupled_weight_decay, float bias_correction1, float bias_correction2_sqrt,
                             int maximize, const descent_qmap *restrict signed_map,
                             const descent_qmap *restrict unsigned_map) {
    const float decay = 1.0f - lr * weight_decay;
    const float step_size = lr / bias_correction1;
    const float one_minus_b1 = 1.0f - beta1;
    const float one_minus_b2 = 1.0f - beta2;
    const float sign = maximize ? -1.0f : 1.0f;
    const float inv_bc2 = 1.0f / bias_correction2_sqrt;
#ifdef LP_X86
    if (lp_avx512()) {
        lp512_adamw_int8(param, grad, (uint8_t *)m, m_absmax, v, v_absmax, count, decay, step_size, beta1,
                         one_minus_b1, beta2, one_minus_b2, eps, coupled_weight_decay, inv_bc2, maximize, signed_map,
                         unsigned_map);
        return;
    }
#endif
    float ms[DESCENT_QBLOCK], vs[DESCENT_QBLOCK];
    uint8_t *mc = (uint8_t *)m;
    for (size_t start = 0, block = 0; start < count; start += DESCENT_QBLOCK, block++) {
        const size_t len = count - start < DESCENT_QBLOCK ? count - start : DESCENT_QBLOCK;
        const float ma = m_absmax[block], va = v_absmax[block];
        float *restrict p = param + start;
        const float *restrict gr = grad + start;
        const uint8_t *restrict mb = mc + start;
        const uint8_t *restrict vb = v + start;
        uint32_t mmax = 0, vmax = 0;
#pragma clang loop vectorize(enable)
        for (size_t i = 0; i < len; i++) {
            float g = sign * gr[i] + coupled_weight_decay * p[i];
            float pi = p[i] * decay;
            float mi = beta1 * (signed_map->code[mb[i]] * ma) + one_minus_b1 * g;
            float vi = beta2 * (unsigned_map->code[vb[i]] * va) + one_minus_b2 * g * g;
            ms[i] = mi;
            vs[i] = vi;
            uint32_t am = lp_bits(mi) & 0x7fffffffu, av = lp_bits(vi) & 0x7fffffffu;
            mmax = am > mmax ? am : mmax;
            vmax = av > vmax ? av : vmax;
            float denom = DESCENT_SQRT(vi) * inv_bc2 + eps;
            p[i] = pi - step_size * mi / denom;
        }
        m_absmax[block] = lp_float(mmax);
        v_absmax[block] = lp_float(vmax);
        lp_encode(ms, mc + start, len, lp_float(mmax), signed_map, 1);
        lp_encode(vs, v + start, len, lp_float(vmax), unsigned_map, 0);
    }
}

DESCENT_CLONES
void descent_sgd_step_int8(float *restrict param, const float *restrict grad, int8_t *restrict buf,
                           float *restrict buf_absmax, size_t count, float lr, float momentum, float dampening,
                           float weight_decay, int nesterov, int maximize, int first,
                           const descent_qmap *restrict signed_map) {
    const float sign = maximize ? -1.0f : 1.0f;
    if (momentum == 0.0f || !buf) {
#pragma clang loop vectorize(enable)
        for (size_t i = 0; i < count; i++) param[i] -= lr * (sign * grad[i] + weight_decay * param[i]);
        return;
    }
    const float keep = first ? 1.0f : 1.0f - dampening;
    const float mu = first ? 0.0f : momentum;
#ifdef LP_X86
    if (lp_avx512()) {
        lp512_sgd_int8(param, grad, (uint8_t *)buf, buf_absmax, count, lr, momentum, mu, keep, weight_decay, nesterov,
                       maximize, signed_map);
        return;
    }
#endif
    float bs[DESCENT_QBLOCK];
    uint8_t *codes = (uint8_t *)buf;
    for (size_t start = 0, block = 0; start < count; start += DESCENT_QBLOCK, block++) {
        const size_t len = count - start < DESCENT_QBLOCK ? count - start : DESCENT_QBLOCK;
        const float ba = buf_absmax[block];
        float *restrict p = param + start;
        const float *restrict gr = grad + start;
        const uint8_t *restrict cb = codes + start;
        uint32_t bmax = 0;
#pragma clang loop vectorize(enable)
        for (size_t i = 0; i < len; i++) {
            float d = sign * gr[i] + weight_decay * p[i];
            float b = mu * (signed_map->code[cb[i]] * ba) + keep * d;
            bs[i] = b;
            uint32_t a = lp_bits(b) & 0x7fffffffu;
            bmax = a > bmax ? a : bmax;
            p[i] -= lr * (nesterov ? d + momentum * b : b);
        }
        buf_absmax[block] = lp_float(bmax);
        lp_encode(bs, codes + start, len, lp_float(bmax), signed_map, 1);
    }
}

DESCENT_CLONES
void descent_lion_step_int8(float *restrict param, const float *restrict grad, int8_t *restrict m,
                            float *restrict m_absmax, size_t count, float lr, float beta1, float beta2, float decay,
                            const descent_qmap *restrict signed_map) {
    const float one_minus_b1 = 1.0f - beta1;
    const float one_minus_b2 = 1.0f - beta2;
#ifdef LP_X86
    if (lp_avx512()) {
        lp512_lion_int8(param, grad, (uint8_t *)m, m_absmax, count, lr, beta1, one_minus_b1, beta2, one_minus_b2, decay,
                        signed_map);
        return;
    }
#endif
    float ms[DESCENT_QBLOCK];
    uint8_t *codes = (uint8_t *)m;
    for (size_t start = 0, block = 0; start < count; start += DESCENT_QBLOCK, block++) {
        const size_t len = count - start < DESCENT_QBLOCK ? count - start : DESCENT_QBLOCK;
        const float ma = m_absmax[block];
        float *restrict p = param + start;
        const float *restrict gr = grad + start;
        const uint8_t *restrict cb = codes + start;
        uint32_t mmax = 0;
#pragma clang loop vectorize(enable)
        for (size_t i = 0; i < len; i++) {
            float g = gr[i];
            float mi = signed_map->code[cb[i]] * ma;
            float c = mi * beta1 + one_minus_b1 * g;
            float s = (c > 0.0f ? 1.0f : 0.0f) - (c < 0.0f ? 1.0f : 0.0f);
            p[i] = p[i] * decay - lr * s;
            float next = mi * beta2 + one_minus_b2 * g;
            ms[i] = next;
            uint32_t a = lp_bits(next) & 0x7fffffffu;
            mmax = a > mmax ? a : mmax;
        }
        m_absmax[block] = lp_float(mmax);
        lp_encode(ms, codes + start, len, lp_float(mmax), signed_map, 1);
    }
}

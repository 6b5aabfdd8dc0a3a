#ifndef DESCENT_ELEMENTARY_FUNCTIONS_H
#define DESCENT_ELEMENTARY_FUNCTIONS_H
#include <stdint.h>

/* Branch-free float32 elementary functions that clang vectorises inside a loop: Cephes
   expf and tanhf (range reduction and polynomials; expf applies 2^n as two factors so
   that results near overflow and subnormal results are libm's), and the normal distribution
   function from Numerical Recipes' erfc fit (fractional error below 1.2e-7). Tested against
   libm in ElementaryFunctionTests. */

static inline int32_t descent_bits(float f) {
    int32_t i;
    __builtin_memcpy(&i, &f, sizeof i);
    return i;
}

static inline float descent_float(int32_t i) {
    float f;
    __builtin_memcpy(&f, &i, sizeof f);
    return f;
}

/* e^c = 2^n e^r with c = n ln 2 + r, |r| <= ln 2 / 2: returns e^r by a degree-5 polynomial and
   n in *whole (c must be finite and within float's exponent range). */
static inline float descent_exp_reduced(float c, int32_t *whole) {
    const float magic = 12582912.0f; /* 1.5 * 2^23: adding it rounds to an integer */
    float shifted = c * 1.44269504f + magic;
    float n = shifted - magic;
    *whole = descent_bits(shifted) - 0x4B400000;
    float r = c - n * 0.693359375f;
    r = r - n * -2.1219444e-4f;
    float p = 1.98756915e-4f;
    p = p * r + 1.39819995e-3f;
    p = p * r + 8.3334519e-3f;
    p = p * r + 4.16665796e-2f;
    p = p * r + 1.66666655e-1f;
    p = p * r + 5.00000012e-1f;
    return p * (r * r) + r + 1.0f;
}

/* e^x; 2^n applied as two factors so that results near overflow and subnormal results come
   out as libm's do. */
static inline float descent_expf(float x) {
    float c = x < -104.0f ? -104.0f : x;
    c = x > 88.8f ? 88.8f : c;
    c = x != x ? 0.0f : c;
    int32_t whole;
    float er = descent_exp_reduced(c, &whole);
    int32_t half = whole >> 1;
    float first = descent_float((half + 127) << 23);
    float second = descent_float((whole - half + 127) << 23);
    float result = (er * first) * second;
    result = x < -104.0f ? 0.0f : result;
    result = x > 88.8f ? __builtin_inff() : result;
    return x != x ? x : result;
}

/* e^c for c in [-87, 88] and not NaN (the caller bounds it): descent_expf without its
   overflow, underflow and NaN paths, 2^n applied as one factor. */
static inline float descent_expf_bounded(float c) {
    int32_t whole;
    float er = descent_exp_reduced(c, &whole);
    return er * descent_float((whole + 127) << 23);
}

/* The standard normal distribution function Phi(x) = erfc(-x / sqrt 2) / 2, and in *density
   e^{-x^2/2} (the normal density times sqrt(2 pi)). The tail erfc(|x| / sqrt 2) / 2 comes from
   Numerical Recipes' erfc fit, erfc(z) = t exp(P(t) - z^2) with t = 1 / (1 + z/2) (fractional
   error below 1.2e-7), so the lower tail keeps its relative precision instead of cancelling
   in 1 + erf(x); past |x| = 9 sqrt 2 the tail and the density are 0. NaN gives
   NaN. */
static inline float descent_normal_cdf(float x, float *density) {
    float z = __builtin_fabsf(x) * 0.70710678118654752f;
    int far = !(z < 9.0f); /* NaN included: fixed at the end */
    z = far ? 9.0f : z;
    float t = 1.0f / (1.0f + 0.5f * z);
    float p = 0.17087277f;
    p = p * t - 0.82215223f;
    p = p * t + 1.48851587f;
    p = p * t - 1.13520398f;
    p = p * t + 0.27886807f;
    p = p * t - 0.18628806f;
    p = p * t + 0.09678418f;
    p = p * t + 0.37409196f;
    p = p * t + 1.00002368f;
    p = p * t - 1.26551223f;
    float zz = z * z;
    float tail = far ? 0.0f : 0.5f * t * descent_expf_bounded(p - zz);
    *density = far ? 0.0f : descent_expf_bounded(-zz);
    float cdf = x < 0.0f ? tail : 1.0f - tail;
    return x != x ? x : cdf;
}

/* tanh: x + x^3 P(x^2) below |x| = 0.625, else 1 - 2 / (e^{2|x|} + 1) with the sign. */
static inline float descent_tanhf(float x) {
    float z = __builtin_fabsf(x);
    float e = descent_expf(2.0f * z);
    float large = 1.0f - 2.0f / (e + 1.0f);
    large = x < 0.0f ? -large : large;
    float s = x * x;
    float p = -5.70498872745e-3f;
    p = p * s + 2.06390887954e-2f;
    p = p * s - 5.37397155531e-2f;
    p = p * s + 1.33314422036e-1f;
    p = p * s - 3.33332819422e-1f;
    float small = p * s * x + x;
    return z >= 0.625f ? large : small;
}

/* 1 / (1 + e^-x), as e^x / (1 + e^x) for negative x so that tiny results keep precision. */
static inline float descent_sigmoidf(float x) {
    float e = descent_expf(-__builtin_fabsf(x));
    return x < 0.0f ? e / (1.0f + e) : 1.0f / (1.0f + e);
}

#endif

#include "CDescentKernels.h"
#include "ElementaryFunctions.h"
#include "KernelSupport.h"
#include <math.h>
#include <string.h>

/* Causal attention of one head, forward and backward, on register tiles of 16-float vectors.

   Only the lower triangle (key j <= query i, rounded up to whole vectors) of the T x T scores
   is computed, so the causal mask halves the work of every product, which sgemm on whole
   tiles cannot do. Three tile kernels serve the six products:
     scores:  C[i][j] = sum_c A[i][c] BT[c][j]     for j <= i   (S = Q K^T, dP = dO V^T)
     lower:   O[i][:] = sum_{j<=i} P[i][j] V[j][:]             (O = P V, dQ = dS K)
     upper:   O[j][:] = sum_{i>=j} P[i][j] G[i][:]             (dV = P^T dO, dK = dS^T Q)
   The head width d must be a multiple of 16, at most 128; descent_attention_head_supported
   says so, and the caller uses another path otherwise. Tiles hold T rows of tp floats
   (tp = T rounded up to 16); entries above the diagonal are kept at zero. Every helper is
   inlined into the two entry points, which are cloned per x86-64 level (a static function
   they called would be compiled for the baseline only). */

typedef float v16 __attribute__((ext_vector_type(16)));
typedef float v16u __attribute__((ext_vector_type(16), aligned(4)));

/* Macros, not functions: a function returning a 16-float vector would change its ABI with the
   clone's instruction set (and clang warns of it), whereas these expand in the cloned code. */
#define load16(p) (*(const v16u *)(p))
#define store16(p, x) (*(v16u *)(p) = (x))

enum { ROWS = 4 };

static inline size_t round16(size_t n) { return (n + 15) & ~(size_t)15; }

int descent_attention_head_supported(size_t d) { return d > 0 && d % 16 == 0 && d <= 128; }

size_t descent_attention_scratch(size_t t, size_t d) {
    size_t tp = round16(t);
    return 2 * d * tp + 2 * t * tp;
}

/* Rows i0..i0+ROWS-1 (those past `rows` repeat the last, unstored) times vectors u0..u0+nv-1. */
static inline __attribute__((always_inline)) void scores_tile(const float *a, size_t lda, const float *bt, size_t tp,
                                                              size_t d, float *c, size_t i0, size_t rows, size_t u0,
                                                              const int nv) {
    v16 acc[ROWS][4];
    const float *ar[ROWS];
    for (int r = 0; r < ROWS; r++) {
        for (int u = 0; u < nv; u++) acc[r][u] = 0.0f;
        ar[r] = a + (i0 + ((size_t)r < rows ? (size_t)r : rows - 1)) * lda;
    }
    for (size_t k = 0; k < d; k++) {
        const float *b = bt + k * tp + 16 * u0;
        v16 bv[4];
        for (int u = 0; u < nv; u++) bv[u] = load16(b + 16 * u);
        for (int r = 0; r < ROWS; r++) {
            v16 x = ar[r][k];
            for (int u = 0; u < nv; u++) acc[r][u] += x * bv[u];
        }
    }
    for (int r = 0; r < ROWS; r++)
        if ((size_t)r < rows)
            for (int u = 0; u < nv; u++) store16(c + (i0 + r) * tp + 16 * (u0 + u), acc[r][u]);
}

/* C = A BT on and below the diagonal (whole vectors), for T rows of A (stride lda). */
static inline __attribute__((always_inline)) void scores(const float *a, size_t lda, const float *bt, size_t t, size_t tp, size_t d, float *c) {
    for (size_t i0 = 0; i0 < t; i0 += ROWS) {
        size_t rows = t - i0 < ROWS ? t - i0 : ROWS;
        size_t vectors = (i0 + rows - 1) / 16 + 1;
        for (size_t u0 = 0; u0 < vectors; u0 += 4) {
            switch (vectors - u0 < 4 ? vectors - u0 : 4) {
            case 1: scores_tile(a, lda, bt, tp, d, c, i0, rows, u0, 1); break;
            case 2: scores_tile(a, lda, bt, tp, d, c, i0, rows, u0, 2); break;
            case 3: scores_tile(a, lda, bt, tp, d, c, i0, rows, u0, 3); break;
            default: scores_tile(a, lda, bt, tp, d, c, i0, rows, u0, 4); break;
            }
        }
    }
}

/* Output rows i0..i0+rr-1 of O = P V (lower) or O = P^T G (upper), nd vectors wide. */
static inline __attribute__((always_inline)) void product_tile(const float *p, size_t tp, const float *v, size_t ldv,
                                                               float *o, size_t ldo, size_t t, size_t i0,
                                                               size_t rows, const int upper, const int nd,
                                                               const int rr) {
    v16 acc[ROWS][8];
    for (int r = 0; r < rr; r++)
        for (int u = 0; u < nd; u++) acc[r][u] = 0.0f;
    /* lower: j runs over 0..i0+rows-1, weights P[i0+r][j]; upper: i runs over i0..T-1,
       weights P[i][i0+r]. The zeros above the diagonal make the extra terms vanish. */
    size_t first = upper ? i0 : 0, end = upper ? t : i0 + rows;
    for (size_t j = first; j < end; j++) {
        const float *vj = v + j * ldv;
        v16 x[8];
        for (int u = 0; u < nd; u++) x[u] = load16(vj + 16 * u);
        for (int r = 0; r < rr; r++) {
            size_t row = i0 + ((size_t)r < rows ? (size_t)r : rows - 1);
            v16 w = upper ? p[j * tp + row] : p[row * tp + j];
            for (int u = 0; u < nd; u++) acc[r][u] += w * x[u];
        }
    }
    for (int r = 0; r < rr; r++)
        if ((size_t)r < rows)
            for (int u = 0; u < nd; u++) store16(o + (i0 + r) * ldo + 16 * u, acc[r][u]);
}

#define PRODUCT_ROWS(nd) ((nd) <= 2 ? 4 : (nd) <= 4 ? 3 : 2)

static inline __attribute__((always_inline)) void product_of(const float *p, size_t tp, const float *v, size_t ldv,
                                                             float *o, size_t ldo, size_t t, const int upper,
                                                             const int nd) {
    const int rr = PRODUCT_ROWS(nd);
    for (size_t i0 = 0; i0 < t; i0 += rr) {
        size_t rows = t - i0 < (size_t)rr ? t - i0 : (size_t)rr;
        product_tile(p, tp, v, ldv, o, ldo, t, i0, rows, upper, nd, rr);
    }
}

static inline __attribute__((always_inline)) void product(const float *p, size_t tp, const float *v, size_t ldv, float *o,
                                                        size_t ldo, size_t t, size_t d, int upper) {
    /* One instance per head width (16 to 128 in steps of 16), so the tile's bounds are constants. */
#define PRODUCT_WIDTH(nd)                                                                              \
    case nd:                                                                                           \
        upper ? product_of(p, tp, v, ldv, o, ldo, t, 1, nd) : product_of(p, tp, v, ldv, o, ldo, t, 0, nd); \
        break;
    switch (d / 16) {
        PRODUCT_WIDTH(1) PRODUCT_WIDTH(2) PRODUCT_WIDTH(3) PRODUCT_WIDTH(4)
        PRODUCT_WIDTH(5) PRODUCT_WIDTH(6) PRODUCT_WIDTH(7) PRODUCT_WIDTH(8)
    }
#undef PRODUCT_WIDTH
}

/* BT[c][j] = B[j][c] for T rows of B (stride ldb); columns T..tp-1 zero. */
static inline __attribute__((always_inline)) void transpose(const float *b, size_t ldb, size_t t, size_t tp, size_t d, float *bt) {
    for (size_t c = 0; c < d; c++) {
        float *row = bt + c * tp;
        for (size_t j = 0; j < t; j++) row[j] = b[j * ldb + c];
        for (size_t j = t; j < tp; j++) row[j] = 0.0f;
    }
}

/* The largest and the sum of 16 lanes, in a fixed order. */
static inline float lane_max(const float *x) {
    float m = x[0];
    for (int l = 1; l < 16; l++) m = x[l] > m ? x[l] : m;
    return m;
}

static inline float lane_sum(const float *x) {
    float s = 0.0f;
    for (int l = 0; l < 16; l++) s += x[l];
    return s;
}

DESCENT_CLONES
void descent_attention_head_forward(const float *q, const float *k, const float *v, size_t ld, float *o, size_t ldo,
                                    float *lse, float *probabilities, size_t t, size_t d, float scale, float *scratch) {
    size_t tp = round16(t);
    float *kt = scratch, *s = probabilities ? probabilities : scratch + 2 * d * tp;
    transpose(k, ld, t, tp, d, kt);
    scores(q, ld, kt, t, tp, d, s);
    for (size_t i = 0; i < t; i++) {
        float *r = s + i * tp;
        size_t end = round16(i + 1);
        /* Lanes past the diagonal become -inf, and exp gives them 0. */
        float maxima[16], sums[16];
        for (int l = 0; l < 16; l++) maxima[l] = -__builtin_inff(), sums[l] = 0.0f;
        for (size_t j = 0; j < end; j += 16)
            for (int l = 0; l < 16; l++) {
                float x = j + l <= i ? r[j + l] * scale : -__builtin_inff();
                r[j + l] = x;
                maxima[l] = x > maxima[l] ? x : maxima[l];
            }
        float top = lane_max(maxima);
        for (size_t j = 0; j < end; j += 16)
            for (int l = 0; l < 16; l++) {
                float e = descent_expf(r[j + l] - top);
                r[j + l] = e;
                sums[l] += e;
            }
        float total = lane_sum(sums), inverse = 1.0f / total;
        for (size_t j = 0; j < end; j += 16)
            for (int l = 0; l < 16; l++) r[j + l] *= inverse;
        memset(r + end, 0, (tp - end) * sizeof(float));
        lse[i] = top + logf(total);
    }
    product(s, tp, v, ld, o, ldo, t, d, 0);
}

DESCENT_CLONES
void descent_attention_head_backward(const float *q, const float *k, const float *v, size_t ld, const float *g,
                                     const float *o, size_t ldo, const float *lse, const float *probabilities,
                                     float *dq, float *dk, float *dv, size_t t, size_t d, float scale, float *scratch) {
    size_t tp = round16(t);
    float *kt = scratch, *vt = scratch + d * tp, *p = scratch + 2 * d * tp, *dp = p + t * tp;
    transpose(v, ld, t, tp, d, vt);
    if (probabilities) {
        p = (float *)probabilities; /* read only: dS goes to dp */
    } else {
        /* P recomputed from the saved log-normalisers. */
        transpose(k, ld, t, tp, d, kt);
        scores(q, ld, kt, t, tp, d, p);
        for (size_t i = 0; i < t; i++) {
            float *r = p + i * tp, shift = lse[i];
            size_t end = round16(i + 1);
            for (size_t j = 0; j < end; j += 16)
                for (int l = 0; l < 16; l++)
                    r[j + l] = descent_expf(j + l <= i ? r[j + l] * scale - shift : -__builtin_inff());
            memset(r + end, 0, (tp - end) * sizeof(float));
        }
    }
    product(p, tp, g, ldo, dv, ld, t, d, 1); /* dV = P^T dO */
    scores(g, ldo, vt, t, tp, d, dp);        /* dP = dO V^T */
    for (size_t i = 0; i < t; i++) {
        const float *gi = g + i * ldo, *oi = o + i * ldo;
        float dots[16];
        for (int l = 0; l < 16; l++) dots[l] = 0.0f;
        for (size_t c = 0; c < d; c += 16)
            for (int l = 0; l < 16; l++) dots[l] += gi[c + l] * oi[c + l];
        float dot = lane_sum(dots);
        float *pr = p + i * tp, *dr = dp + i * tp;
        size_t end = round16(i + 1);
        for (size_t j = 0; j < end; j += 16) /* dS */
            for (int l = 0; l < 16; l++) dr[j + l] = j + l <= i ? pr[j + l] * (dr[j + l] - dot) * scale : 0.0f;
        memset(dr + end, 0, (tp - end) * sizeof(float));
    }
    product(dp, tp, k, ld, dq, ld, t, d, 0); /* dQ = dS K */
    product(dp, tp, q, ld, dk, ld, t, d, 1); /* dK = dS^T Q */
}

#ifndef CLUSTERMATCH_CKERNELS_H
#define CLUSTERMATCH_CKERNELS_H

#include <stddef.h>
#include <stdint.h>

/// Small numeric kernels that Swift does not vectorise by itself: float16 conversion and
/// dot products, score combination, and the all-pairs prefilter (bfloat16 products and
/// per-row candidate pools). Every function but the bfloat16 ones has a portable C path;
/// x86-64 CPUs with AVX2/F16C/FMA (AVX-512 BF16) take a faster path chosen at run time.

/// Converts n floats to IEEE half precision (round to nearest even).
void cm_to_half(const float *src, uint16_t *dst, size_t n);

/// out[i] = dot(rows[i], q) for n rows of d half-precision values (accumulated in float).
void cm_dot_half(const uint16_t *rows, size_t n, size_t d, const float *q, float *out);

/// Combines score parts of an m×n tile into `out` (row-major): score = ws·S + wc·H(F, G)
/// + wk·K with H the harmonic mean of the positive parts. S, F, G, K may be NULL when their weight is 0.
void cm_combine(size_t m, size_t n, const float *S, const float *F, const float *G, const float *K,
                float ws, float wc, float wk, float *out);

/// out[x] = dot(rows[index[x]], q) for `count` gathered float rows of length d.
void cm_dot_gather(const float *rows, size_t d, const uint32_t *index, size_t count, const float *q, float *out);

/// The float32 dot product of two vectors of length d (vectorised where the CPU allows).
float cm_dot(const float *a, const float *b, size_t d);

/// Whether this CPU has the bfloat16 dot-product instructions (AVX-512 BF16) the
/// all-pairs prefilter uses.
int cm_bf16_supported(void);

/// The number of 32-bit words `cm_bf16_pack` writes for n rows of length d.
size_t cm_bf16_panel_words(size_t n, size_t d);

/// Rounds n rows of length d to bfloat16 (nearest even) and packs them in panels of 16
/// rows, each 32-bit word holding one row's two values of a column pair. When `error` is
/// not NULL, error[i] receives the Euclidean norm of row i's rounding error (an upper bound).
void cm_bf16_pack(const float *x, size_t n, size_t d, uint32_t *panels, float *error);

/// What the exact float32 score of a pair reads: the views (row-major, n×dimension; NULL
/// when their weight is 0) and the weights, as in `ScoringWeights.score`; and `margin`,
/// the bound on |approximate − exact| of the prefilter whose pools use it.
typedef struct {
    size_t dimension;
    const float *profile, *offers, *needs, *keywordVectors;
    float similarity, complementarity, keywords;
    float margin;
} cm_exact_job;

/// The exact float32 score of rows i and j (s(i→j)), and its parts when the pointers are
/// not NULL. The one definition the all-pairs path ranks by.
float cm_exact_score(const cm_exact_job *job, size_t i, size_t j, float *similarity, float *forward, float *backward);

/// Per-row candidate pools of the all-pairs prefilter (one set per worker): row r keeps
/// every partner whose approximate score is at least its floor, and the floor rises to
/// the k-th best seen − slack whenever the row's buffer fills.
typedef struct cm_pools cm_pools;

/// An extra filter on (row, partner) pairs; nonzero = allowed.
typedef int (*cm_allow)(const void *context, size_t row, size_t partner);

/// Pools for n rows; floors start at `minimum`, and at +infinity for `empty` rows, which
/// also never become anyone's candidate. With `exact` (may be NULL), a row whose largest buffer
/// stays over half full after compaction (near-ties) keeps only its exact top k, so memory
/// stays O(n·k). `empty` and `exact` must outlive the pools.
cm_pools *cm_pools_create(size_t n, uint32_t k, float slack, float minimum, const uint8_t *empty,
                          const cm_exact_job *exact);
void cm_pools_free(cm_pools *pools);

/// The partners of `row` in the union of `count` pool sets whose score is within the
/// slack of their joint k-th best, best approximate score first, with those scores.
/// Returns how many; when that exceeds `capacity`, nothing is written and the caller
/// retries with room for that many.
size_t cm_pools_candidates(cm_pools *const *pools, size_t count, size_t row, uint32_t *out, float *score, size_t capacity);

/// Offers every pair of an m×n tile of combined scores (rows i0…, columns j0…) to both
/// rows' pools; on a diagonal tile (i0 == j0) only pairs above the diagonal.
void cm_pools_select_tile(cm_pools *pools, const float *scores, size_t i0, size_t m, size_t j0, size_t n, int diagonal,
                          cm_allow allow, const void *context);

/// The views a bfloat16 tile job multiplies, in the order similarity, forward (offers ×
/// needs), backward (needs × offers), keywords, of those whose weight is not 0.
typedef struct {
    size_t dimension;
    int views;
    const uint32_t *rowSide[4];
    const uint32_t *columnSide[4];
    float similarity, complementarity, keywords;
} cm_bf16_job;

/// The fused prefilter tile: bfloat16 products of rows i0..<i0+m against rows j0..<j0+n
/// (j0 a multiple of 16), combined into scores and offered to the pools in registers;
/// the tile is never written out. Only when `cm_bf16_supported()`.
void cm_bf16_select_tile(const cm_bf16_job *job, cm_pools *pools, size_t i0, size_t m, size_t j0, size_t n, int diagonal,
                         cm_allow allow, const void *context);

#endif

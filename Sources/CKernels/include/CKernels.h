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

/// How many products (dense views multiplied row by row) and components one score may have.
#define CM_MAX_PRODUCTS 8
#define CM_MAX_COMPONENTS 8

/// How a named score component contributes: the product `first` itself, or the
/// reciprocal harmonic mean of products `first` and `first + 1` (their positive parts).
/// The `_ABOVE` kinds read each product above a threshold t first: max(0, x − t) · scale,
/// scale = 1/(1 − t), so that only what exceeds the noise floor of unrelated texts counts
/// (0 at t and below, 1 at x = 1). Their values change at most `scale` times as fast as
/// the products, which the prefilter margins account for.
enum { CM_PRODUCT = 0, CM_RECIPROCAL = 1, CM_PRODUCT_ABOVE = 2, CM_RECIPROCAL_ABOVE = 3 };

/// One dense component of a score: `weight · value`, where the value is read from the
/// products as `kind` says. A component whose weight is 0 reads nothing and adds 0.
///
/// A reciprocal component may say which rows have anything on each side: for the asking
/// rows `rowOffers[i]`, `rowNeeds[i]` nonzero, for the partners `offers[j]`, `needs[j]`
/// (and `offersMask`/`needsMask`, the same as bits, 16 partners a word). A direction exists
/// only when the asking row has offers and the partner needs (forward), or the other way
/// round (backward). A pair with one direction is scored on that direction alone (its
/// positive part), one with none scores 0. `rowOffers` NULL: every direction exists.
typedef struct {
    int kind;
    int first;
    float weight;
    /// The `_ABOVE` kinds' threshold t and scale 1/(1 − t) (unread by the others).
    float threshold, scale;
    const uint8_t *rowOffers, *rowNeeds, *offers, *needs;
    const uint16_t *offersMask, *needsMask;
} cm_component;

/// The reciprocal value of a pair: the harmonic mean of both directions when both exist,
/// else the one that does (see `cm_component`).
float cm_reciprocal(const cm_component *component, float forward, float backward, size_t i, size_t j);

/// A component's value for pair (i, j) from its products' values (`second` is read by the
/// reciprocal kinds only), exactly as `cm_exact_score` computes it.
float cm_component_value(const cm_component *component, float first, float second, size_t i, size_t j);

/// Combines the products of an m×n tile (rows i0…, partners j0…) into scores (row-major
/// `out`): the components in order, each weight · value, plus `offset` to every score. `products[p]` is an m×n tile
/// (row-major, leading dimension n); entries of components whose weight is 0 may be NULL.
void cm_combine(size_t m, size_t n, const float *const *products, const cm_component *components, int count,
                float offset, size_t i0, size_t j0, float *out);

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

/// Sparse rows in compressed form: row r's entries are `index[start[r] ..< start[r + 1]]`,
/// ascending, with their `value`s. Used both ways round: participants' lexical terms
/// (index = term id) and each term's postings (index = participant row).
typedef struct {
    const uint32_t *start;
    const uint32_t *index;
    const float *value;
} cm_sparse;

/// One product of a score: rows of `rows` (the asking side, i) against rows of `columns`
/// (the partner, j), both n×dimension, row-major. When `sparseRows` is not NULL the product
/// is exact on the sparse rows instead (`cm_sparse_dot` of row i of `sparseRows` and row j
/// of `sparseColumns`) and `postings` holds `sparseColumns` the other way round.
typedef struct {
    size_t dimension;
    const float *rows, *columns;
    const cm_sparse *sparseRows, *sparseColumns, *postings;
} cm_product;

/// The sparse per-pair terms of a score: their weighted sum for rows (i, j), symmetric in
/// i and j, given the pair's component score `content` (a gated term counts only where
/// `content` is above 0 or the pair is related, `PairTerm.related`). Called only for the few candidates of the exact re-score.
typedef float (*cm_pair_terms)(const void *context, size_t i, size_t j, float content);

/// What the exact float32 score of a pair reads: its products and components (as in
/// `ScoringWeights`), the sparse pair terms (NULL when none), and `margin`, the bound on
/// |approximate − exact| of the prefilter whose pools use it.
typedef struct {
    int products;
    cm_product product[CM_MAX_PRODUCTS];
    int components;
    cm_component component[CM_MAX_COMPONENTS];
    cm_pair_terms terms;
    const void *termsContext;
    float margin;
} cm_exact_job;

/// The exact float32 score of rows i and j (s(i→j)): the components in order (each
/// weight · value), then the pair terms. When `products` is not NULL it receives every
/// product's value (0 for those of zero-weight components). The one definition the
/// all-pairs path ranks by.
float cm_exact_score(const cm_exact_job *job, size_t i, size_t j, float *products);

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

/// The products a bfloat16 tile job multiplies (packed panels; only those of components
/// whose weight is not 0), the components that combine them, and `offset`, added to every
/// approximate score (the middle of the pair terms' range).
typedef struct {
    int products;
    size_t dimension[CM_MAX_PRODUCTS];
    const uint32_t *rowSide[CM_MAX_PRODUCTS];
    const uint32_t *columnSide[CM_MAX_PRODUCTS];
    int components;
    cm_component component[CM_MAX_COMPONENTS];
    float offset;
} cm_bf16_job;

/// The fused prefilter tile: bfloat16 products of rows i0..<i0+m against rows j0..<j0+n
/// (j0 a multiple of 16), combined into scores and offered to the pools in registers;
/// the tile is never written out. Only when `cm_bf16_supported()`.
void cm_bf16_select_tile(const cm_bf16_job *job, cm_pools *pools, size_t i0, size_t m, size_t j0, size_t n, int diagonal,
                         cm_allow allow, const void *context);


/// The dot product of two sparse lists (ascending indices): the products of the shared
/// indices summed in ascending index order from 0, in float, so that it rounds exactly as
/// `cm_sparse_scatter` accumulates the same pair.
float cm_sparse_dot(const uint32_t *ai, const float *av, size_t an, const uint32_t *bi, const float *bv, size_t bn);

/// acc[r] += q[x] · w for each query entry x (ascending) and each posting (r, w) of its
/// index: every row sharing an index with the query gets its exact `cm_sparse_dot`. Rows
/// met for the first time (mark[r] == 0) are marked and appended to `touched` from
/// position `count`; returns the new count. `acc` must be 0 where `mark` is 0.
size_t cm_sparse_scatter(const uint32_t *qi, const float *qv, size_t qn, const cm_sparse *postings, float *acc,
                         uint8_t *mark, uint32_t *touched, size_t count);

/// One row's exact top k when the lexical products are sparse: what `cm_sparse_top` reads.
/// `untouchedHigh` bounds the score of a partner that shares no term with the row in any
/// product (the score of zero products plus the pair terms' largest sum), `termsHigh` what
/// the pair terms add at most (0 without them): a partner whose other parts plus that cannot
/// reach the k-th best is dropped before the filter and the pair terms are asked.
typedef struct {
    const cm_exact_job *job;
    size_t n;
    uint32_t k;
    float minimum;
    float untouchedHigh;
    float termsHigh;
    const uint8_t *empty;
    cm_allow allow;
    const void *context;
    /// Per sparse product, each term's largest value in the partners' view (`cm_sparse_max`),
    /// or all NULL: then every partner sharing a term is scored. With them, terms whose
    /// products cannot lift a partner into the top k are left out of the gathering (see
    /// `cm_sparse_top`). Valid only when every sparse value and every weight is ≥ 0.
    const float *termMax[CM_MAX_PRODUCTS];
    /// Each partner's squared norm in each sparse product's view (`cm_sparse_norms`), partner
    /// j's at j · products + p, and per product the largest norm: with them a partner's
    /// bound also takes what its norm leaves for the terms not gathered (Cauchy–Schwarz).
    const float *norm2;
    float normMax[CM_MAX_PRODUCTS];
    /// Term ids are below this (the dense copy of a row's lists in the scratch).
    size_t terms;
    /// How many postings the pass through the strongest terms may read; 0: the default,
    /// a quarter of the partners and at least 4,096. Tests make it small.
    size_t seedPostings;
    /// How many partners the pruned path gathers at a time (their records stay in cache);
    /// 0: the default. Tests make it small.
    size_t blockPartners;
} cm_sparse_top_job;
/// out[r · stride] = the squared norm of row r, rounded up, for n rows; returns the largest norm.
float cm_sparse_norms(const cm_sparse *rows, size_t n, float *out, size_t stride);
/// How many floats of scratch `cm_sparse_top` needs to leave out weak terms.
size_t cm_sparse_top_scratch(const cm_sparse_top_job *t);
/// out[t] = the largest value in postings list t, for `terms` lists (0 for an empty one).
/// Returns the smallest value met anywhere (0 when there is none), so that callers can
/// check the lists hold no negative value.
float cm_sparse_max(const cm_sparse *postings, size_t terms, float *out);

/// Row i's best k partners by `cm_exact_score` (ties: smaller row first), exact: the
/// partners sharing a term are scored from the postings; the rest only when the k-th best
/// does not beat `untouchedHigh` (or when a product is dense, every partner is scored).
/// With `termMax`, the row first scores a few partners found through its strongest terms;
/// their k-th best score then marks as optional the weakest terms, those whose largest
/// possible products together cannot lift a partner to it. Only the other terms' postings
/// are gathered (the middling ones only adding to partners already met), and a partner met
/// there is scored exactly only when its gathered products plus the optional terms' largest
/// could still reach the k-th best: the same list, far fewer partners looked at when common
/// words are shared by everyone.
/// Scratch: `acc` (products × n floats) and `mark` (n bytes) all 0 (left so), `touched` n + 1,
/// `scratch` (`cm_sparse_top_scratch` floats, all 0; its per-partner records, dense query and
/// bitmaps are left 0, its candidate list is not read before written; NULL: no terms left out).
/// Writes partners best first, their scores and their products' values (CM_MAX_PRODUCTS
/// each); returns how many (≤ k).
size_t cm_sparse_top(const cm_sparse_top_job *t, size_t i, float *acc, uint8_t *mark, uint32_t *touched,
                     uint32_t *partner, float *score, float *values, float *scratch);
#endif

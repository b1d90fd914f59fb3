/* The exact score must round exactly as written, the same everywhere it is computed. */
#pragma STDC FP_CONTRACT OFF

#include "CKernels.h"
#include "harmonic.h"
#include <stdlib.h>
#include <string.h>
#include <math.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

/* ---- the exact float32 score of one pair ---- */


/* The value of product p for pair (i, j), exact (float32 dense, or sparse). */
static inline float product_value(const cm_product *x, size_t i, size_t j) {
    if (x->sparseRows) {
        const cm_sparse *a = x->sparseRows, *b = x->sparseColumns;
        return cm_sparse_dot(a->index + a->start[i], a->value + a->start[i], a->start[i + 1] - a->start[i],
                             b->index + b->start[j], b->value + b->start[j], b->start[j + 1] - b->start[j]);
    }
    return cm_dot(x->rows + i * x->dimension, x->columns + j * x->dimension, x->dimension);
}

/* The components' part of the score from the products' values, in order. `value` holds at
 * least the values of products that weighted components read. */
static inline float combine_components(const cm_exact_job *job, const float *value, size_t i, size_t j) {
    float score = 0;
    for (int c = 0; c < job->components; c++) {
        const cm_component *k = &job->component[c];
        float v = 0;
        if (k->weight != 0)
            v = cm_value_inline(k, value[k->first], cm_is_reciprocal(k->kind) ? value[k->first + 1] : 0, i, j);
        /* The first component starts the sum, so the score rounds as weight · value + … */
        score = c == 0 ? k->weight * v : score + k->weight * v;
    }
    return score;
}

/* The whole score: the components, then the pair terms. */
static inline float combine_values(const cm_exact_job *job, const float *value, size_t i, size_t j) {
    float score = combine_components(job, value, i, j);
    if (job->terms) score = score + job->terms(job->termsContext, i, j, score);
    return score;
}

float cm_component_value(const cm_component *k, float first, float second, size_t i, size_t j) {
    return cm_value_inline(k, first, second, i, j);
}

float cm_exact_score(const cm_exact_job *job, size_t i, size_t j, float *products) {
    float value[CM_MAX_PRODUCTS] = {0};
    for (int c = 0; c < job->components; c++) {
        const cm_component *k = &job->component[c];
        if (k->weight == 0) continue;
        const int last = k->first + (cm_is_reciprocal(k->kind) ? 1 : 0);
        for (int p = k->first; p <= last; p++) value[p] = product_value(&job->product[p], i, j);
    }
    float score = combine_values(job, value, i, j);
    if (products)
        for (int p = 0; p < job->products; p++) products[p] = value[p];
    return score;
}

/* ---- one row's exact top k over sparse products ---- */

/* Inserts (s, j) into the list best first (score descending, then row ascending), keeping k. */
static inline void top_offer(uint32_t k, size_t *count, uint32_t *partner, float *score, float *values,
                             float s, uint32_t j, const float *value, int products) {
    size_t c = *count;
    if (c == k) {
        float last = score[c - 1];
        if (!(s > last || (s == last && j < partner[c - 1]))) return;
        c--;
    }
    size_t x = c;
    while (x > 0 && (s > score[x - 1] || (s == score[x - 1] && j < partner[x - 1]))) {
        score[x] = score[x - 1];
        partner[x] = partner[x - 1];
        memcpy(values + x * CM_MAX_PRODUCTS, values + (x - 1) * CM_MAX_PRODUCTS, sizeof(float) * CM_MAX_PRODUCTS);
        x--;
    }
    score[x] = s;
    partner[x] = j;
    memcpy(values + x * CM_MAX_PRODUCTS, value, sizeof(float) * (size_t)products);
    *count = c + 1;
}

/* What one row's ranking reads and keeps while its partners are scored. */
typedef struct {
    const cm_sparse_top_job *t;
    size_t i;
    const float *acc;
    const int *used;
    size_t count;
    uint32_t *partner;
    float *score;
    float *values;
} row_ranking;

/* Offers partner j with its products' values: what the pair terms could add at most
 * decides first whether it can still enter, before the filter and the pair terms are asked. */
static inline void offer_values(row_ranking *r, size_t j, const float *value) {
    const cm_sparse_top_job *t = r->t;
    const cm_exact_job *job = t->job;
    const size_t i = r->i;
    float s = combine_components(job, value, i, j);
    float high = s + t->termsHigh;
    if (high < t->minimum || (r->count == t->k && high < r->score[r->count - 1])) return;
    if (t->allow && !t->allow(t->context, i, j)) return;
    if (job->terms) s = s + job->terms(job->termsContext, i, j, s);
    if (s >= t->minimum) top_offer(t->k, &r->count, r->partner, r->score, r->values, s, (uint32_t)j, value, job->products);
}

/* Scores partner j from the accumulated sparse products (and dense ones computed now) and
 * offers it. */
static inline void score_partner(row_ranking *r, size_t j) {
    const cm_sparse_top_job *t = r->t;
    const cm_exact_job *job = t->job;
    const size_t i = r->i;
    if (j == i || t->empty[j]) return;
    float value[CM_MAX_PRODUCTS] = {0};
    for (int p = 0; p < job->products; p++) {
        if (!r->used[p]) continue;
        const cm_product *x = &job->product[p];
        value[p] = x->sparseRows ? r->acc[(size_t)p * t->n + j] : product_value(x, i, j);
    }
    offer_values(r, j, value);
}

/* ---- pruned gathering (MaxScore over terms, with an L2 bound per partner) ---- */

float cm_sparse_max(const cm_sparse *postings, size_t terms, float *out) {
    float least = 0;
    for (size_t t = 0; t < terms; t++) {
        float m = 0;
        for (uint32_t e = postings->start[t]; e < postings->start[t + 1]; e++) {
            const float v = postings->value[e];
            if (v > m) m = v;
            if (v < least) least = v;
        }
        out[t] = m;
    }
    return least;
}

float cm_sparse_norms(const cm_sparse *rows, size_t n, float *out, size_t stride) {
    float most = 0;
    for (size_t r = 0; r < n; r++) {
        double sum = 0;
        for (uint32_t e = rows->start[r]; e < rows->start[r + 1]; e++) sum += (double)rows->value[e] * rows->value[e];
        /* Rounded up, so that it stays a bound of the float sums taken from it. */
        const float norm = (float)(sum * (1 + 1e-6));
        out[r * stride] = norm;
        if (norm > most) most = norm;
    }
    return sqrtf(most) * 1.000001f;
}

/* How many 64-bit words one product's bitmap of the asking row's terms takes. */
static inline size_t query_words(const cm_sparse_top_job *t) { return ((size_t)t->terms + 63) / 64; }

size_t cm_sparse_top_scratch(const cm_sparse_top_job *t) {
    /* The records and the dense query (see sparse_top_pruned), the candidates, then the
     * query's bitmaps (64-bit words, + 2 floats to align them). */
    return (size_t)t->job->products * (2 * t->n + t->terms) + 2 * t->n + 2 * (size_t)t->job->products * query_words(t) + 2;
}

/* One term of the asking row in one product, with the most it can add to a partner's product. */
typedef struct {
    float most;
    int product;
    uint32_t at; /* position in the row's list of that product */
} row_term;

static int by_most_descending(const void *a, const void *b) {
    const row_term *x = a, *y = b;
    if (x->most != y->most) return x->most > y->most ? -1 : 1;
    if (x->product != y->product) return x->product < y->product ? -1 : 1;
    return x->at < y->at ? -1 : (x->at > y->at);
}

/* An upper bound of the components' sum when each product is at most `value` (all ≥ 0):
 * every component is non-decreasing in its products. For partner j (j == SIZE_MAX: any
 * partner) the reciprocal kinds take j's sides; for any partner, the larger direction, which
 * bounds the harmonic mean and either direction alone. Rounding is covered by the slack. */
static float bound_components(const cm_exact_job *job, const float *value, size_t i, size_t j) {
    float score = 0;
    for (int c = 0; c < job->components; c++) {
        const cm_component *k = &job->component[c];
        if (k->weight == 0) continue;
        float v;
        if (j == SIZE_MAX && cm_is_reciprocal(k->kind)) {
            float f = value[k->first], g = value[k->first + 1];
            if (k->kind == CM_RECIPROCAL_ABOVE) { f = cm_above(k, f); g = cm_above(k, g); }
            v = f > g ? f : g;
        } else {
            v = cm_value_inline(k, value[k->first], cm_is_reciprocal(k->kind) ? value[k->first + 1] : 0, i, j == SIZE_MAX ? 0 : j);
        }
        score += k->weight * v;
    }
    return score;
}

/* `bound_components` for partner j without a division: the harmonic mean of f and g is at
 * most max(f, g) and at most 2·min(f, g). Never below the exact bound but for rounding,
 * which the bounds' slack covers. */
static inline float quick_bound(const cm_exact_job *job, const float *value, size_t i, size_t j) {
    float score = 0;
    for (int c = 0; c < job->components; c++) {
        const cm_component *k = &job->component[c];
        if (k->weight == 0) continue;
        float f = value[k->first], v;
        if (k->kind == CM_PRODUCT_ABOVE || k->kind == CM_RECIPROCAL_ABOVE) f = cm_above(k, f);
        if (cm_is_reciprocal(k->kind)) {
            float g = value[k->first + 1];
            if (k->kind == CM_RECIPROCAL_ABOVE) g = cm_above(k, g);
            f = f > 0 ? f : 0;
            g = g > 0 ? g : 0;
            const int directions = cm_reciprocal_directions(k, i, j), forward = directions & 1, backward = directions >> 1;
            if (forward && backward) {
                const float low = f < g ? f : g, high = f < g ? g : f;
                v = 2 * low < high ? 2 * low : high;
            } else {
                v = forward ? f : backward ? g : 0;
            }
        } else {
            v = f;
        }
        score += k->weight * v;
    }
    return score;
}

/* What float rounding may hide in a bound: sums of up to a few hundred products of values
 * at most 1 are off by far less, relative and absolute. */
static inline float widen(float x) { return x * 1.0001f + 1e-6f; }
#define CM_BOUND_SLACK 1e-5f

/* The exact sparse product of the asking row (scattered densely in `q`) and partner j: j's
 * entries in order, adding q·w, which is 0 where the row has no entry. The shared entries'
 * products are added in ascending index order, each rounding as in `cm_sparse_dot`, and
 * adding a zero changes no sum: the same float as the merge, at a fraction of its branches. */
static inline float dense_query_dot(const float *q, const uint64_t *has, const cm_sparse *b, size_t j) {
    float sum = 0;
    for (uint32_t e = b->start[j]; e < b->start[j + 1]; e++) {
        /* Most of j's terms are not the row's: the bitmap (in L1) says so without reading
         * q (in L2 at best) and without a product to add. Skipping a zero product changes
         * no sum: the values are ≥ 0 on this path. */
        const uint32_t x = b->index[e];
        if (!(has[x >> 6] >> (x & 63) & 1)) continue;
        const float p = q[x] * b->value[e];
        sum = sum + p;
    }
    return sum;
}

/* What the pruned ranking of one row reads besides `row_ranking`. */
typedef struct {
    row_ranking r;
    const int *used;
    const float *query; /* products × terms: the row's lists, dense */
    const uint64_t *has; /* products × query_words: which terms the row has */
} pruned_row;

/* Scores partner j exactly (every used product from the dense query) and offers it, as
 * `score_partner` does. */
static inline void score_exactly(pruned_row *pr, size_t j) {
    row_ranking *r = &pr->r;
    const cm_sparse_top_job *t = r->t;
    const cm_exact_job *job = t->job;
    const size_t i = r->i;
    if (j == i || t->empty[j]) return;
    float value[CM_MAX_PRODUCTS] = {0};
    for (int p = 0; p < job->products; p++)
        if (pr->used[p]) value[p] = dense_query_dot(pr->query + (size_t)p * t->terms, pr->has + (size_t)p * query_words(t),
                                                  job->product[p].sparseColumns, j);
    offer_values(r, j, value);
}

/* Asks for the start of partner j's lists (those `score_exactly` reads), so that several
 * partners' lists, far apart in memory, arrive at once. `start` reads j's bounds, which
 * an earlier `prefetch_bounds` asked for. */
static inline void prefetch_bounds(const pruned_row *pr, size_t j) {
    const cm_exact_job *job = pr->r.t->job;
    for (int p = 0; p < job->products; p++)
        if (pr->used[p]) __builtin_prefetch(job->product[p].sparseColumns->start + j);
}
static inline void prefetch_lists(const pruned_row *pr, size_t j) {
    const cm_exact_job *job = pr->r.t->job;
    for (int p = 0; p < job->products; p++) {
        if (!pr->used[p]) continue;
        const cm_sparse *b = job->product[p].sparseColumns;
        const uint32_t e = b->start[j];
        __builtin_prefetch(b->index + e);
        __builtin_prefetch(b->index + e + 16);
        __builtin_prefetch(b->value + e);
        __builtin_prefetch(b->value + e + 16);
    }
}

/* The score a partner must beat (or tie) to enter: the k-th best once the list is full. */
static inline float entry_bar(const row_ranking *r) {
    const float kth = r->count == r->t->k ? r->score[r->count - 1] : -INFINITY;
    return kth > r->t->minimum ? kth : r->t->minimum;
}

/* The share of the bar that the optional terms may reach at most (see step 2 below). */
#define CM_OPTIONAL_SHARE 0.3f

/* How many entries ahead the gathering loops prefetch a partner's numbers. */
#define CM_AHEAD 16

/* Marks: bit 0 gathered in this pass, bit 1 already scored. */
enum { GATHERED = 1, SCORED = 2 };

/* How many postings the first pass may read: enough to find a few good partners, more in
 * larger landscapes, where each term has more postings. */
static inline size_t seed_postings(const cm_sparse_top_job *t) {
    return t->seedPostings ? t->seedPostings : t->n / 4 > 4096 ? t->n / 4 : 4096;
}

typedef struct {
    float bound;
    uint32_t partner;
} bounded_partner;

/* Whether a goes before b: larger bound, then smaller partner. */
static inline int bound_before(bounded_partner a, bounded_partner b) {
    return a.bound > b.bound || (a.bound == b.bound && a.partner < b.partner);
}

/* Restores the max-heap (by `bound_before`) below position x of h[0..<count]. */
static void sift_down(bounded_partner *h, size_t count, size_t x) {
    const bounded_partner item = h[x];
    for (;;) {
        size_t c = 2 * x + 1;
        if (c >= count) break;
        if (c + 1 < count && bound_before(h[c + 1], h[c])) c++;
        if (!bound_before(h[c], item)) break;
        h[x] = h[c];
        x = c;
    }
    h[x] = item;
}

/* One term of the row on its walk through its postings, block by block of partners. */
typedef struct {
    const uint32_t *index;
    const float *value;
    uint32_t at, end;
    float q;
    int product;
} term_walk;

/* How many partners one block holds: their records fit in a core's L2 cache beside the
 * postings streaming through (tests make blocks small). */
static inline size_t block_partners(const cm_sparse_top_job *t, size_t R) {
    if (t->blockPartners) return t->blockPartners;
    const size_t b = (size_t)256 * 1024 / (R * sizeof(float));
    return b < 1024 ? 1024 : b;
}

/* Walks w's postings below partner `below`, gathering each partner's product and square
 * into its record and admitting the partners met for the first time. */
static inline size_t admit(term_walk *w, uint32_t below, float *restrict record, size_t R, size_t P,
                           uint8_t *restrict mark, uint32_t *restrict touched, size_t gathered) {
    float *restrict a = record + w->product;
    const uint32_t *restrict index = w->index;
    const float *restrict value = w->value;
    const float q = w->q;
    const uint32_t end = w->end;
    uint32_t e = w->at;
    for (; e < end && index[e] < below; e++) {
        /* Partners are far apart in memory: ask for the one a few postings ahead now. */
        if (e + CM_AHEAD < end) __builtin_prefetch(a + (size_t)index[e + CM_AHEAD] * R, 1);
        const uint32_t j = index[e];
        const float v = value[e];
        a[j * R] += q * v;
        a[j * R + P] += v * v;
        /* Without a branch: whether j is new is as good as random. A mark set is GATHERED
         * at least (a scored partner was gathered first). */
        const uint8_t was = mark[j];
        touched[gathered] = j;
        gathered += was == 0;
        mark[j] = was | GATHERED;
    }
    w->at = e;
    return gathered;
}

/* Walks w's postings below partner `below`, adding to partners already met only. */
static inline void refine(term_walk *w, uint32_t below, float *restrict record, size_t R, size_t P,
                          const uint8_t *restrict mark) {
    float *restrict a = record + w->product;
    const uint32_t *restrict index = w->index;
    const float *restrict value = w->value;
    const float q = w->q;
    const uint32_t end = w->end;
    uint32_t e = w->at;
    for (; e < end && index[e] < below; e++) {
        const uint32_t j = index[e];
        /* Without a branch (about half the partners are met, at random): a partner not met
         * adds 0 to its record, which is 0 and stays 0; one met adds its product times 1,
         * the same float as adding the product. */
        const float met = (float)(mark[j] & GATHERED); /* a conversion, not a branch */
        const float v = value[e] * met;
        a[j * R] += q * v;
        a[j * R + P] += v * v;
    }
    w->at = e;
}

static size_t sparse_top_pruned(const cm_sparse_top_job *t, size_t i, const int *used, float *acc, uint8_t *mark,
                                uint32_t *touched, uint32_t *partner, float *score, float *values, float *scratch) {
    const cm_exact_job *job = t->job;
    const size_t n = t->n;
    /* scratch: per partner, its gathered products, then their squares (one record of 2P
     * floats, so that a partner's numbers share a cache line); then the dense query
     * (products × terms); then room for every partner as a candidate. */
    const size_t P = (size_t)job->products, R = 2 * P, B = block_partners(t, R);
    float *record = scratch, *query = scratch + R * n;
    bounded_partner *candidates = (bounded_partner *)(query + P * t->terms);
    const size_t W = query_words(t);
    uint64_t *has = (uint64_t *)(((uintptr_t)(candidates + n) + 7) & ~(uintptr_t)7);
    (void)acc;
    size_t terms = 0;
    for (int p = 0; p < job->products; p++) {
        if (!used[p]) continue;
        const cm_sparse *a = job->product[p].sparseRows;
        terms += a->start[i + 1] - a->start[i];
        for (uint32_t x = a->start[i]; x < a->start[i + 1]; x++) {
            const uint32_t term = a->index[x];
            query[(size_t)p * t->terms + term] = a->value[x];
            has[(size_t)p * W + (term >> 6)] |= (uint64_t)1 << (term & 63);
        }
    }
    const size_t blocks = (n + B - 1) / B;
    row_term *list = malloc((terms ? terms : 1) * sizeof(row_term));
    term_walk *walk = malloc((terms ? terms : 1) * sizeof(term_walk));
    size_t *firstOf = malloc((blocks + 1) * sizeof(size_t)); /* where each block's partners start in `touched` */
    if (!list || !walk || !firstOf) abort();
    size_t m = 0;
    for (int p = 0; p < job->products; p++) {
        if (!used[p]) continue;
        const cm_sparse *a = job->product[p].sparseRows;
        for (uint32_t x = a->start[i]; x < a->start[i + 1]; x++)
            list[m++] = (row_term){a->value[x] * t->termMax[p][a->index[x]], p, x - a->start[i]};
    }
    qsort(list, m, sizeof(row_term), by_most_descending);
    for (size_t x = 0; x < m; x++) {
        const cm_product *product = &job->product[list[x].product];
        const uint32_t at = product->sparseRows->start[i] + list[x].at, term = product->sparseRows->index[at];
        const cm_sparse *post = product->postings;
        walk[x] = (term_walk){post->index, post->value, post->start[term], post->start[term + 1], product->sparseRows->value[at],
                              list[x].product};
    }
    pruned_row pr = {{t, i, acc, used, 0, partner, score, values}, used, query, has};
    row_ranking *r = &pr.r;

    /* 1. A few partners through the strongest terms, scored exactly: their k-th best is a
     *    score the final k-th best reaches at least. What these postings gather (products and
     *    squares) is kept for step 3. Partners are visited a block at a time, so that their
     *    records stay in cache while every term's postings in the block stream through. */
    size_t strong = 0;
    for (size_t read = 0, budget = seed_postings(t); strong < m && (strong == 0 || read < budget); strong++)
        read += walk[strong].end - walk[strong].at;
    enum { SEEDS = 64 };
    uint32_t seed[SEEDS];
    float seedScore[SEEDS];
    size_t gathered = 0, seeds = 0, want = 4 * (size_t)t->k + 16 < SEEDS ? 4 * (size_t)t->k + 16 : SEEDS;
    /* Seeds are ranked by their gathered products, each weighted by the components that
     * read it. Any ranking keeps the lists exact (the bar is an exact k-th best); this one
     * costs a few multiplications and finds better seeds than the bound did (the harmonic
     * mean's bound, max(f, g), flatters one-sided partners): at 20k, 25 candidates per
     * row instead of 35. */
    float seedWeight[CM_MAX_PRODUCTS] = {0};
    for (int c = 0; c < job->components; c++) {
        const cm_component *k = &job->component[c];
        seedWeight[k->first] += k->weight;
        if (cm_is_reciprocal(k->kind)) seedWeight[k->first + 1] += k->weight;
    }
    for (size_t b = 0; b < blocks; b++) {
        const uint32_t below = (uint32_t)((b + 1) * B < n ? (b + 1) * B : n);
        firstOf[b] = gathered;
        for (size_t x = 0; x < strong; x++) gathered = admit(&walk[x], below, record, R, P, mark, touched, gathered);
        for (size_t x = firstOf[b]; x < gathered; x++) {
            const uint32_t j = touched[x];
            if (j == i || t->empty[j]) continue;
            float value[CM_MAX_PRODUCTS] = {0};
            for (int p = 0; p < job->products; p++) if (used[p]) value[p] = record[j * R + (size_t)p];
            float s = 0;
            for (int p = 0; p < job->products; p++) s += seedWeight[p] * value[p];
            if (seeds == want && !(s > seedScore[seeds - 1])) continue;
            size_t y = seeds < want ? seeds++ : seeds - 1;
            while (y > 0 && s > seedScore[y - 1]) { seedScore[y] = seedScore[y - 1]; seed[y] = seed[y - 1]; y--; }
            seedScore[y] = s;
            seed[y] = j;
        }
    }
    firstOf[blocks] = gathered;
    for (size_t x = 0; x < seeds; x++) prefetch_bounds(&pr, seed[x]);
    for (size_t x = 0; x < seeds; x++) prefetch_lists(&pr, seed[x]);
    for (size_t x = 0; x < seeds; x++) { score_exactly(&pr, seed[x]); mark[seed[x]] |= SCORED; }

    /* 2. Three zones of the row's terms, weakest first, from what the terms can add at most
     *    (per product, the smaller of the sum of their largest values and, by Cauchy–Schwarz,
     *    their norm times the longest partner's):
     *    - optional: the weakest terms, while what they add keeps every partner met only
     *      through them below a share of the bar. Any share ≤ 1 gives the same lists; a small
     *      one reads more postings but leaves the partners met tight bounds, so that few need
     *      scoring (measured best near 0.3 on 20k and 100k landscapes: Benchmarks/store/README.md);
     *    - refining: the next terms, while every partner met only through them and the
     *      optional ones stays below the bar itself: their postings add to partners already
     *      met and admit no new ones;
     *    - admitting: the strongest terms, whose postings gather every partner they meet. */
    float sum[CM_MAX_PRODUCTS] = {0}, squared[CM_MAX_PRODUCTS] = {0};
    const float full = entry_bar(r), bar = full > 0 ? full * CM_OPTIONAL_SHARE : full;
    size_t optional = m, admitting = m;
    {
        float most[CM_MAX_PRODUCTS] = {0}, norm[CM_MAX_PRODUCTS] = {0};
        for (size_t x = m; x-- > 1;) {
            const int q = list[x].product;
            const float w = walk[x].q;
            float trial[CM_MAX_PRODUCTS];
            for (int p = 0; p < job->products; p++) {
                const float s = most[p] + (p == q ? list[x].most : 0), l2 = sqrtf(norm[p] + (p == q ? w * w : 0)) * t->normMax[p];
                trial[p] = widen(s < l2 ? s : l2);
            }
            const float high = bound_components(job, trial, i, SIZE_MAX) + t->termsHigh + CM_BOUND_SLACK;
            if (optional == x + 1 && high < bar) {
                optional = x;
                sum[q] += list[x].most;
                squared[q] += w * w;
            } else if (!(high < full)) {
                break;
            }
            most[q] += list[x].most;
            norm[q] += w * w;
            admitting = x;
        }
    }
    float restNorm[CM_MAX_PRODUCTS];
    float cheap[CM_MAX_PRODUCTS];  /* the optional terms' most for any partner */
    for (int p = 0; p < job->products; p++) {
        restNorm[p] = sqrtf(squared[p]) * 1.0001f;
        cheap[p] = sum[p] < restNorm[p] * t->normMax[p] ? sum[p] : restNorm[p] * t->normMax[p];
    }

    /* 3. The other terms' postings (the strong ones' are in already), a block of partners
     *    at a time; then, while the block is in cache, each partner met in it gets a bound
     *    from its record, and those whose bound reaches the bar become candidates. */
    size_t count = 0;
    const float cut = entry_bar(r);
    for (size_t b = 0; b < blocks; b++) {
        const uint32_t below = (uint32_t)((b + 1) * B < n ? (b + 1) * B : n);
        const size_t before = gathered;
        for (size_t x = strong; x < admitting && x < optional; x++)
            gathered = admit(&walk[x], below, record, R, P, mark, touched, gathered);
        for (size_t x = admitting > strong ? admitting : strong; x < optional; x++) refine(&walk[x], below, record, R, P, mark);
        for (int pass = 0; pass < 2; pass++) {
            const size_t from = pass ? before : firstOf[b], to = pass ? gathered : firstOf[b + 1];
            for (size_t x = from; x < to; x++) {
                if (x + CM_AHEAD < to) {
                    /* The first pass's records were written blocks ago: out of cache by now. */
                    __builtin_prefetch(record + (size_t)touched[x + CM_AHEAD] * R, 1);
                    __builtin_prefetch(t->norm2 + (size_t)touched[x + CM_AHEAD] * P);
                }
                const uint32_t j = touched[x];
                float got[CM_MAX_PRODUCTS] = {0}, gotSquared[CM_MAX_PRODUCTS] = {0};
                /* Read and clear j's record in one visit. */
                float *own = record + j * R;
                for (int p = 0; p < job->products; p++)
                    if (used[p]) { got[p] = own[p]; gotSquared[p] = own[P + (size_t)p]; own[p] = 0; own[P + (size_t)p] = 0; }
                if ((mark[j] & SCORED) || j == i || t->empty[j]) continue;
                float value[CM_MAX_PRODUCTS] = {0};
                for (int p = 0; p < job->products; p++) if (used[p]) value[p] = widen(got[p] + cheap[p]);
                if (quick_bound(job, value, i, j) + t->termsHigh + CM_BOUND_SLACK < cut) continue;
                for (int p = 0; p < job->products; p++) {
                    if (!used[p]) continue;
                    /* What the optional terms may add to j: j's norm outside the gathered entries. */
                    const float left = t->norm2[j * P + (size_t)p] - gotSquared[p];
                    const float l2 = restNorm[p] * sqrtf((left > 0 ? left : 0) + 1e-6f);
                    value[p] = widen(got[p] + (sum[p] < l2 ? sum[p] : l2));
                }
                const float bound = bound_components(job, value, i, j) + t->termsHigh + CM_BOUND_SLACK;
                if (bound < cut) continue;
                prefetch_bounds(&pr, j);
                candidates[count++] = (bounded_partner){bound, j};
            }
        }
    }
    /* Best bound first, lazily: a heap, as few are scored before the bound falls below the bar. */
    for (size_t x = count / 2; x-- > 0;) sift_down(candidates, count, x);
    for (size_t left = count; left > 0 && !(candidates[0].bound < entry_bar(r));) {
        const uint32_t j = candidates[0].partner;
        candidates[0] = candidates[--left];
        sift_down(candidates, left, 0);
        if (left > 0) prefetch_lists(&pr, candidates[0].partner); /* the next one, while j is scored */
        score_exactly(&pr, j);
    }
    /* 4. Partners that share nothing, as in the unpruned path (those met only through
     *    optional terms are scored here too: the bar did not hold them off). */
    if (t->untouchedHigh >= t->minimum && (r->count < t->k || !(score[r->count - 1] > t->untouchedHigh)))
        for (size_t j = 0; j < n; j++)
            if (!mark[j]) score_exactly(&pr, j);
    for (size_t x = 0; x < gathered; x++) mark[touched[x]] = 0;
    for (int p = 0; p < job->products; p++) {
        if (!used[p]) continue;
        const cm_sparse *a = job->product[p].sparseRows;
        for (uint32_t x = a->start[i]; x < a->start[i + 1]; x++) {
            query[(size_t)p * t->terms + a->index[x]] = 0;
            has[(size_t)p * W + (a->index[x] >> 6)] = 0;
        }
    }
    free(list);
    free(walk);
    free(firstOf);
    return r->count;
}

size_t cm_sparse_top(const cm_sparse_top_job *t, size_t i, float *acc, uint8_t *mark, uint32_t *touched,
                     uint32_t *partner, float *score, float *values, float *scratch) {
    const cm_exact_job *job = t->job;
    const size_t n = t->n;
    if (t->k == 0 || t->empty[i]) return 0;
    /* Which products weighted components read, and whether any of them is dense. */
    int used[CM_MAX_PRODUCTS] = {0}, dense = 0, bounded = 1;
    for (int c = 0; c < job->components; c++) {
        const cm_component *k = &job->component[c];
        if (k->weight == 0) continue;
        const int last = k->first + (cm_is_reciprocal(k->kind) ? 1 : 0);
        for (int p = k->first; p <= last; p++) {
            used[p] = 1;
            if (!job->product[p].sparseRows) dense = 1;
            if (!t->termMax[p] || !t->norm2) bounded = 0;
        }
    }
    if (!dense && bounded && scratch) return sparse_top_pruned(t, i, used, acc, mark, touched, partner, score, values, scratch);
    size_t touchedCount = 0;
    for (int p = 0; p < job->products; p++) {
        const cm_product *x = &job->product[p];
        if (!used[p] || !x->sparseRows) continue;
        const cm_sparse *a = x->sparseRows;
        touchedCount = cm_sparse_scatter(a->index + a->start[i], a->value + a->start[i], a->start[i + 1] - a->start[i],
                                         x->postings, acc + (size_t)p * n, mark, touched, touchedCount);
    }
    row_ranking r = {t, i, acc, used, 0, partner, score, values};
    if (dense) {
        for (size_t j = 0; j < n; j++) score_partner(&r, j);
    } else {
        for (size_t x = 0; x < touchedCount; x++) score_partner(&r, touched[x]);
        /* A partner sharing nothing scores at most untouchedHigh: needed only when the k-th
         * best does not beat it (fewer than k partners share a term, or pair terms decide). */
        if (t->untouchedHigh >= t->minimum && (r.count < t->k || !(score[r.count - 1] > t->untouchedHigh)))
            for (size_t j = 0; j < n; j++)
                if (!mark[j]) score_partner(&r, j);
    }
    for (int p = 0; p < job->products; p++) {
        if (!used[p] || !job->product[p].sparseRows) continue;
        float *a = acc + (size_t)p * n;
        for (size_t x = 0; x < touchedCount; x++) a[touched[x]] = 0;
    }
    for (size_t x = 0; x < touchedCount; x++) mark[touched[x]] = 0;
    return r.count;
}

/* ---- candidate pools ----
 * Row r keeps every (score, partner) with score >= floor[r]. The floor follows the k-th
 * best score offered so far − slack at every offer (a min-heap of the k best), so that a
 * row stops taking partners as soon as k better ones are known; when the buffer is full,
 * what fell below the floor is dropped. */

typedef struct {
    float *score;
    uint32_t *partner;
    uint32_t count, cap;
    /* The k best scores offered so far (a min-heap, `known` of them). */
    float *best;
    uint32_t known;
} pool;

/* One entry while pools are ranked: scores and the partner (ties: smaller partner first). */
typedef struct {
    float key;
    float approximate;
    uint32_t partner;
} ranked;

static int by_key_then_partner(const void *a, const void *b) {
    const ranked *x = a, *y = b;
    if (x->key != y->key) return x->key > y->key ? -1 : 1;
    return x->partner < y->partner ? -1 : (x->partner > y->partner);
}

struct cm_pools {
    size_t n;
    uint32_t k;
    float slack;
    float *floor;
    /* Per row, the k-th best score offered so far (-INFINITY until k were): beside `floor`,
     * so that the common offer, below it, does not touch the row's heap. */
    float *kth;
    pool *rows;
    const uint8_t *empty;
    const cm_exact_job *exact;
    ranked *scratch;
};

static void *checked(void *p) {
    if (!p) abort();  /* out of memory: nothing sensible to return to */
    return p;
}

cm_pools *cm_pools_create(size_t n, uint32_t k, float slack, float minimum, const uint8_t *empty,
                          const cm_exact_job *exact) {
    cm_pools *p = checked(calloc(1, sizeof(cm_pools)));
    p->n = n;
    p->k = k;
    p->slack = slack;
    p->empty = empty;
    p->exact = exact;
    p->floor = checked(malloc((n + 16) * sizeof(float)));
    for (size_t i = 0; i < n + 16; i++) p->floor[i] = (i < n && !empty[i]) ? minimum : INFINITY;
    p->kth = checked(malloc((n + 1) * sizeof(float)));
    for (size_t i = 0; i < n; i++) p->kth[i] = -INFINITY;
    p->rows = checked(calloc(n, sizeof(pool)));
    p->scratch = checked(malloc(((size_t)8 * k + 48) * sizeof(ranked)));
    return p;
}

void cm_pools_free(cm_pools *p) {
    if (!p) return;
    for (size_t i = 0; i < p->n; i++) { free(p->rows[i].score); free(p->rows[i].partner); free(p->rows[i].best); }
    free(p->rows);
    free(p->floor);
    free(p->kth);
    free(p->scratch);
    free(p);
}

/* When near-ties keep more than half of a full buffer of the largest size, the row's entries are scored
 * exactly and only its exact top k stay: a partner that could still enter it scores at
 * least the exact k-th best, so approximately at least that − margin, the new floor. This
 * bounds a pool's memory whatever the data (identical profiles …). */
static void pool_compact_exact(cm_pools *ps, size_t r) {
    pool *p = &ps->rows[r];
    ranked *e = ps->scratch;
    for (uint32_t x = 0; x < p->count; x++) {
        e[x].key = cm_exact_score(ps->exact, r, p->partner[x], NULL);
        e[x].approximate = p->score[x];
        e[x].partner = p->partner[x];
    }
    qsort(e, p->count, sizeof(ranked), by_key_then_partner);
    float f = e[ps->k - 1].key - ps->exact->margin;
    if (f > ps->floor[r]) ps->floor[r] = f;
    for (uint32_t x = 0; x < ps->k; x++) { p->score[x] = e[x].approximate; p->partner[x] = e[x].partner; }
    p->count = ps->k;
}

static void pool_compact(cm_pools *ps, size_t r) {
    pool *p = &ps->rows[r];
    if (p->count > ps->k) {
        /* The floor is already at the k-th best offered − slack (`pool_offer`). */
        uint32_t kept = 0;
        for (uint32_t x = 0; x < p->count; x++)
            if (p->score[x] >= ps->floor[r]) { p->score[kept] = p->score[x]; p->partner[kept] = p->partner[x]; kept++; }
        p->count = kept;
    }
    if (p->count * 2 > p->cap) {
        /* Near-ties: grow once (the band is often just wide), then score exactly. Without an
         * exact scorer, keep growing, so compaction stays amortised. */
        if (ps->exact && p->cap >= 8 * ps->k + 48) { pool_compact_exact(ps, r); return; }
        p->cap *= 2;
        p->score = checked(realloc(p->score, p->cap * sizeof(float)));
        p->partner = checked(realloc(p->partner, p->cap * sizeof(uint32_t)));
    }
}

/* Adds `score` to the min-heap of the k best scores offered (when it is one of them) and
 * returns the heap's k-th best, or -INFINITY while fewer than k were offered. */
static inline float pool_remember(pool *p, uint32_t k, float score) {
    float *h = p->best;
    if (p->known < k) {
        size_t c = p->known++;
        while (c > 0 && h[(c - 1) / 2] > score) { h[c] = h[(c - 1) / 2]; c = (c - 1) / 2; }
        h[c] = score;
        return p->known == k ? h[0] : -INFINITY;
    }
    if (!(score > h[0])) return h[0];
    size_t c = 0;
    for (;;) {
        size_t l = 2 * c + 1, m = c;
        float least = score;
        if (l < k && h[l] < least) { m = l; least = h[l]; }
        if (l + 1 < k && h[l + 1] < least) m = l + 1;
        if (m == c) break;
        h[c] = h[m];
        c = m;
    }
    h[c] = score;
    return h[0];
}

static inline void pool_offer(cm_pools *ps, size_t r, float score, uint32_t partner) {
    if (!(score >= ps->floor[r]) || ps->empty[partner]) return;
    pool *p = &ps->rows[r];
    if (p->cap == 0) {
        p->cap = 4 * ps->k + 24;
        p->score = checked(malloc(p->cap * sizeof(float)));
        p->partner = checked(malloc(p->cap * sizeof(uint32_t)));
        p->best = checked(malloc(ps->k * sizeof(float)));
    }
    p->score[p->count] = score;
    p->partner[p->count] = partner;
    p->count++;
    /* k partners scoring at least the k-th best offered: a partner more than the slack
     * below it cannot enter the exact top k (each score is within the margin, half the slack). */
    if (score > ps->kth[r]) {
        float kth = pool_remember(p, ps->k, score);
        ps->kth[r] = kth;
        float f = kth - ps->slack;
        if (f > ps->floor[r]) ps->floor[r] = f;
    }
    if (p->count == p->cap) pool_compact(ps, r);
}

size_t cm_pools_candidates(cm_pools *const *pools, size_t count, size_t row, uint32_t *out, float *score, size_t capacity) {
    size_t total = 0;
    for (size_t w = 0; w < count; w++) total += pools[w]->rows[row].count;
    if (total > capacity) return total;
    if (total == 0) return 0;
    uint32_t k = pools[0]->k;
    float slack = pools[0]->slack;
    ranked local[128];
    ranked *all = total <= 128 ? local : checked(malloc(total * sizeof(ranked)));
    size_t x = 0;
    for (size_t w = 0; w < count; w++) {
        const pool *p = &pools[w]->rows[row];
        for (uint32_t y = 0; y < p->count; y++) {
            all[x].key = p->score[y];
            all[x].approximate = p->score[y];
            all[x].partner = p->partner[y];
            x++;
        }
    }
    /* Best approximate score first, ties by partner; keep what is within the slack of the k-th. */
    if (total <= 128) {
        /* A row's few candidates: insertion sort, without qsort's calls. */
        for (size_t a = 1; a < total; a++) {
            ranked v = all[a];
            size_t b = a;
            while (b > 0 && by_key_then_partner(&v, &all[b - 1]) < 0) { all[b] = all[b - 1]; b--; }
            all[b] = v;
        }
    } else {
        qsort(all, total, sizeof(ranked), by_key_then_partner);
    }
    float cut = total > k ? all[k - 1].key - slack : -INFINITY;
    size_t kept = 0;
    for (; kept < total && all[kept].key >= cut; kept++) {
        out[kept] = all[kept].partner;
        score[kept] = all[kept].key;
    }
    /* The candidates are scored exactly next, each in a row of its own far apart in memory:
     * ask for their dense rows now rather than wait for each in turn. */
    const cm_exact_job *job = pools[0]->exact;
    for (int q = 0; job && q < job->components; q++) {
        const cm_component *k = &job->component[q];
        if (k->weight == 0) continue;
        for (int p = k->first; p <= k->first + (cm_is_reciprocal(k->kind) ? 1 : 0); p++) {
            const cm_product *x = &job->product[p];
            if (x->sparseRows || x->dimension == 0) continue;
            for (size_t c = 0; c < kept; c++) {
                const char *row = (const char *)(x->columns + (size_t)out[c] * x->dimension);
                for (size_t b = 0; b < x->dimension * sizeof(float); b += 64) __builtin_prefetch(row + b);
            }
        }
    }
    if (all != local) free(all);
    return kept;
}

/* ---- selection from a tile of combined scores (the float32/BLAS path) ---- */

void cm_pools_select_tile(cm_pools *ps, const float *scores, size_t i0, size_t m, size_t j0, size_t n, int diagonal,
                          cm_allow allow, const void *context) {
    const float *floor = ps->floor;
    for (size_t r = 0; r < m; r++) {
        size_t i = i0 + r;
        const float *row = scores + r * n;
        size_t start = diagonal ? r + 1 : 0;
        float fi = floor[i];
        for (size_t c = start; c < n; c++) {
            float v = row[c];
            size_t j = j0 + c;
            if (v >= fi && (!allow || allow(context, i, j))) { pool_offer(ps, i, v, (uint32_t)j); fi = floor[i]; }
            if (v >= floor[j] && (!allow || allow(context, j, i))) pool_offer(ps, j, v, (uint32_t)i);
        }
    }
}

/* ---- the fused bfloat16 tile: products, score, selection, without writing the tile ---- */

#if defined(__x86_64__) && defined(__clang__) && __clang_major__ >= 13
#define CM_HAS_BF16_KERNEL 1

__attribute__((target("avx512f,avx512bf16")))
static inline void select_vector(cm_pools *ps, __m512 sc, size_t i, size_t j, size_t cols, int diagonal,
                                 cm_allow allow, const void *context) {
    __mmask16 valid = cols >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << cols) - 1);
    if (diagonal) {
        /* Only pairs with j > i: lanes l with j + l > i. */
        if (j + 15 <= i) return;
        if (j <= i) valid &= (__mmask16)(0xffffu << (i - j + 1));
    }
    __mmask16 up = _mm512_mask_cmp_ps_mask(valid, sc, _mm512_set1_ps(ps->floor[i]), _CMP_GE_OQ);
    __mmask16 down = _mm512_mask_cmp_ps_mask(valid, sc, _mm512_loadu_ps(ps->floor + j), _CMP_GE_OQ);
    if (!(up | down)) return;
    float v[16];
    _mm512_storeu_ps(v, sc);
    while (up) {
        int l = __builtin_ctz(up);
        up &= up - 1;
        if (!allow || allow(context, i, j + l)) pool_offer(ps, i, v[l], (uint32_t)(j + l));
    }
    while (down) {
        int l = __builtin_ctz(down);
        down &= down - 1;
        if (!allow || allow(context, j + l, i)) pool_offer(ps, j + l, v[l], (uint32_t)i);
    }
}

/* The combined score of 16 pairs from the products of the job's components. */
__attribute__((target("avx512f,avx512bf16")))
static inline __m512 combine_lanes(const cm_bf16_job *job, const __m512 *x, size_t i, size_t j) {
    __m512 sc = _mm512_set1_ps(job->offset);
    for (int c = 0; c < job->components; c++) {
        const cm_component *k = &job->component[c];
        if (k->weight == 0) continue;
        if (cm_is_reciprocal(k->kind)) {
            __m512 f = _mm512_max_ps(x[k->first], _mm512_setzero_ps()), g = _mm512_max_ps(x[k->first + 1], _mm512_setzero_ps());
            if (k->kind == CM_RECIPROCAL_ABOVE) {
                /* max(0, x − t) · scale in each direction (f, g are then ≥ 0 as well). */
                const __m512 t = _mm512_set1_ps(k->threshold), s = _mm512_set1_ps(k->scale);
                f = _mm512_mul_ps(_mm512_max_ps(_mm512_sub_ps(x[k->first], t), _mm512_setzero_ps()), s);
                g = _mm512_mul_ps(_mm512_max_ps(_mm512_sub_ps(x[k->first + 1], t), _mm512_setzero_ps()), s);
            }
            __m512 sum = _mm512_add_ps(f, g);
            __mmask16 positive = _mm512_cmp_ps_mask(sum, _mm512_setzero_ps(), _CMP_GT_OQ);
            __m512 h = _mm512_maskz_div_ps(positive, _mm512_mul_ps(_mm512_set1_ps(2), _mm512_mul_ps(f, g)), sum);
            if (k->rowOffers) {
                /* Lanes with one direction take it alone, lanes with none 0 (j is a multiple of 16). */
                const __mmask16 hasF = k->rowOffers[i] ? (__mmask16)k->needsMask[j / 16] : 0;
                const __mmask16 hasG = k->rowNeeds[i] ? (__mmask16)k->offersMask[j / 16] : 0;
                h = _mm512_maskz_mov_ps(hasF & hasG, h);
                h = _mm512_mask_mov_ps(h, hasF & (__mmask16)~hasG, f);
                h = _mm512_mask_mov_ps(h, hasG & (__mmask16)~hasF, g);
            }
            sc = _mm512_fmadd_ps(_mm512_set1_ps(k->weight), h, sc);
        } else if (k->kind == CM_PRODUCT_ABOVE) {
            const __m512 t = _mm512_set1_ps(k->threshold), s = _mm512_set1_ps(k->scale);
            __m512 above = _mm512_mul_ps(_mm512_max_ps(_mm512_sub_ps(x[k->first], t), _mm512_setzero_ps()), s);
            sc = _mm512_fmadd_ps(_mm512_set1_ps(k->weight), above, sc);
        } else {
            sc = _mm512_fmadd_ps(_mm512_set1_ps(k->weight), x[k->first], sc);
        }
    }
    return sc;
}

/* MR rows × NV·16 columns per block. The views are accumulated one after the other in the
 * same registers (so every view gets the best register blocking) and parked in a small
 * buffer; the score is combined and selected at the end. Rows past the tile repeat its
 * first row and are not offered. */
#define CM_FUSED_KERNEL(NAME, MR, NV)                                                                  \
__attribute__((target("avx512f,avx512bf16")))                                                         \
static void NAME(const cm_bf16_job *job, size_t i0, size_t rows, size_t j0, size_t cols, int diagonal,  \
                 cm_pools *ps, cm_allow allow, const void *context) {                                  \
    const int views = job->products;                                                                   \
    __m512 part[CM_MAX_PRODUCTS][MR][NV];                                                              \
    for (int v = 0; v < views; v++) {                                                                  \
        const size_t d2 = (job->dimension[v] + 1) / 2;                                                 \
        const uint32_t *ap[MR];                                                                        \
        for (int r = 0; r < MR; r++) {                                                                 \
            size_t i = i0 + ((size_t)r < rows ? (size_t)r : 0);                                        \
            ap[r] = job->rowSide[v] + (i / 16) * d2 * 16 + i % 16;                                     \
        }                                                                                              \
        const uint32_t *bp = job->columnSide[v] + (j0 / 16) * d2 * 16;                                 \
        __m512 acc[MR][NV];                                                                            \
        for (int r = 0; r < MR; r++) for (int c = 0; c < NV; c++) acc[r][c] = _mm512_setzero_ps();     \
        for (size_t k2 = 0; k2 < d2; k2++) {                                                           \
            __m512bh b[NV];                                                                            \
            for (int c = 0; c < NV; c++) b[c] = (__m512bh)_mm512_loadu_si512(bp + ((size_t)c * d2 + k2) * 16); \
            for (int r = 0; r < MR; r++) {                                                             \
                __m512bh a = (__m512bh)_mm512_set1_epi32((int)ap[r][k2 * 16]);                         \
                for (int c = 0; c < NV; c++) acc[r][c] = _mm512_dpbf16_ps(acc[r][c], a, b[c]);         \
            }                                                                                          \
        }                                                                                              \
        for (int r = 0; r < MR; r++) for (int c = 0; c < NV; c++) part[v][r][c] = acc[r][c];           \
    }                                                                                                  \
    for (int r = 0; r < MR && (size_t)r < rows; r++)                                                   \
        for (int c = 0; c < NV && (size_t)c * 16 < cols; c++) {                                        \
            __m512 x[CM_MAX_PRODUCTS];                                                                 \
            for (int v = 0; v < views; v++) x[v] = part[v][r][c];                                      \
            select_vector(ps, combine_lanes(job, x, i0 + r, j0 + (size_t)c * 16), i0 + r, j0 + (size_t)c * 16,    \
                          cols - (size_t)c * 16,                                                       \
                          diagonal, allow, context);                                                   \
        }                                                                                              \
}

CM_FUSED_KERNEL(fused_wide, 6, 4)
CM_FUSED_KERNEL(fused_narrow, 6, 1)
#endif

void cm_bf16_select_tile(const cm_bf16_job *job, cm_pools *ps, size_t i0, size_t m, size_t j0, size_t n, int diagonal,
                         cm_allow allow, const void *context) {
#ifdef CM_HAS_BF16_KERNEL
    /* Misuse would silently give empty or shifted lists: stop instead. */
    if (!cm_bf16_supported() || job->products < 1 || job->products > CM_MAX_PRODUCTS || j0 % 16 != 0) abort();
    const size_t mr = 6, step = 64;
    size_t j = 0;
    for (; j + step <= n; j += step)
        for (size_t i = 0; i < m; i += mr) {
            /* On the diagonal, blocks entirely below it hold no pair with j > i. */
            if (diagonal && i0 + i >= j0 + j + step) continue;
            fused_wide(job, i0 + i, m - i, j0 + j, step, diagonal, ps, allow, context);
        }
    for (; j < n; j += 16)
        for (size_t i = 0; i < m; i += mr) {
            if (diagonal && i0 + i >= j0 + j + 16) continue;
            fused_narrow(job, i0 + i, m - i, j0 + j, n - j, diagonal, ps, allow, context);
        }
#else
    (void)job; (void)ps; (void)i0; (void)m; (void)j0; (void)n; (void)diagonal; (void)allow; (void)context;
    abort();
#endif
}

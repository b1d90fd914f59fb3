#ifndef CLUSTERMATCH_CKERNELS_HARMONIC_H
#define CLUSTERMATCH_CKERNELS_HARMONIC_H

/* The reciprocal complementarity of two directional scores, as ScoringWeights.harmonic:
 * the harmonic mean of their positive parts (0 when both are 0). One definition for the
 * tile combination and the exact score. */
static inline float cm_harmonic(float f, float g) {
    f = f > 0 ? f : 0;
    g = g > 0 ? g : 0;
    float sum = f + g;
    return sum > 0 ? 2 * f * g / sum : 0;
}

/* Which directions of pair (i, j) a reciprocal component counts: bit 0 i offers what j
 * needs, bit 1 i needs what j offers; both when no one declares sides. */
static inline int cm_reciprocal_directions(const cm_component *k, size_t i, size_t j) {
    if (!k->rowOffers) return 3;
    return (k->rowOffers[i] && k->needs[j]) | (k->rowNeeds[i] && k->offers[j]) << 1;
}

/* cm_reciprocal, inlined where it runs once per pair (the exact scores). */
static inline float cm_reciprocal_inline(const cm_component *k, float forward, float backward, size_t i, size_t j) {
    const int directions = cm_reciprocal_directions(k, i, j), f = directions & 1, g = directions >> 1;
    if (f && g) return cm_harmonic(forward, backward);
    if (f) return forward > 0 ? forward : 0;
    if (g) return backward > 0 ? backward : 0;
    return 0;
}

/* Whether a kind reads two products (`first` and `first + 1`). */
static inline int cm_is_reciprocal(int kind) { return kind == CM_RECIPROCAL || kind == CM_RECIPROCAL_ABOVE; }

/* A product's value above the component's threshold, rescaled to end at 1. */
static inline float cm_above(const cm_component *k, float x) {
    float above = x - k->threshold;
    return above > 0 ? above * k->scale : 0;
}

/* A component's value from its products' values (any kind): the one definition the exact
 * score, the float32 tile combination and explanations read. */
static inline float cm_value_inline(const cm_component *k, float x, float y, size_t i, size_t j) {
    switch (k->kind) {
    case CM_RECIPROCAL: return cm_reciprocal_inline(k, x, y, i, j);
    case CM_PRODUCT_ABOVE: return cm_above(k, x);
    case CM_RECIPROCAL_ABOVE: return cm_reciprocal_inline(k, cm_above(k, x), cm_above(k, y), i, j);
    default: return x;
    }
}

#endif

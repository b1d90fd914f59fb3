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

/* cm_reciprocal, inlined where it runs once per pair (the exact scores). */
static inline float cm_reciprocal_inline(const cm_component *k, float forward, float backward, size_t i, size_t j) {
    if (!k->rowOffers) return cm_harmonic(forward, backward);
    const int f = k->rowOffers[i] && k->needs[j], g = k->rowNeeds[i] && k->offers[j];
    if (f && g) return cm_harmonic(forward, backward);
    if (f) return forward > 0 ? forward : 0;
    if (g) return backward > 0 ? backward : 0;
    return 0;
}

#endif

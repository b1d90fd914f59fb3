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

#endif

#ifndef CLUSTERMATCH_CKERNELS_H
#define CLUSTERMATCH_CKERNELS_H

#include <stddef.h>
#include <stdint.h>

/// Small numeric kernels that Swift does not vectorise by itself: float16 conversion and
/// dot products, score combination and threshold selection. Every function has a
/// portable C path; x86-64 CPUs with AVX2/F16C/FMA take a faster path chosen at run time.

/// Converts n floats to IEEE half precision (round to nearest even).
void cm_to_half(const float *src, uint16_t *dst, size_t n);

/// out[i] = dot(rows[i], q) for n rows of d half-precision values (accumulated in float).
void cm_dot_half(const uint16_t *rows, size_t n, size_t d, const float *q, float *out);

/// Combines score parts of an m×n tile into `out` (row-major) and, when `outT` is not NULL,
/// its transpose (n×m). score = ws·S + wc·H(F, G) + wk·K with H the harmonic mean of the
/// positive parts. S, F, G, K may be NULL when their weight is 0.
void cm_combine(size_t m, size_t n, const float *S, const float *F, const float *G, const float *K,
                float ws, float wc, float wk, float *out, float *outT);

/// Collects the indices and values of row[0..<n] that are >= threshold, skipping `skip`
/// (pass SIZE_MAX for none). Returns how many were written.
size_t cm_collect(const float *row, size_t n, float threshold, size_t skip, uint32_t *index, float *value);



/// out[x] = dot(rows[index[x]], q) for `count` gathered float rows of length d.
void cm_dot_gather(const float *rows, size_t d, const uint32_t *index, size_t count, const float *q, float *out);
#endif

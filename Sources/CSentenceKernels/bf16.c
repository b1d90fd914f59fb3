// Matrix products in bfloat16 with float32 accumulation (AVX-512 BF16, vdpbf16ps): twice the
// multiply-adds per instruction of a float32 FMA. Used for the encoder's projections when the
// CPU has the instruction; everything else stays float32.
#include "sentence_kernels.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

// Vectors of 16 columns per panel, columns per panel, rows per tile, rows per block. A tile
// keeps MR × NV = 24 accumulators in registers; 8 × 3, 12 × 2 and 4 × 6 measured alike.
enum { NV = 4, NR = 16 * NV, MR = 6, MB = 16 * MR };

/// float32 → bfloat16, rounding to nearest even (as vcvtne2ps2bf16 does for finite values).
static inline uint16_t to_bf16(float value) {
    uint32_t u;
    memcpy(&u, &value, 4);
    u += 0x7fffu + ((u >> 16) & 1u);
    return (uint16_t)(u >> 16);
}

int cm_encoder_bf16_available(void) {
#if defined(__x86_64__)
    unsigned a, b, c, d;
    if (!__builtin_cpu_supports("avx512f") || !__builtin_cpu_supports("avx512bw")) return 0;
    if (!__get_cpuid_count(7, 1, &a, &b, &c, &d)) return 0;
    return (a >> 5) & 1;  // CPUID.(EAX=7, ECX=1):EAX bit 5 = AVX512_BF16
#else
    return 0;
#endif
}

long cm_encoder_bf16_packed_count(long outputs, long depth) { return outputs * depth; }

void cm_encoder_bf16_pack(const float *restrict w, long outputs, long depth, uint16_t *restrict packed) {
    // Panel of NR outputs; in it, for each pair of depths (k, k+1), NR × 2 values:
    // lane i of the 16-lane vector v holds w[n0 + 16v + i][k], w[n0 + 16v + i][k + 1].
    for (long n0 = 0; n0 < outputs; n0 += NR)
        for (long p = 0; p < depth / 2; p++)
            for (long i = 0; i < NR; i++) {
                uint16_t *to = packed + n0 * depth + (p * NR + i) * 2;
                to[0] = to_bf16(w[(n0 + i) * depth + 2 * p]);
                to[1] = to_bf16(w[(n0 + i) * depth + 2 * p + 1]);
            }
}

#if defined(__x86_64__)
#define BF16_TARGET __attribute__((target("avx512f,avx512bw,avx512vl,avx512bf16")))

/// c[r][0..<64] (+)= bias + a[r] · panel for r < rows (a padded to MR rows).
BF16_TARGET static inline void tile(const uint32_t *restrict a, long lda, const __m512bh *restrict w, long pairs,
                                    float *restrict c, long ldc, const float *restrict bias, int accumulate,
                                    int rows, int first) {
    __m512 acc[MR][NV];
    for (int r = 0; r < MR; r++)
        for (int j = 0; j < NV; j++) {
            __m512 start = _mm512_setzero_ps();
            if (r < rows) {
                if (!first || accumulate) start = _mm512_loadu_ps(c + r * ldc + 16 * j);
                if (first && bias) start = _mm512_add_ps(start, _mm512_loadu_ps(bias + 16 * j));
            }
            acc[r][j] = start;
        }
    for (long p = 0; p < pairs; p++) {
        __m512bh v[NV];
#pragma clang loop unroll(full)
        for (int j = 0; j < NV; j++) v[j] = (__m512bh)_mm512_loadu_si512(w + NV * p + j);
#pragma clang loop unroll(full)
        for (int r = 0; r < MR; r++) {
            __m512bh x = (__m512bh)_mm512_set1_epi32((int)a[r * lda + p]);
#pragma clang loop unroll(full)
            for (int j = 0; j < NV; j++) acc[r][j] = _mm512_dpbf16_ps(acc[r][j], x, v[j]);
        }
    }
    for (int r = 0; r < MR; r++)
        if (r < rows)
            for (int j = 0; j < NV; j++) _mm512_storeu_ps(c + r * ldc + 16 * j, acc[r][j]);
}

/// out[i] = bfloat16(in[i]), rounded to nearest even (vcvtne2ps2bf16), 32 at a time.
BF16_TARGET static void to_bf16_all(const float *restrict in, long count, uint16_t *restrict out) {
    long i = 0;
    for (; i + 32 <= count; i += 32) {
        __m512bh pair = _mm512_cvtne2ps_pbh(_mm512_loadu_ps(in + i + 16), _mm512_loadu_ps(in + i));
        _mm512_storeu_si512(out + i, (__m512i)pair);
    }
    for (; i < count; i++) out[i] = to_bf16(in[i]);
}

BF16_TARGET static void product(const uint16_t *restrict a, long rows, const uint16_t *restrict packed, long outputs,
                                long depth, const float *restrict bias, float *restrict c, int accumulate) {
    // Depth in blocks of KC so that a block of A (MB rows) and a panel stay in L2 together.
    const long KC = 768;
    for (long m0 = 0; m0 < rows; m0 += MB) {
        long mEnd = m0 + MB < rows ? m0 + MB : rows;
        for (long k0 = 0; k0 < depth; k0 += KC) {
            long kc = depth - k0 < KC ? depth - k0 : KC;
            for (long n0 = 0; n0 < outputs; n0 += NR) {
                const __m512bh *panel = (const __m512bh *)(packed + n0 * depth + k0 * NR);
                for (long r = m0; r < mEnd; r += MR) {
                    int count = (int)(mEnd - r < MR ? mEnd - r : MR);
                    tile((const uint32_t *)(a + r * depth + k0), depth / 2, panel, kc / 2, c + r * outputs + n0, outputs,
                         bias ? bias + n0 : NULL, accumulate, count, k0 == 0);
                }
            }
        }
    }
}
#endif

void cm_encoder_bf16_product(const float *restrict a, long rows, const uint16_t *restrict packed, long outputs, long depth,
                     const float *restrict bias, float *restrict c, int accumulate) {
#if defined(__x86_64__)
    // A in bfloat16, padded with zero rows to whole tiles (their results are not stored).
    long padded = (rows + MR - 1) / MR * MR;
    uint16_t *a16 = aligned_alloc(64, (size_t)((padded * depth * 2 + 63) / 64 * 64));
    to_bf16_all(a, rows * depth, a16);
    memset(a16 + rows * depth, 0, (size_t)((padded - rows) * depth * 2));
    product(a16, rows, packed, outputs, depth, bias, c, accumulate);
    free(a16);
#else
    (void)a; (void)rows; (void)packed; (void)outputs; (void)depth; (void)bias; (void)c; (void)accumulate;
    abort();  // callers check cm_encoder_bf16_available() first
#endif
}

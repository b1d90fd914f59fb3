#include "CKernels.h"
#include "harmonic.h"
#include <string.h>
#include <math.h>

#if defined(__x86_64__)
#include <immintrin.h>
#define CM_X86 1
#endif

/* ---- float16 conversion ---- */

static uint16_t half_from_float(float f) {
    uint32_t x;
    memcpy(&x, &f, 4);
    uint32_t sign = (x >> 16) & 0x8000u;
    uint32_t exp = (x >> 23) & 0xffu;
    uint32_t man = x & 0x7fffffu;
    if (exp == 0xff) return (uint16_t)(sign | 0x7c00u | (man ? 0x200u : 0));
    int e = (int)exp - 127 + 15;
    if (e >= 31) return (uint16_t)(sign | 0x7c00u);
    if (e <= 0) {
        if (e < -10) return (uint16_t)sign;
        man |= 0x800000u;
        uint32_t shift = (uint32_t)(14 - e);
        uint32_t half = man >> shift;
        uint32_t rest = man & ((1u << shift) - 1);
        uint32_t mid = 1u << (shift - 1);
        if (rest > mid || (rest == mid && (half & 1))) half++;
        return (uint16_t)(sign | half);
    }
    uint32_t half = sign | ((uint32_t)e << 10) | (man >> 13);
    uint32_t rest = man & 0x1fffu;
    if (rest > 0x1000u || (rest == 0x1000u && (half & 1))) half++;
    return (uint16_t)half;
}

static float float_from_half(uint16_t h) {
    uint32_t sign = ((uint32_t)h & 0x8000u) << 16;
    uint32_t exp = (h >> 10) & 0x1fu;
    uint32_t man = h & 0x3ffu;
    uint32_t x;
    if (exp == 0) {
        if (man == 0) { x = sign; }
        else {
            int e = -1;
            do { e++; man <<= 1; } while (!(man & 0x400u));
            x = sign | ((uint32_t)(127 - 15 - e) << 23) | ((man & 0x3ffu) << 13);
        }
    } else if (exp == 31) {
        x = sign | 0x7f800000u | (man << 13);
    } else {
        x = sign | ((exp - 15 + 127) << 23) | (man << 13);
    }
    float f;
    memcpy(&f, &x, 4);
    return f;
}

#ifdef CM_X86
__attribute__((target("avx2,f16c,fma")))
static void to_half_f16c(const float *src, uint16_t *dst, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m128i h = _mm256_cvtps_ph(_mm256_loadu_ps(src + i), _MM_FROUND_TO_NEAREST_INT);
        _mm_storeu_si128((__m128i *)(dst + i), h);
    }
    for (; i < n; i++) dst[i] = half_from_float(src[i]);
}

__attribute__((target("avx2,f16c,fma")))
static void dot_half_f16c(const uint16_t *rows, size_t n, size_t d, const float *q, float *out) {
    for (size_t r = 0; r < n; r++) {
        const uint16_t *row = rows + r * d;
        __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
        size_t k = 0;
        for (; k + 16 <= d; k += 16) {
            __m256 x0 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(row + k)));
            __m256 x1 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(row + k + 8)));
            a0 = _mm256_fmadd_ps(x0, _mm256_loadu_ps(q + k), a0);
            a1 = _mm256_fmadd_ps(x1, _mm256_loadu_ps(q + k + 8), a1);
        }
        __m256 a = _mm256_add_ps(a0, a1);
        __m128 s = _mm_add_ps(_mm256_castps256_ps128(a), _mm256_extractf128_ps(a, 1));
        s = _mm_hadd_ps(s, s);
        s = _mm_hadd_ps(s, s);
        float sum = _mm_cvtss_f32(s);
        for (; k < d; k++) sum += float_from_half(row[k]) * q[k];
        out[r] = sum;
    }
}

static int has_f16c(void) {
    /* Several threads may ask at once: atomic reads and writes of the same answer. */
    static int cached = -1;
    int known = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (known < 0) {
        __builtin_cpu_init();
        known = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("f16c") && __builtin_cpu_supports("fma");
        __atomic_store_n(&cached, known, __ATOMIC_RELAXED);
    }
    return known;
}
#endif

void cm_to_half(const float *src, uint16_t *dst, size_t n) {
#ifdef CM_X86
    if (has_f16c()) { to_half_f16c(src, dst, n); return; }
#endif
    for (size_t i = 0; i < n; i++) dst[i] = half_from_float(src[i]);
}

void cm_dot_half(const uint16_t *rows, size_t n, size_t d, const float *q, float *out) {
#ifdef CM_X86
    if (has_f16c()) { dot_half_f16c(rows, n, d, q, out); return; }
#endif
    for (size_t r = 0; r < n; r++) {
        float sum = 0;
        for (size_t k = 0; k < d; k++) sum += float_from_half(rows[r * d + k]) * q[k];
        out[r] = sum;
    }
}

/* ---- score combination and selection ---- */


float cm_reciprocal(const cm_component *k, float forward, float backward, size_t i, size_t j) {
    return cm_reciprocal_inline(k, forward, backward, i, j);
}

void cm_combine(size_t m, size_t n, const float *const *products, const cm_component *components, int count,
                float offset, size_t i0, size_t j0, float *out) {
    for (size_t i = 0; i < m; i++) {
        float *o = out + i * n;
        const size_t base = i * n;
        for (size_t j = 0; j < n; j++) o[j] = offset;
        for (int c = 0; c < count; c++) {
            const cm_component *k = &components[c];
            if (k->weight == 0) continue;
            const float w = k->weight, *x = products[k->first] + base;
            if (k->kind == CM_RECIPROCAL) {
                const float *y = products[k->first + 1] + base;
                if (k->rowOffers) { for (size_t j = 0; j < n; j++) o[j] += w * cm_reciprocal(k, x[j], y[j], i0 + i, j0 + j); }
                else { for (size_t j = 0; j < n; j++) o[j] += w * cm_harmonic(x[j], y[j]); }
            } else if (k->kind == CM_RECIPROCAL_ABOVE) {
                const float *y = products[k->first + 1] + base;
                for (size_t j = 0; j < n; j++) o[j] += w * cm_value_inline(k, x[j], y[j], i0 + i, j0 + j);
            } else if (k->kind == CM_PRODUCT_ABOVE) {
                for (size_t j = 0; j < n; j++) o[j] += w * cm_above(k, x[j]);
            } else {
                for (size_t j = 0; j < n; j++) o[j] += w * x[j];
            }
        }
    }
}

void cm_dot_gather(const float *rows, size_t d, const uint32_t *index, size_t count, const float *q, float *out) {
    for (size_t x = 0; x < count; x++) {
        const float *row = rows + (size_t)index[x] * d;
        float sum = 0;
        for (size_t k = 0; k < d; k++) sum += row[k] * q[k];
        out[x] = sum;
    }
}

/* ---- float32 dot product (the exact score of one pair) ---- */

#ifdef CM_X86
__attribute__((target("avx2,fma")))
static float dot_avx2(const float *a, const float *b, size_t d) {
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps(), s2 = _mm256_setzero_ps(), s3 = _mm256_setzero_ps();
    size_t k = 0;
    for (; k + 32 <= d; k += 32) {
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + k), _mm256_loadu_ps(b + k), s0);
        s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + k + 8), _mm256_loadu_ps(b + k + 8), s1);
        s2 = _mm256_fmadd_ps(_mm256_loadu_ps(a + k + 16), _mm256_loadu_ps(b + k + 16), s2);
        s3 = _mm256_fmadd_ps(_mm256_loadu_ps(a + k + 24), _mm256_loadu_ps(b + k + 24), s3);
    }
    for (; k + 8 <= d; k += 8) s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + k), _mm256_loadu_ps(b + k), s0);
    __m256 s = _mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3));
    __m128 h = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
    h = _mm_hadd_ps(h, h);
    h = _mm_hadd_ps(h, h);
    float sum = _mm_cvtss_f32(h);
    for (; k < d; k++) sum += a[k] * b[k];
    return sum;
}
#endif

float cm_dot(const float *a, const float *b, size_t d) {
#ifdef CM_X86
    if (has_f16c()) return dot_avx2(a, b, d);
#endif
    float sum = 0;
    for (size_t k = 0; k < d; k++) sum += a[k] * b[k];
    return sum;
}

/* ---- bfloat16 products (the all-pairs prefilter) ----
 * Panels: rows in groups of 16; group g holds, for each pair of columns k2, the 16 rows'
 * two bfloat16 values packed in one 32-bit word: P[(g·d2 + k2)·16 + row % 16]. One 64-byte
 * load gives 16 rows' pair for `vdpbf16ps`; one 32-bit broadcast gives one row's pair. */

size_t cm_bf16_panel_words(size_t n, size_t d) { return ((n + 15) / 16) * 16 * ((d + 1) / 2); }

static inline uint32_t bf16_round(float f) {
    uint32_t u;
    memcpy(&u, &f, 4);
    if ((u & 0x7f800000u) == 0x7f800000u) return u >> 16;  /* inf, nan: never in unit vectors */
    u += 0x7fffu + ((u >> 16) & 1u);                          /* round to nearest even */
    return u >> 16;
}

static inline float bf16_value(uint32_t h) {
    uint32_t u = h << 16;
    float f;
    memcpy(&f, &u, 4);
    return f;
}

void cm_bf16_pack(const float *x, size_t n, size_t d, uint32_t *P, float *error) {
    size_t d2 = (d + 1) / 2;
    memset(P, 0, cm_bf16_panel_words(n, d) * sizeof(uint32_t));
    for (size_t i = 0; i < n; i++) {
        uint32_t *dst = P + (i / 16) * d2 * 16 + i % 16;
        const float *row = x + i * d;
        double e2 = 0;
        for (size_t k2 = 0; k2 < d2; k2++) {
            uint32_t lo = bf16_round(row[2 * k2]);
            uint32_t hi = 2 * k2 + 1 < d ? bf16_round(row[2 * k2 + 1]) : 0;
            dst[k2 * 16] = lo | (hi << 16);
            double a = (double)row[2 * k2] - bf16_value(lo);
            e2 += a * a;
            if (2 * k2 + 1 < d) { double b = (double)row[2 * k2 + 1] - bf16_value(hi); e2 += b * b; }
        }
        if (error) error[i] = (float)(sqrt(e2) * (1 + 1e-6));
    }
}

int cm_bf16_supported(void) {
#if defined(CM_X86) && defined(__clang__) && __clang_major__ >= 13
    /* Several threads may ask at once: atomic reads and writes of the same answer. */
    static int cached = -1;
    int known = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (known < 0) {
        __builtin_cpu_init();
        known = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bf16");
        __atomic_store_n(&cached, known, __ATOMIC_RELAXED);
    }
    return known;
#else
    return 0;
#endif
}


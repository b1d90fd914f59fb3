#include "sentence_kernels.h"
#include <math.h>

#define CLONES __attribute__((target_clones("avx512f", "avx2", "default")))

CLONES void cm_gelu_bias(float *restrict values, const float *restrict bias, long count) {
    for (long j = 0; j < count; j++) {
        float z = values[j] + bias[j];
        float x = z * 0.70710678118654752f;
        x = x < -4.f ? -4.f : (x > 4.f ? 4.f : x);
        float x2 = x * x;
        float p = x2 * -2.72614225801306e-10f + 2.77068142495902e-08f;
        p = p * x2 + -2.10102402082508e-06f;
        p = p * x2 + -5.69250639462346e-05f;
        p = p * x2 + -7.34990630326855e-04f;
        p = p * x2 + -2.95459980854025e-03f;
        p = p * x2 + -1.60960333262415e-02f;
        p = p * x;
        float q = x2 * -1.45660718464996e-05f + -2.13374055278905e-04f;
        q = q * x2 + -1.68282697438203e-03f;
        q = q * x2 + -7.37332916720468e-03f;
        q = q * x2 + -1.42647390514189e-02f;
        values[j] = 0.5f * z * (1.f + p / q);
    }
}

CLONES void cm_layer_norm(float *restrict row, const float *restrict add, const float *restrict weight,
                          const float *restrict bias, long count, float epsilon) {
    if (add)
        for (long j = 0; j < count; j++) row[j] += add[j];
    // Sixteen partial sums, so that the sums vectorise without reordering float additions.
    float lanes[16] = {0};
    for (long j = 0; j < count; j += 16)
        for (int l = 0; l < 16; l++) lanes[l] += row[j + l];
    float mean = 0;
    for (int l = 0; l < 16; l++) mean += lanes[l];
    mean /= (float)count;
    for (int l = 0; l < 16; l++) lanes[l] = 0;
    for (long j = 0; j < count; j += 16)
        for (int l = 0; l < 16; l++) {
            float c = row[j + l] - mean;
            lanes[l] += c * c;
        }
    float variance = 0;
    for (int l = 0; l < 16; l++) variance += lanes[l];
    float inverse = 1.f / sqrtf(variance / (float)count + epsilon);
    for (long j = 0; j < count; j++) row[j] = (row[j] - mean) * inverse * weight[j] + bias[j];
}

/// e^x for x ≤ 0 (Cephes' expf: x = n·ln 2 + r, a degree-6 polynomial in r; within 2 ulp of
/// libm's expf), branch-free so that a row's loop vectorises.
static inline float exp_nonpositive(float x) {
    x = x < -87.f ? -87.f : x;
    float n = __builtin_rintf(x * 1.44269504088896341f);
    float r = x - n * 0.693359375f;
    r = r - n * -2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.f;
    int bits = ((int)n + 127) << 23;
    float scale;
    __builtin_memcpy(&scale, &bits, 4);
    return p * scale;
}

CLONES void cm_softmax_rows(float *restrict scores, long rows, long count) {
    for (long i = 0; i < rows; i++) {
        float *restrict s = scores + i * count;
        float lanes[16];
        for (int l = 0; l < 16; l++) lanes[l] = -INFINITY;
        long j = 0;
        for (; j + 16 <= count; j += 16)
            for (int l = 0; l < 16; l++) lanes[l] = s[j + l] > lanes[l] ? s[j + l] : lanes[l];
        float top = -INFINITY;
        for (int l = 0; l < 16; l++) top = lanes[l] > top ? lanes[l] : top;
        for (; j < count; j++) top = s[j] > top ? s[j] : top;
        for (int l = 0; l < 16; l++) lanes[l] = 0;
        for (j = 0; j + 16 <= count; j += 16)
            for (int l = 0; l < 16; l++) {
                float e = exp_nonpositive(s[j + l] - top);
                s[j + l] = e;
                lanes[l] += e;
            }
        float sum = 0;
        for (int l = 0; l < 16; l++) sum += lanes[l];
        for (; j < count; j++) {
            s[j] = exp_nonpositive(s[j] - top);
            sum += s[j];
        }
        float inverse = 1.f / sum;
        for (j = 0; j < count; j++) s[j] *= inverse;
    }
}

CLONES void cm_transpose(const float *restrict source, long stride, long rows, long columns, float *restrict target) {
    // Writes in order (reads of a few rows stay in L1): strided stores were the slow part in Swift.
    for (long c = 0; c < columns; c++)
        for (long r = 0; r < rows; r++) target[c * rows + r] = source[r * stride + c];
}

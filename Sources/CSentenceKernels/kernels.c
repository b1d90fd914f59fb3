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

#ifndef CLUSTERMATCH_SENTENCE_KERNELS_H
#define CLUSTERMATCH_SENTENCE_KERNELS_H
/// Element-wise passes of the sentence encoder, in C so that they are compiled for the CPU
/// they run on (AVX-512, AVX2 or baseline, chosen once at load by target_clones): Swift code
/// is built for baseline x86-64 and these passes were a sixth of the encoder's time.
/// All pointers are borrowed for the call; nothing is kept.

/// values[j] = GELU(values[j] + bias[j]) for j < count, with the exact (erf) GELU:
/// z · ½ · (1 + erf(z / √2)). erf is Eigen's float rational approximation on [-4, 4]
/// (float32's erf is ±1 outside), a few ulp from libm's erff.
void cm_gelu_bias(float *values, const float *bias, long count);

/// LayerNorm of one row in place: row = (row + add − mean) / √(variance + epsilon) · weight + bias,
/// where `add` (may be NULL) is added first. `count` must be a multiple of 16.
void cm_layer_norm(float *row, const float *add, const float *weight, const float *bias, long count, float epsilon);
#endif

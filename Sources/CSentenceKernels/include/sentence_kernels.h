#ifndef CLUSTERMATCH_SENTENCE_KERNELS_H
#define CLUSTERMATCH_SENTENCE_KERNELS_H
/// Element-wise passes of the sentence encoder, in C so that they are compiled for the CPU
/// they run on (AVX-512, AVX2 or baseline, chosen once at load by target_clones): Swift code
/// is built for baseline x86-64 and these passes were a sixth of the encoder's time. Also the
/// projections in bfloat16 (AVX-512 BF16), which OpenBLAS 0.3.21 does not offer.
/// All pointers are borrowed for the call; nothing is kept.

/// values[j] = GELU(values[j] + bias[j]) for j < count, with the exact (erf) GELU:
/// z · ½ · (1 + erf(z / √2)). erf is Eigen's float rational approximation on [-4, 4]
/// (float32's erf is ±1 outside), a few ulp from libm's erff.
void cm_gelu_bias(float *values, const float *bias, long count);

/// LayerNorm of one row in place: row = (row + add − mean) / √(variance + epsilon) · weight + bias,
/// where `add` (may be NULL) is added first. `count` must be a multiple of 16.
void cm_layer_norm(float *row, const float *add, const float *weight, const float *bias, long count, float epsilon);

/// Softmax of each of `rows` rows of `count` scores, in place: e^(s − max) / Σ e^(s − max),
/// e^x within 2 ulp of libm's expf.
void cm_softmax_rows(float *scores, long rows, long count);

/// target (columns × rows) = the transpose of source (rows × columns, rows `stride` apart).
void cm_transpose(const float *source, long stride, long rows, long columns, float *target);

#include <stdint.h>

/// 1 when this CPU (and OS) runs AVX-512 BF16, so that cm_encoder_bf16_product may be called.
int cm_encoder_bf16_available(void);

/// Elements of the packed bfloat16 form of an outputs × depth weight matrix.
long cm_encoder_bf16_packed_count(long outputs, long depth);

/// Packs w (outputs × depth, row-major float32, as a linear layer's weight) into bfloat16
/// (rounded to nearest even) in the layout cm_encoder_bf16_product reads. outputs must be a multiple
/// of 64 and depth of 2.
void cm_encoder_bf16_pack(const float *w, long outputs, long depth, uint16_t *packed);

/// c (rows × outputs) = [c +] bias + a (rows × depth) · wᵀ, the operands rounded to bfloat16 and
/// every product summed in float32 in the same order whatever `rows` is (so a row's result
/// does not depend on the batch it is in). `bias` may be NULL; `accumulate` keeps c's old value.
/// Requires cm_encoder_bf16_available().
void cm_encoder_bf16_product(const float *a, long rows, const uint16_t *packed, long outputs, long depth,
                     const float *bias, float *c, int accumulate);
#endif

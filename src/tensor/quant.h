// Reference (scalar) quantize / dequantize, bit-compatible with GGUF / ggml.
// These are the oracle for every faster kernel; they favour clarity over speed.
#pragma once

#include <cstdint>

#include "tensor/dtype.h"

namespace tl {

float fp16_to_fp32(uint16_t h);
uint16_t fp32_to_fp16(float f);  // round to nearest even; overflow -> inf
float bf16_to_fp32(uint16_t h);
uint16_t fp32_to_bf16(float f);  // round to nearest even; NaN quieted as ggml does

// Dequantizes n elements (a multiple of the type's block size) of type t.
// Requires dtype_info(t).computable.
void dequantize_row(DType t, const void* src, float* dst, int64_t n);

// True where a reference quantizer exists for t.
bool can_quantize(DType t);
// Quantizes n elements (a multiple of the block size) into row_bytes(t, n) bytes.
// Requires can_quantize(t).
void quantize_row(DType t, const float* src, void* dst, int64_t n);

}  // namespace tl

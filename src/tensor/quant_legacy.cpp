// Reference dequantize / quantize of the legacy 32-element blocks: Q4_0, Q4_1, Q5_0,
// Q5_1, Q8_0 and the Q8_1 activation block (quants/README §3 and §4).
//
// The quantizers compute the quants with the f32 scale but store fp16(scale), and they
// round x*id and the +bias separately (-ffp-contract=off): this is what ggml's
// quantize_row_*_ref does, so the bytes match llama.cpp's (README §5.2).
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>

#include "tensor/blocks.h"
#include "tensor/quant.h"

namespace tl {
namespace {

// ggml casts the float straight to int8_t / uint8_t. Its quants are in range for every
// finite input, and x86 converts through int32 either way, so we state that here.
int8_t to_int8(float v) { return static_cast<int8_t>(static_cast<int32_t>(v)); }

// max(amax, |x|) over a block, in ggml's MAX(a, b) = a > b ? a : b form.
float absmax(const float* x) {
  float amax = 0.0f;
  for (int j = 0; j < kQK; ++j) {
    const float a = std::fabs(x[j]);
    amax = amax > a ? amax : a;
  }
  return amax;
}

// The element of largest |x| with its sign; the first occurrence wins a tie, and a block
// of only -0.0 keeps max = +0.0 (ggml C, unlike gguf-py: README §5.1).
float signed_absmax(const float* x) {
  float amax = 0.0f;
  float max = 0.0f;
  for (int j = 0; j < kQK; ++j) {
    if (amax < std::fabs(x[j])) {
      amax = std::fabs(x[j]);
      max = x[j];
    }
  }
  return max;
}

void min_max(const float* x, float* min, float* max) {
  *min = FLT_MAX;
  *max = -FLT_MAX;
  for (int j = 0; j < kQK; ++j) {
    if (x[j] < *min) *min = x[j];
    if (x[j] > *max) *max = x[j];
  }
}

uint32_t load_qh(const uint8_t* qh) {
  uint32_t v;
  std::memcpy(&v, qh, sizeof v);
  return v;
}

// Bit 4 of element j (j < 32) from the packed high bits.
int high_bit(uint32_t qh, int j) { return static_cast<int>((qh >> j) & 1u) << 4; }

}  // namespace

void BlockQ4_0::dequantize(const BlockQ4_0& b, float* dst) {
  const float d = fp16_to_fp32(b.d);
  for (int j = 0; j < 16; ++j) {
    dst[j] = static_cast<float>((b.qs[j] & 0x0F) - 8) * d;
    dst[j + 16] = static_cast<float>((b.qs[j] >> 4) - 8) * d;
  }
}

void BlockQ4_0::quantize(const float* src, BlockQ4_0& b) {
  // d maps the largest |x| to -8, the level that has no positive twin.
  const float d = signed_absmax(src) / -8;
  const float id = d != 0.0f ? 1.0f / d : 0.0f;
  b.d = fp32_to_fp16(d);
  for (int j = 0; j < 16; ++j) {
    const int q0 = std::min(15, static_cast<int>(to_int8(src[j] * id + 8.5f)));
    const int q1 = std::min(15, static_cast<int>(to_int8(src[j + 16] * id + 8.5f)));
    b.qs[j] = static_cast<uint8_t>(q0 | (q1 << 4));
  }
}

void BlockQ4_1::dequantize(const BlockQ4_1& b, float* dst) {
  const float d = fp16_to_fp32(b.d);
  const float m = fp16_to_fp32(b.m);
  for (int j = 0; j < 16; ++j) {
    dst[j] = static_cast<float>(b.qs[j] & 0x0F) * d + m;
    dst[j + 16] = static_cast<float>(b.qs[j] >> 4) * d + m;
  }
}

void BlockQ4_1::quantize(const float* src, BlockQ4_1& b) {
  float min;
  float max;
  min_max(src, &min, &max);
  const float d = (max - min) / 15;
  const float id = d != 0.0f ? 1.0f / d : 0.0f;
  b.d = fp32_to_fp16(d);
  b.m = fp32_to_fp16(min);
  for (int j = 0; j < 16; ++j) {
    const int q0 = std::min(15, static_cast<int>(to_int8((src[j] - min) * id + 0.5f)));
    const int q1 = std::min(15, static_cast<int>(to_int8((src[j + 16] - min) * id + 0.5f)));
    b.qs[j] = static_cast<uint8_t>(q0 | (q1 << 4));
  }
}

void BlockQ5_0::dequantize(const BlockQ5_0& b, float* dst) {
  const float d = fp16_to_fp32(b.d);
  const uint32_t qh = load_qh(b.qh);
  for (int j = 0; j < 16; ++j) {
    dst[j] = static_cast<float>(((b.qs[j] & 0x0F) | high_bit(qh, j)) - 16) * d;
    dst[j + 16] = static_cast<float>(((b.qs[j] >> 4) | high_bit(qh, j + 16)) - 16) * d;
  }
}

void BlockQ5_0::quantize(const float* src, BlockQ5_0& b) {
  const float d = signed_absmax(src) / -16;
  const float id = d != 0.0f ? 1.0f / d : 0.0f;
  b.d = fp32_to_fp16(d);
  uint32_t qh = 0;
  for (int j = 0; j < 16; ++j) {
    const int q0 = std::min(31, static_cast<int>(to_int8(src[j] * id + 16.5f)));
    const int q1 = std::min(31, static_cast<int>(to_int8(src[j + 16] * id + 16.5f)));
    b.qs[j] = static_cast<uint8_t>((q0 & 0x0F) | ((q1 & 0x0F) << 4));
    qh |= static_cast<uint32_t>(q0 >> 4) << j;
    qh |= static_cast<uint32_t>(q1 >> 4) << (j + 16);
  }
  std::memcpy(b.qh, &qh, sizeof qh);
}

void BlockQ5_1::dequantize(const BlockQ5_1& b, float* dst) {
  const float d = fp16_to_fp32(b.d);
  const float m = fp16_to_fp32(b.m);
  const uint32_t qh = load_qh(b.qh);
  for (int j = 0; j < 16; ++j) {
    dst[j] = static_cast<float>((b.qs[j] & 0x0F) | high_bit(qh, j)) * d + m;
    dst[j + 16] = static_cast<float>((b.qs[j] >> 4) | high_bit(qh, j + 16)) * d + m;
  }
}

void BlockQ5_1::quantize(const float* src, BlockQ5_1& b) {
  float min;
  float max;
  min_max(src, &min, &max);
  const float d = (max - min) / 31;
  const float id = d != 0.0f ? 1.0f / d : 0.0f;
  b.d = fp32_to_fp16(d);
  b.m = fp32_to_fp16(min);
  uint32_t qh = 0;
  for (int j = 0; j < 16; ++j) {
    // No clamp (as in ggml): (x - min) * id <= 31 up to rounding, which + 0.5 absorbs.
    const int q0 = static_cast<uint8_t>(static_cast<int32_t>((src[j] - min) * id + 0.5f));
    const int q1 = static_cast<uint8_t>(static_cast<int32_t>((src[j + 16] - min) * id + 0.5f));
    b.qs[j] = static_cast<uint8_t>((q0 & 0x0F) | ((q1 & 0x0F) << 4));
    qh |= static_cast<uint32_t>((q0 & 0x10) >> 4) << j;
    qh |= static_cast<uint32_t>((q1 & 0x10) >> 4) << (j + 16);
  }
  std::memcpy(b.qh, &qh, sizeof qh);
}

void BlockQ8_0::dequantize(const BlockQ8_0& b, float* dst) {
  const float d = fp16_to_fp32(b.d);
  for (int j = 0; j < kQK; ++j) dst[j] = static_cast<float>(b.qs[j]) * d;
}

void BlockQ8_0::quantize(const float* src, BlockQ8_0& b) {
  const float d = absmax(src) / 127;
  const float id = d != 0.0f ? 1.0f / d : 0.0f;
  b.d = fp32_to_fp16(d);
  // roundf: ties away from zero, unlike the K-quants' nearest_int.
  for (int j = 0; j < kQK; ++j) b.qs[j] = to_int8(std::round(src[j] * id));
}

void BlockQ8_1::dequantize(const BlockQ8_1& b, float* dst) {
  const float d = fp16_to_fp32(b.d);
  for (int j = 0; j < kQK; ++j) dst[j] = static_cast<float>(b.qs[j]) * d;
}

void BlockQ8_1::quantize(const float* src, BlockQ8_1& b) {
  const float d = absmax(src) / 127;
  const float id = d != 0.0f ? 1.0f / d : 0.0f;
  b.d = fp32_to_fp16(d);
  int sum = 0;
  for (int j = 0; j < kQK; ++j) {
    b.qs[j] = to_int8(std::round(src[j] * id));
    sum += b.qs[j];
  }
  b.s = fp32_to_fp16(static_cast<float>(sum) * d);
}

}  // namespace tl

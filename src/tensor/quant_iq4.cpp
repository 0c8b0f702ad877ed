// Reference dequantize / quantize of the non-linear 4-bit types IQ4_NL (blocks of 32)
// and IQ4_XS (256 with 6-bit sub-block scales). The quantizer is the one llama.cpp
// writes files with (ggml_quantize_chunk without an imatrix: quantize_iq4_nl / _xs, 7
// tries each side); ggml's quantize_row_iq4_nl_ref skips the search and differs.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "tensor/blocks.h"
#include "tensor/quant.h"
#include "tensor/quant_search.h"

namespace tl {
namespace {

using detail::best_index_int8;

constexpr int kTries = 7;

// Best scale d for one sub-block of 32 (x = d * level), weighting each squared error by
// x^2: start from the scale that puts the largest |x| on the outermost level, then try
// 2*kTries+1 scales mapping it to the levels -127-7 .. -127+7 and keep the least-squares
// fit. Writes the indices for the starting scale to L; returns 0 for an all-zero group.
float best_scale_iq4(const float* xb, uint8_t* L) {
  float weight[32];
  for (int j = 0; j < 32; ++j) weight[j] = xb[j] * xb[j];
  float amax = 0;
  float max = 0;
  for (int j = 0; j < 32; ++j) {
    const float ax = std::fabs(xb[j]);
    if (ax > amax) {
      amax = ax;
      max = xb[j];
    }
  }
  if (amax < detail::kGroupMaxEps) return 0;
  const int8_t* values = kIq4nlValues;
  float d = -max / values[0];
  float id = 1 / d;
  float sumqx = 0;
  float sumq2 = 0;
  for (int j = 0; j < 32; ++j) {
    const int l = best_index_int8(16, values, id * xb[j]);
    L[j] = static_cast<uint8_t>(l);
    const float q = values[l];
    sumqx += weight[j] * q * xb[j];
    sumq2 += weight[j] * q * q;
  }
  d = sumqx / sumq2;
  float best = d * sumqx;
  for (int itry = -kTries; itry <= kTries; ++itry) {
    id = static_cast<float>(itry + values[0]) / max;
    sumqx = 0;
    sumq2 = 0;
    for (int j = 0; j < 32; ++j) {
      const float q = values[best_index_int8(16, values, id * xb[j])];
      sumqx += weight[j] * q * xb[j];
      sumq2 += weight[j] * q * q;
    }
    if (sumq2 > 0 && sumqx * sumqx > best * sumq2) {
      d = sumqx / sumq2;
      best = d * sumqx;
    }
  }
  return d;
}

// Nibble packing shared by both types: element j<16 of each 32 in the low nibble.
void pack_nibbles(const uint8_t* L, int n, uint8_t* qs) {
  for (int i = 0; i < n / 32; ++i) {
    for (int j = 0; j < 16; ++j) {
      qs[16 * i + j] = static_cast<uint8_t>(L[32 * i + j] | (L[32 * i + 16 + j] << 4));
    }
  }
}

}  // namespace

void BlockIQ4_NL::dequantize(const BlockIQ4_NL& b, float* dst) {
  const float d = fp16_to_fp32(b.d);
  for (int j = 0; j < 16; ++j) {
    dst[j] = d * static_cast<float>(kIq4nlValues[b.qs[j] & 0x0F]);
    dst[j + 16] = d * static_cast<float>(kIq4nlValues[b.qs[j] >> 4]);
  }
}

void BlockIQ4_NL::quantize(const float* src, BlockIQ4_NL& b) {
  uint8_t L[32];
  const float d = best_scale_iq4(src, L);
  b.d = fp32_to_fp16(d);
  // Re-pick every level for the chosen scale (with the f32 d, not the stored fp16).
  const float id = d != 0.0f ? 1 / d : 0;
  for (int j = 0; j < 32; ++j)
    L[j] = static_cast<uint8_t>(best_index_int8(16, kIq4nlValues, id * src[j]));
  pack_nibbles(L, 32, b.qs);
}

void BlockIQ4_XS::dequantize(const BlockIQ4_XS& b, float* dst) {
  const float d = fp16_to_fp32(b.d);
  for (int ib = 0; ib < 8; ++ib) {
    const int ls =
        ((b.scales_l[ib / 2] >> (4 * (ib % 2))) & 0x0F) | (((b.scales_h >> (2 * ib)) & 3) << 4);
    const float dl = d * static_cast<float>(ls - 32);
    const uint8_t* qs = b.qs + 16 * ib;
    for (int j = 0; j < 16; ++j) {
      dst[32 * ib + j] = dl * static_cast<float>(kIq4nlValues[qs[j] & 0x0F]);
      dst[32 * ib + 16 + j] = dl * static_cast<float>(kIq4nlValues[qs[j] >> 4]);
    }
  }
}

void BlockIQ4_XS::quantize(const float* src, BlockIQ4_XS& b) {
  float scales[8];
  uint8_t L[kQK_K];
  float max_scale = 0;
  float amax_scale = 0;
  for (int ib = 0; ib < 8; ++ib) {
    scales[ib] = best_scale_iq4(src + 32 * ib, L + 32 * ib);
    const float abs_d = std::fabs(scales[ib]);
    if (abs_d > amax_scale) {
      amax_scale = abs_d;
      max_scale = scales[ib];
    }
  }
  // Sub-block scales become 6-bit signed integers l in [-32, 31] of d, the largest one
  // landing on -32. (With every sub-block zero, d is -0.0: ggml stores 0x8000 then.)
  const float d = -max_scale / 32;
  b.d = fp32_to_fp16(d);
  const float id = d != 0.0f ? 1 / d : 0.f;
  b.scales_h = 0;
  std::memset(b.scales_l, 0, sizeof b.scales_l);
  for (int ib = 0; ib < 8; ++ib) {
    int l = std::clamp(detail::nearest_int(id * scales[ib]), -32, 31);
    const float dl = d * static_cast<float>(l);
    const float idl = dl != 0.0f ? 1 / dl : 0.f;
    for (int j = 0; j < 32; ++j) {
      L[32 * ib + j] =
          static_cast<uint8_t>(best_index_int8(16, kIq4nlValues, idl * src[32 * ib + j]));
    }
    l += 32;
    b.scales_l[ib / 2] |= static_cast<uint8_t>((l & 0x0F) << (4 * (ib % 2)));
    b.scales_h |= static_cast<uint16_t>((l >> 4) << (2 * ib));
  }
  pack_nibbles(L, kQK_K, b.qs);
}

}  // namespace tl

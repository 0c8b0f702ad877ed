// Reference dequantize of the K-quants Q2_K..Q6_K, and quantize of Q4_K, Q5_K, Q6_K and
// the Q8_K activation block, byte-exact with ggml's quantize_row_*_ref (no imatrix).
//
// Dequantization keeps ggml's grouping, e.g. (d * sc) * q - dmin * mn: the products are
// exact (README §3), but the grouping decides the sign of zero results.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "tensor/blocks.h"
#include "tensor/quant.h"
#include "tensor/quant_search.h"

namespace tl {
namespace {

using detail::nearest_int;

// Scale and min (6 bits each) of sub-block j < 8 of a Q4_K / Q5_K block. Bytes 0-3 hold
// the scales of 0-3 and bytes 4-7 their mins, each in the low 6 bits; sub-blocks 4-7
// keep their low 4 bits in bytes 8-11 and their top 2 bits in the free bits 6-7 of
// bytes 0-7.
void k_scale_min(int j, const uint8_t* scales, int* sc, int* mn) {
  if (j < 4) {
    *sc = scales[j] & 63;
    *mn = scales[j + 4] & 63;
  } else {
    *sc = (scales[j + 4] & 0x0F) | ((scales[j - 4] >> 6) << 4);
    *mn = (scales[j + 4] >> 4) | ((scales[j] >> 6) << 4);
  }
}

// The inverse of k_scale_min for all 8 sub-blocks.
void pack_k_scale_min(const uint8_t* ls, const uint8_t* lm, uint8_t* scales) {
  for (int j = 0; j < 4; ++j) {
    scales[j] = static_cast<uint8_t>(ls[j] | ((ls[j + 4] >> 4) << 6));
    scales[j + 4] = static_cast<uint8_t>(lm[j] | ((lm[j + 4] >> 4) << 6));
    scales[j + 8] = static_cast<uint8_t>((ls[j + 4] & 0x0F) | ((lm[j + 4] & 0x0F) << 4));
  }
}

// The part Q4_K and Q5_K share (nmax 15 or 31): per sub-block of 32, a scale and min
// from make_qkx2_quants weighted by (rms + |x|); both sets are quantized to 6 bits
// against their largest value; then each x is requantized against the scale and min it
// will actually be decoded with. Writes the block's d, dmin, scales[12] and L (256).
void quantize_scale_min_k(const float* x, int nmax, float rmin, int nstep, uint16_t* d_out,
                          uint16_t* dmin_out, uint8_t* packed, uint8_t* L) {
  float scales[8];
  float mins[8];
  float weights[32];
  uint8_t Laux[32];
  float max_scale = 0;  // scales are >= 0 here since the min is taken out
  float max_min = 0;
  for (int j = 0; j < 8; ++j) {
    const float* xb = x + 32 * j;
    float sum_x2 = 0;
    for (int l = 0; l < 32; ++l) sum_x2 += xb[l] * xb[l];
    const float av_x = std::sqrt(sum_x2 / 32);
    for (int l = 0; l < 32; ++l) weights[l] = av_x + std::fabs(xb[l]);
    scales[j] = detail::make_qkx2_quants(32, nmax, xb, weights, L + 32 * j, &mins[j], Laux, rmin,
                                         0.1f, nstep);
    if (scales[j] > max_scale) max_scale = scales[j];
    if (mins[j] > max_min) max_min = mins[j];
  }

  const float inv_scale = max_scale > 0 ? 63.f / max_scale : 0.f;
  const float inv_min = max_min > 0 ? 63.f / max_min : 0.f;
  uint8_t ls[8];
  uint8_t lm[8];
  for (int j = 0; j < 8; ++j) {
    // ggml stores nearest_int into a uint8_t before clamping, so keep that wrap-around.
    ls[j] = std::min<uint8_t>(63, static_cast<uint8_t>(nearest_int(inv_scale * scales[j])));
    lm[j] = std::min<uint8_t>(63, static_cast<uint8_t>(nearest_int(inv_min * mins[j])));
  }
  pack_k_scale_min(ls, lm, packed);
  *d_out = fp32_to_fp16(max_scale / 63.f);
  *dmin_out = fp32_to_fp16(max_min / 63.f);

  // A sub-block whose decoded scale is 0 keeps the quants of its own search.
  for (int j = 0; j < 8; ++j) {
    int sc;
    int mn;
    k_scale_min(j, packed, &sc, &mn);
    const float d = fp16_to_fp32(*d_out) * static_cast<float>(sc);
    if (d == 0.0f) continue;
    const float dm = fp16_to_fp32(*dmin_out) * static_cast<float>(mn);
    for (int ii = 0; ii < 32; ++ii) {
      L[32 * j + ii] =
          static_cast<uint8_t>(std::clamp(nearest_int((x[32 * j + ii] + dm) / d), 0, nmax));
    }
  }
}

}  // namespace

// ---- Q2_K ----------------------------------------------------------------------------

void BlockQ2_K::dequantize(const BlockQ2_K& b, float* dst) {
  const float d = fp16_to_fp32(b.d);
  const float min = fp16_to_fp32(b.dmin);
  // Element 128n + 32j + l: bits 2j..2j+1 of qs[32n + l]; sub-block (16 elements) s.
  for (int e = 0; e < kQK_K; ++e) {
    const int n = e / 128, j = (e / 32) % 4, l = e % 32;
    const int q = (b.qs[32 * n + l] >> (2 * j)) & 3;
    const uint8_t sc = b.scales[e / 16];
    const float dl = d * static_cast<float>(sc & 0x0F);
    const float ml = min * static_cast<float>(sc >> 4);
    dst[e] = dl * static_cast<float>(q) - ml;
  }
}

// ---- Q3_K ----------------------------------------------------------------------------

void BlockQ3_K::dequantize(const BlockQ3_K& b, float* dst) {
  const float d = fp16_to_fp32(b.d);
  for (int e = 0; e < kQK_K; ++e) {
    const int n = e / 128, j = (e / 32) % 4, l = e % 32;
    const int low2 = (b.qs[32 * n + l] >> (2 * j)) & 3;
    const bool high = (b.hmask[l] >> (4 * n + j)) & 1;
    const int q = low2 - (high ? 0 : 4);
    // 6-bit scale of sub-block s: 4 low bits from nibbles of bytes 0-7, 2 high bits
    // from bytes 8-11.
    const int s = e / 16;
    const int low4 = s < 8 ? (b.scales[s] & 0x0F) : (b.scales[s - 8] >> 4);
    const int high2 = (b.scales[8 + s % 4] >> (2 * (s / 4))) & 3;
    const float dl = d * static_cast<float>((high2 << 4 | low4) - 32);
    dst[e] = dl * static_cast<float>(q);
  }
}

// ---- Q4_K ----------------------------------------------------------------------------

void BlockQ4_K::dequantize(const BlockQ4_K& b, float* dst) {
  const float d = fp16_to_fp32(b.d);
  const float min = fp16_to_fp32(b.dmin);
  for (int j = 0; j < 8; ++j) {
    int sc;
    int mn;
    k_scale_min(j, b.scales, &sc, &mn);
    const float dl = d * static_cast<float>(sc);
    const float ml = min * static_cast<float>(mn);
    const uint8_t* q = b.qs + 32 * (j / 2);
    const int shift = 4 * (j % 2);
    for (int l = 0; l < 32; ++l) {
      dst[32 * j + l] = dl * static_cast<float>((q[l] >> shift) & 0x0F) - ml;
    }
  }
}

void BlockQ4_K::quantize(const float* src, BlockQ4_K& b) {
  uint8_t L[kQK_K];
  quantize_scale_min_k(src, 15, -1.0f, 20, &b.d, &b.dmin, b.scales, L);
  for (int c = 0; c < 4; ++c) {
    for (int l = 0; l < 32; ++l) {
      b.qs[32 * c + l] = static_cast<uint8_t>(L[64 * c + l] | (L[64 * c + 32 + l] << 4));
    }
  }
}

// ---- Q5_K ----------------------------------------------------------------------------

void BlockQ5_K::dequantize(const BlockQ5_K& b, float* dst) {
  const float d = fp16_to_fp32(b.d);
  const float min = fp16_to_fp32(b.dmin);
  for (int j = 0; j < 8; ++j) {
    int sc;
    int mn;
    k_scale_min(j, b.scales, &sc, &mn);
    const float dl = d * static_cast<float>(sc);
    const float ml = min * static_cast<float>(mn);
    const uint8_t* q = b.qs + 32 * (j / 2);
    const int shift = 4 * (j % 2);
    for (int l = 0; l < 32; ++l) {
      const int high = (b.qh[l] >> j) & 1;
      dst[32 * j + l] = dl * static_cast<float>(((q[l] >> shift) & 0x0F) + 16 * high) - ml;
    }
  }
}

void BlockQ5_K::quantize(const float* src, BlockQ5_K& b) {
  uint8_t L[kQK_K];
  quantize_scale_min_k(src, 31, -0.5f, 15, &b.d, &b.dmin, b.scales, L);
  std::memset(b.qh, 0, sizeof b.qh);
  for (int j = 0; j < 8; ++j) {
    const int shift = 4 * (j % 2);
    for (int l = 0; l < 32; ++l) {
      const int q = L[32 * j + l];
      if (shift == 0) b.qs[32 * (j / 2) + l] = 0;
      b.qs[32 * (j / 2) + l] |= static_cast<uint8_t>((q & 0x0F) << shift);
      b.qh[l] |= static_cast<uint8_t>((q >> 4) << j);
    }
  }
}

// ---- Q6_K ----------------------------------------------------------------------------

void BlockQ6_K::dequantize(const BlockQ6_K& b, float* dst) {
  const float d = fp16_to_fp32(b.d);
  // Half h (128 elements) uses ql[64h..], qh[32h..]. Its quarter g (32 elements) takes
  // the low (g < 2) or high (g >= 2) nibble of ql[64h + 32(g % 2) + l] and bits 2g..2g+1
  // of qh[32h + l].
  for (int e = 0; e < kQK_K; ++e) {
    const int h = e / 128, g = (e / 32) % 4, l = e % 32;
    const int lo = (b.ql[64 * h + 32 * (g % 2) + l] >> (4 * (g / 2))) & 0x0F;
    const int hi = (b.qh[32 * h + l] >> (2 * g)) & 3;
    const int q = (lo | (hi << 4)) - 32;
    dst[e] = d * static_cast<float>(b.scales[e / 16]) * static_cast<float>(q);
  }
}

void BlockQ6_K::quantize(const float* src, BlockQ6_K& b) {
  int8_t L[kQK_K];
  float scales[16];
  float max_scale = 0;
  float max_abs_scale = 0;
  for (int ib = 0; ib < 16; ++ib) {
    scales[ib] = detail::make_qx_quants_rmse1(16, 32, src + 16 * ib, L + 16 * ib);
    const float abs_scale = std::fabs(scales[ib]);
    if (abs_scale > max_abs_scale) {
      max_abs_scale = abs_scale;
      max_scale = scales[ib];
    }
  }
  if (max_abs_scale < detail::kGroupMaxEps) {
    std::memset(&b, 0, sizeof b);
    return;
  }
  // The sub-block scales become int8 against the largest, which lands on -128.
  const float iscale = -128.f / max_scale;
  b.d = fp32_to_fp16(1 / iscale);
  for (int ib = 0; ib < 16; ++ib) {
    b.scales[ib] = static_cast<int8_t>(std::min(127, nearest_int(iscale * scales[ib])));
  }
  // Requantize against the scale each sub-block will be decoded with; one whose scale
  // rounded to 0 keeps its own search's quants.
  for (int j = 0; j < 16; ++j) {
    const float d = fp16_to_fp32(b.d) * static_cast<float>(b.scales[j]);
    if (d == 0.0f) continue;
    for (int ii = 0; ii < 16; ++ii) {
      const int l = std::clamp(nearest_int(src[16 * j + ii] / d), -32, 31);
      L[16 * j + ii] = static_cast<int8_t>(l + 32);
    }
  }
  for (int h = 0; h < 2; ++h) {
    for (int l = 0; l < 32; ++l) {
      const int q0 = L[128 * h + l];
      const int q1 = L[128 * h + 32 + l];
      const int q2 = L[128 * h + 64 + l];
      const int q3 = L[128 * h + 96 + l];
      b.ql[64 * h + l] = static_cast<uint8_t>((q0 & 0x0F) | ((q2 & 0x0F) << 4));
      b.ql[64 * h + 32 + l] = static_cast<uint8_t>((q1 & 0x0F) | ((q3 & 0x0F) << 4));
      b.qh[32 * h + l] =
          static_cast<uint8_t>((q0 >> 4) | ((q1 >> 4) << 2) | ((q2 >> 4) << 4) | ((q3 >> 4) << 6));
    }
  }
}

// ---- Q8_K ----------------------------------------------------------------------------

void BlockQ8_K::dequantize(const BlockQ8_K& b, float* dst) {
  for (int j = 0; j < kQK_K; ++j) dst[j] = static_cast<float>(b.qs[j]) * b.d;
}

void BlockQ8_K::quantize(const float* src, BlockQ8_K& b) {
  float max = 0;
  float amax = 0;
  for (int j = 0; j < kQK_K; ++j) {
    const float ax = std::fabs(src[j]);
    if (ax > amax) {
      amax = ax;
      max = src[j];
    }
  }
  if (amax == 0.0f) {
    // ggml leaves bsums unwritten here; zero is what they would sum to.
    std::memset(&b, 0, sizeof b);
    return;
  }
  // -127, not -128: ggml keeps the quants symmetric so that the IQ kernels can negate them.
  const float iscale = -127.f / max;
  for (int j = 0; j < kQK_K; ++j) {
    b.qs[j] = static_cast<int8_t>(std::min(127, nearest_int(iscale * src[j])));
  }
  for (int g = 0; g < 16; ++g) {
    int sum = 0;
    for (int i = 0; i < 16; ++i) sum += b.qs[16 * g + i];
    b.bsums[g] = static_cast<int16_t>(sum);
  }
  b.d = 1 / iscale;
}

}  // namespace tl

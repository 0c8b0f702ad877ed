// Super-blocks of 256 (Q2_K..Q6_K, IQ4_XS): fp16 super-scales, and sub-block scales
// (and mins) drawn in a narrow range and packed as ggml's quantizers pack them, so
// every sub-block spans about ±kAmplitude.
#include <cstring>

#include "synthetic/block_fill.h"
#include "synthetic/block_makers.h"
#include "tensor/quant.h"

namespace tl::synthetic {
namespace {

uint16_t half(float x) { return fp32_to_fp16(x); }

// 8 six-bit scales and mins into 12 bytes (ggml's quantize_row_q4_K_ref packing).
void pack_scale_min_k4(const uint8_t* ls, const uint8_t* lm, uint8_t* scales) {
  std::memset(scales, 0, 12);
  for (int j = 0; j < 8; ++j) {
    if (j < 4) {
      scales[j] = ls[j];
      scales[j + 4] = lm[j];
    } else {
      scales[j + 4] = static_cast<uint8_t>((ls[j] & 0xF) | ((lm[j] & 0xF) << 4));
      scales[j - 4] |= static_cast<uint8_t>((ls[j] >> 4) << 6);
      scales[j] |= static_cast<uint8_t>((lm[j] >> 4) << 6);
    }
  }
}

// Q4_K and Q5_K: y = d * ls * q - dmin * lm per sub-block of 32, q in [0, qmax]. With
// dmin = d * dmin_ratio, lm = ls * (qmax / 2) / dmin_ratio centres each sub-block on 0.
template <class Block>
void make_k_scale_min(BlockRng& r, Block& b, int qmax, int dmin_ratio) {
  constexpr int kMeanLs = 48;  // ls drawn in [32, 63]
  const float d = kAmplitude / (qmax * 0.5f * kMeanLs) * r.jitter();
  b.d = half(d);
  b.dmin = half(d * static_cast<float>(dmin_ratio));
  uint8_t ls[8], lm[8];
  for (int j = 0; j < 8; ++j) {
    ls[j] = static_cast<uint8_t>(r.range(32, 63));
    lm[j] = static_cast<uint8_t>((ls[j] * qmax + dmin_ratio) / (2 * dmin_ratio));
  }
  pack_scale_min_k4(ls, lm, b.scales);
}

}  // namespace

void make_block(BlockRng& r, BlockQ2_K& b) {
  // y = d * sc * q - dmin * mn, q in [0, 3], 4-bit sc in [8, 15]; dmin = 2d and
  // mn = 3/4 sc centre each sub-block of 16.
  const float d = kAmplitude / (1.5f * 12) * r.jitter();
  b.d = half(d);
  b.dmin = half(2 * d);
  for (uint8_t& s : b.scales) {
    const int sc = r.range(8, 15);
    const int mn = (3 * sc + 2) / 4;
    s = static_cast<uint8_t>(sc | (mn << 4));
  }
  r.bytes(b.qs, sizeof b.qs);
}

void make_block(BlockRng& r, BlockQ3_K& b) {
  // y = d * (ls - 32) * q, q in [-4, 3]; ls - 32 in ±[8, 15], signs random so the
  // asymmetric q range does not shift the mean. Packing as ggml's quantize_row_q3_K_ref:
  // low nibbles in bytes 0..7, high 2 bits in bytes 8..11.
  b.d = half(kAmplitude / (4 * 12) * r.jitter());
  std::memset(b.scales, 0, sizeof b.scales);
  for (int j = 0; j < 16; ++j) {
    const int l = 32 + (r.next() & 1 ? 1 : -1) * r.range(8, 15);
    if (j < 8) {
      b.scales[j] = static_cast<uint8_t>(l & 0xF);
    } else {
      b.scales[j - 8] |= static_cast<uint8_t>((l & 0xF) << 4);
    }
    b.scales[j % 4 + 8] |= static_cast<uint8_t>((l >> 4) << (2 * (j / 4)));
  }
  r.bytes(b.hmask, sizeof b.hmask);
  r.bytes(b.qs, sizeof b.qs);
}

void make_block(BlockRng& r, BlockQ4_K& b) {
  make_k_scale_min(r, b, 15, 8);
  r.bytes(b.qs, sizeof b.qs);
}

void make_block(BlockRng& r, BlockQ5_K& b) {
  make_k_scale_min(r, b, 31, 16);
  r.bytes(b.qh, sizeof b.qh);
  r.bytes(b.qs, sizeof b.qs);
}

void make_block(BlockRng& r, BlockQ6_K& b) {
  // y = d * sc * (q - 32), q in [0, 63], int8 sc in [8, 15].
  b.d = half(kAmplitude / (32 * 12) * r.jitter());
  for (int8_t& s : b.scales) s = static_cast<int8_t>(r.range(8, 15));
  r.bytes(b.ql, sizeof b.ql);
  r.bytes(b.qh, sizeof b.qh);
}

void make_block(BlockRng& r, BlockIQ4_XS& b) {
  // y = d * (ls - 32) * level, levels in [-127, 113]; ls - 32 in [2, 5] keeps d an
  // fp16 normal number.
  b.d = half(kAmplitude / (127 * 3.5f) * r.jitter());
  b.scales_h = 0;
  std::memset(b.scales_l, 0, sizeof b.scales_l);
  for (int ib = 0; ib < 8; ++ib) {
    const int ls = 32 + r.range(2, 5);
    b.scales_l[ib / 2] |= static_cast<uint8_t>((ls & 0xF) << (4 * (ib % 2)));
    b.scales_h |= static_cast<uint16_t>((ls >> 4) << (2 * ib));
  }
  r.bytes(b.qs, sizeof b.qs);
}

}  // namespace tl::synthetic

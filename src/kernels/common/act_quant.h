// Activations quantized once per matmul to 8 bits, the "prepared" format of the int8
// kernels, and the quantizer written once against a vector policy V.
//
// Two layouts, one per weight family; rows are 64-byte multiples (so every row starts on
// a cache line when the scratch does), and the loads are unaligned ones all the same:
//   Act32  (legacy 32-element blocks): per row  qs (K) int8 | d (K/32) f32 | s (K/32) f32
//          block b: x ~= d[b] * qs[32b..], s[b] = c * d[b] * sum(qs of b) for the weights'
//          offsets and mins, with c a constant of the kernel (see MatmulQ32).
//   Act256 (K-quants, IQ4_XS): per row  qs (K) int8 | d (K/32) f32 | bsums (K/16) int16
//          = the sum of each 16 quants, for the weights' mins. Scales per 32 as Act32,
//          not per 256 as llama.cpp's Q8_K: a 256-block's scale follows the largest of
//          256 values and costs about twice the error (tests/synthetic).
// The quants are stored apart from their scales so a 64-byte load takes two blocks.
// Scales are f32 (not Q8_0's fp16): nothing is lost to the scale, only to the rounding of
// x / d, which is at most d / 2 = max|x| / 254 per element.
//
// Included only by ISA translation units; anonymous namespace as in simd_avx2.h.
#pragma once

#include <algorithm>
#include <cstdint>

namespace tl {
namespace {

constexpr int64_t round_up64(int64_t n) { return (n + 63) / 64 * 64; }

struct Act32 {
  int64_t nb;      // blocks per row
  int64_t stride;  // bytes per row
  explicit Act32(int64_t K) : nb(K / 32), stride(round_up64(K + 8 * (K / 32))) {}
  int8_t* qs(void* base, int64_t m) const { return static_cast<int8_t*>(base) + m * stride; }
  const int8_t* qs(const void* base, int64_t m) const { return static_cast<const int8_t*>(base) + m * stride; }
  float* d(void* base, int64_t m) const { return reinterpret_cast<float*>(qs(base, m) + 32 * nb); }
  const float* d(const void* base, int64_t m) const { return reinterpret_cast<const float*>(qs(base, m) + 32 * nb); }
  float* s(void* base, int64_t m) const { return d(base, m) + nb; }
  const float* s(const void* base, int64_t m) const { return d(base, m) + nb; }
};

struct Act256 {
  int64_t nsb;     // super-blocks per row
  int64_t stride;  // bytes per row
  explicit Act256(int64_t K) : nsb(K / 256), stride(round_up64(K + 64 * (K / 256))) {}
  int8_t* qs(void* base, int64_t m) const { return static_cast<int8_t*>(base) + m * stride; }
  const int8_t* qs(const void* base, int64_t m) const { return static_cast<const int8_t*>(base) + m * stride; }
  float* d(void* base, int64_t m) const { return reinterpret_cast<float*>(qs(base, m) + 256 * nsb); }
  const float* d(const void* base, int64_t m) const { return reinterpret_cast<const float*>(qs(base, m) + 256 * nsb); }
  int16_t* bsums(void* base, int64_t m) const { return reinterpret_cast<int16_t*>(d(base, m) + 8 * nsb); }
  const int16_t* bsums(const void* base, int64_t m) const {
    return reinterpret_cast<const int16_t*>(d(base, m) + 8 * nsb);
  }
};

// Quantizes n elements of x against one scale: q = round(x * 127 / max|x|). Writes the
// quants and the sum of each `group` of them (group a multiple of the vector width);
// returns the scale max|x| / 127.
template <class V, class Sum>
float quantize_act(const float* x, int n, int group, int8_t* q, Sum* sums) {
  using F = typename V::F;
  constexpr int L = V::kFloatLanes;
  F amax = V::zero();
  for (int i = 0; i < n; i += L) amax = V::max(amax, V::abs(V::load(x + i)));
  const float max_abs = V::hmax(amax);
  const F inv = V::set1(max_abs > 0.0f ? 127.0f / max_abs : 0.0f);
  for (int g = 0; g < n; g += group) {
    F sum = V::zero();
    for (int i = g; i < g + group; i += L) {
      const F r = V::round(V::mul(V::load(x + i), inv));
      V::store_i8(q + i, r);
      sum = V::add(sum, r);
    }
    // The rounded values are small integers, so the float sum is exact.
    sums[g / group] = static_cast<Sum>(V::hsum(sum));
  }
  return max_abs / 127.0f;
}

template <class V>
void quantize_row_act32(const float* x, const Act32& L, void* base, int64_t m, float sum_scale) {
  int8_t* qs = L.qs(base, m);
  float* d = L.d(base, m);
  float* s = L.s(base, m);
  for (int64_t b = 0; b < L.nb; ++b) {
    float sum;
    d[b] = quantize_act<V>(x + 32 * b, 32, 32, qs + 32 * b, &sum);
    s[b] = sum_scale * d[b] * sum;
  }
}

template <class V>
void quantize_row_act256(const float* x, const Act256& L, void* base, int64_t m) {
  int8_t* qs = L.qs(base, m);
  float* d = L.d(base, m);
  int16_t* bsums = L.bsums(base, m);
  for (int64_t b = 0; b < 8 * L.nsb; ++b) {
    d[b] = quantize_act<V>(x + 32 * b, 32, 16, qs + 32 * b, bsums + 2 * b);
  }
}

}  // namespace
}  // namespace tl

// VecAvx2: panel_vector.h's 16-lane policy on pairs of AVX2 registers (columns 0-7 in
// lo, 8-15 in hi), for the avx2 level's kernels over the vnni panels. vpdpbusd becomes
// vpmaddubsw + vpmaddwd (+ add): exact while the unsigned weights stay below 128 (the
// pair sums then fit int16), which holds for the nibble formats (Q4_0, Q4_1, Q4_K: < 16;
// Q5_K: < 32); Q8_0 (u = q + 128) instead takes |w| and the activations with w's
// signs (formats.h FmtQ8_0Signed).
//
// Included only by kernels/avx2/matmul_panels.cpp (AVX2 + FMA + F16C flags); anonymous
// namespace: see kernels/common/simd_avx2.h.
#pragma once

#include <immintrin.h>

#include <cstdint>
#include <cstring>

#include "kernels/common/simd_avx2.h"

namespace tl {
namespace {

struct VecAvx2 {
  struct F {
    __m256 lo, hi;
  };
  struct I {
    __m256i lo, hi;
  };
  using B = I;
  using Act = Avx2;  // the activations' quantizer (act_quant.h)
  static constexpr int kFloatLanes = 16;
  static constexpr int kPanelTokens = 2;  // 16 ymm: 2 tokens' accumulators and dots
  static constexpr int kDecodePanels = 2;
  // u <= 128 with |s| <= 127 keeps each pair sum within int16 (activations never hold -128).
  static constexpr int kMaxExactUnsigned = 128;

  static F zero() { return {_mm256_setzero_ps(), _mm256_setzero_ps()}; }
  static F set1(float x) { return {_mm256_set1_ps(x), _mm256_set1_ps(x)}; }
  static F mul(F a, F b) { return {_mm256_mul_ps(a.lo, b.lo), _mm256_mul_ps(a.hi, b.hi)}; }
  static F fma(F a, F b, F c) { return {_mm256_fmadd_ps(a.lo, b.lo, c.lo), _mm256_fmadd_ps(a.hi, b.hi, c.hi)}; }
  static F cvt(I x) { return {_mm256_cvtepi32_ps(x.lo), _mm256_cvtepi32_ps(x.hi)}; }
  static void store_n(float* p, F x, int n) {
    if (n == 16) {
      _mm256_storeu_ps(p, x.lo);
      _mm256_storeu_ps(p + 8, x.hi);
      return;
    }
    alignas(32) float v[16];
    _mm256_store_ps(v, x.lo);
    _mm256_store_ps(v + 8, x.hi);
    std::memcpy(p, v, sizeof(float) * n);
  }
  static F load_h16(const uint16_t* p) {
    return {_mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))),
            _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 8)))};
  }
  static F load_u8(const uint8_t* p) {
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    return {_mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(b)), _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_srli_si128(b, 8)))};
  }

  static I zero_i() { return {_mm256_setzero_si256(), _mm256_setzero_si256()}; }
  static __m256i dpbusd8(__m256i acc, __m256i u, __m256i s) {
    return _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_maddubs_epi16(u, s), _mm256_set1_epi16(1)));
  }
  static I dpbusd(I acc, B u, B s) { return {dpbusd8(acc.lo, u.lo, s.lo), dpbusd8(acc.hi, u.hi, s.hi)}; }

  static B load_b(const void* p) {
    const auto* q = static_cast<const uint8_t*>(p);
    return {_mm256_loadu_si256(reinterpret_cast<const __m256i*>(q)),
            _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q + 32))};
  }
  static B nib_lo(B x) {
    const __m256i m = _mm256_set1_epi8(0x0F);
    return {_mm256_and_si256(x.lo, m), _mm256_and_si256(x.hi, m)};
  }
  static B nib_hi(B x) {
    const __m256i m = _mm256_set1_epi8(0x0F);
    return {_mm256_and_si256(_mm256_srli_epi16(x.lo, 4), m), _mm256_and_si256(_mm256_srli_epi16(x.hi, 4), m)};
  }
  static B or_b(B a, B b) { return {_mm256_or_si256(a.lo, b.lo), _mm256_or_si256(a.hi, b.hi)}; }
  // Byte j = v where bit j of mask is set: each byte takes its mask byte, then its bit.
  static __m256i bits32(uint32_t mask, uint8_t v) {
    const __m256i spread = _mm256_shuffle_epi8(_mm256_set1_epi32(static_cast<int>(mask)),
                                               _mm256_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,  //
                                                                2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3));
    const __m256i bit = _mm256_set1_epi64x(static_cast<long long>(0x8040201008040201ull));
    const __m256i set = _mm256_cmpeq_epi8(_mm256_and_si256(spread, bit), bit);
    return _mm256_and_si256(set, _mm256_set1_epi8(static_cast<char>(v)));
  }
  static B bits_b(uint64_t mask, uint8_t v) {
    return {bits32(static_cast<uint32_t>(mask), v), bits32(static_cast<uint32_t>(mask >> 32), v)};
  }
  static B abs_b(B w) { return {_mm256_abs_epi8(w.lo), _mm256_abs_epi8(w.hi)}; }
  // a with the signs of w (0 where w is 0).
  static B sign_b(B a, B w) { return {_mm256_sign_epi8(a.lo, w.lo), _mm256_sign_epi8(a.hi, w.hi)}; }
  static B bcast4(const int8_t* p) {
    int32_t x;
    std::memcpy(&x, p, sizeof x);
    const __m256i v = _mm256_set1_epi32(x);
    return {v, v};
  }
};

}  // namespace
}  // namespace tl

// An emulation of the Avx512 vector policy (src/kernels/common/simd_avx512.h) on pairs
// of AVX2 registers, with the same lane layout and the same integer results: vpdpbusd
// and vpdpwssd without saturation, the masked sign flip, 16-float vectors of two 8-float
// blocks. Instantiating the kernel bodies with it tests their 512-bit logic (two blocks
// per vector, odd block tails, four sub-block scales per vector) on CPUs without
// AVX-512; only the one-line intrinsic wrappers of the real policy stay untested there.
//
// Included only by test_emu512.cpp, compiled with AVX2 flags.
#pragma once

#include <immintrin.h>

#include <cstdint>

namespace tl {
namespace {

struct Avx512Emu {
  struct F {
    __m256 lo, hi;
  };
  struct I {
    __m256i lo, hi;
  };
  static constexpr int kFloatLanes = 16;
  static constexpr int kBytes = 64;
  static constexpr int kBlocks = 2;
  static constexpr int kRegs = 32;  // vector registers: bounds the tile shapes
  static constexpr int kMaxExactUnsigned = 255;

  template <class Op>
  static F map(F a, F b, Op op) {
    return {op(a.lo, b.lo), op(a.hi, b.hi)};
  }

  static F zero() { return {_mm256_setzero_ps(), _mm256_setzero_ps()}; }
  static F set1(float x) { return {_mm256_set1_ps(x), _mm256_set1_ps(x)}; }
  static F load(const float* p) { return {_mm256_loadu_ps(p), _mm256_loadu_ps(p + 8)}; }
  static void store(float* p, F x) {
    _mm256_storeu_ps(p, x.lo);
    _mm256_storeu_ps(p + 8, x.hi);
  }
  static F add(F a, F b) { return map(a, b, [](__m256 x, __m256 y) { return _mm256_add_ps(x, y); }); }
  static F sub(F a, F b) { return map(a, b, [](__m256 x, __m256 y) { return _mm256_sub_ps(x, y); }); }
  static F mul(F a, F b) { return map(a, b, [](__m256 x, __m256 y) { return _mm256_mul_ps(x, y); }); }
  static F div(F a, F b) { return map(a, b, [](__m256 x, __m256 y) { return _mm256_div_ps(x, y); }); }
  static F max(F a, F b) { return map(a, b, [](__m256 x, __m256 y) { return _mm256_max_ps(x, y); }); }
  static F min(F a, F b) { return map(a, b, [](__m256 x, __m256 y) { return _mm256_min_ps(x, y); }); }
  static F fma(F a, F b, F c) { return {_mm256_fmadd_ps(a.lo, b.lo, c.lo), _mm256_fmadd_ps(a.hi, b.hi, c.hi)}; }
  static __m256 round8(__m256 x) { return _mm256_round_ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
  static F round(F x) { return {round8(x.lo), round8(x.hi)}; }
  static F abs(F x) {
    const __m256 m = _mm256_set1_ps(-0.0f);
    return {_mm256_andnot_ps(m, x.lo), _mm256_andnot_ps(m, x.hi)};
  }
  static __m256 pow2i8(__m256 n) {
    const __m256i e = _mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127));
    return _mm256_castsi256_ps(_mm256_slli_epi32(e, 23));
  }
  static F pow2i(F n) { return {pow2i8(n.lo), pow2i8(n.hi)}; }
  static float hsum(F x) {
    alignas(32) float v[16];
    _mm256_store_ps(v, x.lo);
    _mm256_store_ps(v + 8, x.hi);
    // The real policy adds the halves first, then pairs: the same order here.
    float h[8];
    for (int i = 0; i < 8; ++i) h[i] = v[i] + v[i + 8];
    float q[4];
    for (int i = 0; i < 4; ++i) q[i] = h[i] + h[i + 4];
    return (q[0] + q[2]) + (q[1] + q[3]);
  }
  static float hmax(F x) {
    alignas(32) float v[16];
    _mm256_store_ps(v, x.lo);
    _mm256_store_ps(v + 8, x.hi);
    float m = v[0];
    for (float e : v) m = e > m ? e : m;
    return m;
  }
  static F load_f16(const uint16_t* p) {
    return {_mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))),
            _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 8)))};
  }
  static __m256 bf16_8(const uint16_t* p) {
    const __m256i w = _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
    return _mm256_castsi256_ps(_mm256_slli_epi32(w, 16));
  }
  static F load_bf16(const uint16_t* p) { return {bf16_8(p), bf16_8(p + 8)}; }
  static void prefetch(const void*) {}
  static void store_i8(int8_t* p, F r) {
    alignas(32) int32_t v[16];
    _mm256_store_si256(reinterpret_cast<__m256i*>(v), _mm256_cvtps_epi32(r.lo));
    _mm256_store_si256(reinterpret_cast<__m256i*>(v + 8), _mm256_cvtps_epi32(r.hi));
    for (int i = 0; i < 16; ++i) p[i] = static_cast<int8_t>(v[i]);
  }

  static __m256i load256(const void* p) { return _mm256_loadu_si256(static_cast<const __m256i*>(p)); }
  static I load_i(const void* p) { return {load256(p), load256(static_cast<const uint8_t*>(p) + 32)}; }
  static I join(const __m256i* blocks) { return {blocks[0], blocks[1]}; }
  static I load_act(const int8_t* p, int n) { return {load256(p), n == 2 ? load256(p + 32) : _mm256_setzero_si256()}; }
  // vpdpbusd lane i = sum of u8 * s8 over bytes 4i..4i+3, exact: even and odd bytes
  // widened to int16 and multiplied in vpmaddwd (no saturation in any step).
  static __m256i dpbusd8(__m256i u, __m256i s) {
    const __m256i u_even = _mm256_and_si256(u, _mm256_set1_epi16(0x00FF));
    const __m256i u_odd = _mm256_srli_epi16(u, 8);
    const __m256i s_even = _mm256_srai_epi16(_mm256_slli_epi16(s, 8), 8);
    const __m256i s_odd = _mm256_srai_epi16(s, 8);
    return _mm256_add_epi32(_mm256_madd_epi16(u_even, s_even), _mm256_madd_epi16(u_odd, s_odd));
  }
  static I dot_us(I u, I s) { return {dpbusd8(u.lo, s.lo), dpbusd8(u.hi, s.hi)}; }
  // The real policy negates a under the mask w < 0 (and keeps a where w == 0).
  static __m256i sign8(__m256i a, __m256i w) {
    return _mm256_blendv_epi8(a, _mm256_sub_epi8(_mm256_setzero_si256(), a), w);
  }
  static I apply_sign(I a, I w) { return {sign8(a.lo, w.lo), sign8(a.hi, w.hi)}; }
  static I dot_ss(I w_abs, I w, I a) { return dot_us(w_abs, apply_sign(a, w)); }
  static I abs8(I w) { return {_mm256_abs_epi8(w.lo), _mm256_abs_epi8(w.hi)}; }
  static F cvt(I x) { return {_mm256_cvtepi32_ps(x.lo), _mm256_cvtepi32_ps(x.hi)}; }
  static F spread(const float* v, int n) { return {_mm256_set1_ps(v[0]), n == 2 ? _mm256_set1_ps(v[1]) : _mm256_setzero_ps()}; }
  static __m256 widen_half(uint16_t h) { return _mm256_cvtph_ps(_mm_set1_epi16(static_cast<short>(h))); }
  static F spread_f16(const uint16_t* h, int n) { return {widen_half(h[0]), n == 2 ? widen_half(h[1]) : _mm256_setzero_ps()}; }

  static I maddubs(I u, I s) { return {_mm256_maddubs_epi16(u.lo, s.lo), _mm256_maddubs_epi16(u.hi, s.hi)}; }
  static I madd_acc(I acc, I p, I s) {
    return {_mm256_add_epi32(acc.lo, _mm256_madd_epi16(p.lo, s.lo)), _mm256_add_epi32(acc.hi, _mm256_madd_epi16(p.hi, s.hi))};
  }
  static I zero_i() { return {_mm256_setzero_si256(), _mm256_setzero_si256()}; }
  static I spread_scales16(const int16_t* s) {
    return {_mm256_setr_m128i(_mm_set1_epi16(s[0]), _mm_set1_epi16(s[1])),
            _mm256_setr_m128i(_mm_set1_epi16(s[2]), _mm_set1_epi16(s[3]))};
  }
  static F widen(__m256 x) { return {x, _mm256_setzero_ps()}; }
};

}  // namespace
}  // namespace tl

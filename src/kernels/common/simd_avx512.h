// The AVX-512 (F, BW, VL, DQ, VNNI) vector policy: the operations of simd_avx2.h on
// 512-bit registers (16 floats, two 32-byte blocks), with vpdpbusd / vpdpwssd doing the
// int8 and int16 dot products without intermediate saturation. The int8 kernels are
// registered only where the CPU has VNNI (avx512/register.cpp); the float and row
// kernels use none of it.
//
// Included only by translation units under kernels/avx512/ (compiled with those -m
// flags); anonymous namespace for the reason simd_avx2.h gives.
#pragma once

#include <immintrin.h>

#include <cstdint>

namespace tl {
namespace {

struct Avx512 {
  using F = __m512;
  using I = __m512i;
  static constexpr int kFloatLanes = 16;
  static constexpr int kBytes = 64;
  static constexpr int kBlocks = 2;
  static constexpr int kRegs = 32;  // vector registers: bounds the tile shapes
  // vpdpbusd adds four u8*s8 products straight into int32: any u8 is exact.
  static constexpr int kMaxExactUnsigned = 255;

  // ---- floats ----
  static F zero() { return _mm512_setzero_ps(); }
  static F set1(float x) { return _mm512_set1_ps(x); }
  static F load(const float* p) { return _mm512_loadu_ps(p); }
  static void store(float* p, F x) { _mm512_storeu_ps(p, x); }
  static F add(F a, F b) { return _mm512_add_ps(a, b); }
  static F sub(F a, F b) { return _mm512_sub_ps(a, b); }
  static F mul(F a, F b) { return _mm512_mul_ps(a, b); }
  static F div(F a, F b) { return _mm512_div_ps(a, b); }
  static F max(F a, F b) { return _mm512_max_ps(a, b); }
  static F min(F a, F b) { return _mm512_min_ps(a, b); }
  static F fma(F a, F b, F c) { return _mm512_fmadd_ps(a, b, c); }
  static F round(F x) { return _mm512_roundscale_ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
  static F abs(F x) { return _mm512_abs_ps(x); }
  static F pow2i(F n) {
    const __m512i e = _mm512_add_epi32(_mm512_cvtps_epi32(n), _mm512_set1_epi32(127));
    return _mm512_castsi512_ps(_mm512_slli_epi32(e, 23));
  }
  static float hsum(F x) {
    const __m256 s = _mm256_add_ps(_mm512_castps512_ps256(x), _mm512_extractf32x8_ps(x, 1));
    __m128 t = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
    t = _mm_add_ps(t, _mm_movehl_ps(t, t));
    t = _mm_add_ss(t, _mm_movehdup_ps(t));
    return _mm_cvtss_f32(t);
  }
  static float hmax(F x) { return _mm512_reduce_max_ps(x); }
  static F load_f16(const uint16_t* p) {
    return _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
  }
  static F load_bf16(const uint16_t* p) {
    const __m512i w = _mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
    return _mm512_castsi512_ps(_mm512_slli_epi32(w, 16));
  }
  static void prefetch(const void* p) { _mm_prefetch(static_cast<const char*>(p), _MM_HINT_T0); }
  static void store_i8(int8_t* p, F r) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p), _mm512_cvtepi32_epi8(_mm512_cvtps_epi32(r)));
  }

  // ---- int8 blocks ----
  static I load_i(const void* p) { return _mm512_loadu_si512(p); }
  static I join(const __m256i* blocks) {
    return _mm512_inserti64x4(_mm512_castsi256_si512(blocks[0]), blocks[1], 1);
  }
  // A tail of one block leaves the upper half zero, so its products vanish.
  static I load_act(const int8_t* p, int n) {
    if (n == 2) return load_i(p);
    return _mm512_inserti64x4(_mm512_setzero_si512(), _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)), 0);
  }
  static I dot_us(I u, I s) { return _mm512_dpbusd_epi32(_mm512_setzero_si512(), u, s); }
  // vpsignb has no 512-bit form: negate the activations where w < 0 under a mask.
  static I apply_sign(I a, I w) {
    return _mm512_mask_sub_epi8(a, _mm512_movepi8_mask(w), _mm512_setzero_si512(), a);
  }
  static I dot_ss(I w_abs, I w, I a) { return dot_us(w_abs, apply_sign(a, w)); }
  static I abs8(I w) { return _mm512_abs_epi8(w); }
  static F cvt(I x) { return _mm512_cvtepi32_ps(x); }
  static F spread(const float* v, int n) {
    const __m256 lo = _mm256_set1_ps(v[0]);
    const __m256 hi = n == 2 ? _mm256_set1_ps(v[1]) : _mm256_setzero_ps();
    return _mm512_insertf32x8(_mm512_castps256_ps512(lo), hi, 1);
  }

  // From fp16 bits: two broadcast halves widened at once (a missing block gives +0).
  static F spread_f16(const uint16_t* h, int n) {
    const __m128i lo = _mm_set1_epi16(static_cast<short>(h[0]));
    const __m128i hi = n == 2 ? _mm_set1_epi16(static_cast<short>(h[1])) : _mm_setzero_si128();
    return _mm512_cvtph_ps(_mm256_inserti128_si256(_mm256_castsi128_si256(lo), hi, 1));
  }

  // ---- int16 products for the 256-element super-blocks ----
  static I maddubs(I u, I s) { return _mm512_maddubs_epi16(u, s); }
  static I madd_acc(I acc, I p, I s) { return _mm512_dpwssd_epi32(acc, p, s); }
  static I zero_i() { return _mm512_setzero_si512(); }
  // int16 lanes [s[0] x8 | s[1] x8 | s[2] x8 | s[3] x8]: one 128-bit lane per sub-block.
  static I spread_scales16(const int16_t* s) {
    alignas(64) static constexpr uint8_t kPattern[64] = {
        0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1,  //
        2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3,  //
        4, 5, 4, 5, 4, 5, 4, 5, 4, 5, 4, 5, 4, 5, 4, 5,  //
        6, 7, 6, 7, 6, 7, 6, 7, 6, 7, 6, 7, 6, 7, 6, 7};
    int64_t quad;
    __builtin_memcpy(&quad, s, sizeof quad);
    return _mm512_shuffle_epi8(_mm512_set1_epi64(quad), _mm512_load_si512(kPattern));
  }
  static F widen(__m256 x) { return _mm512_insertf32x8(_mm512_setzero_ps(), x, 0); }
};

}  // namespace
}  // namespace tl

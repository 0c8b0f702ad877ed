// The AVX2 + FMA + F16C vector policy: the handful of operations the kernel bodies in
// this folder are written against, on 256-bit registers (8 floats, one 32-byte block).
//
// Included only by the translation units under kernels/avx2/ and kernels/avx512/, which
// compile with the matching -m flags. Everything sits in an anonymous namespace so each
// of those files keeps its own copy: an inline function shared by name would let the
// linker keep the AVX-512-compiled body for the AVX2 caller (SIGILL on AVX2-only CPUs).
#pragma once

#include <immintrin.h>

#include <cstdint>

namespace tl {
namespace {

struct Avx2 {
  using F = __m256;   // 8 floats
  using I = __m256i;  // 32 bytes
  static constexpr int kFloatLanes = 8;
  static constexpr int kBytes = 32;
  static constexpr int kBlocks = 1;  // 32-element quant blocks per int vector
  static constexpr int kRegs = 16;  // vector registers: bounds the tile shapes
  // vpmaddubsw sums pairs of u8*s8 into int16 and saturates: u <= 128 with |s| <= 127
  // stays below 32767. Wider unsigned weights take the sign trick instead.
  static constexpr int kMaxExactUnsigned = 128;

  // ---- floats ----
  static F zero() { return _mm256_setzero_ps(); }
  static F set1(float x) { return _mm256_set1_ps(x); }
  static F load(const float* p) { return _mm256_loadu_ps(p); }
  static void store(float* p, F x) { _mm256_storeu_ps(p, x); }
  static F add(F a, F b) { return _mm256_add_ps(a, b); }
  static F sub(F a, F b) { return _mm256_sub_ps(a, b); }
  static F mul(F a, F b) { return _mm256_mul_ps(a, b); }
  static F div(F a, F b) { return _mm256_div_ps(a, b); }
  static F max(F a, F b) { return _mm256_max_ps(a, b); }
  static F min(F a, F b) { return _mm256_min_ps(a, b); }
  static F fma(F a, F b, F c) { return _mm256_fmadd_ps(a, b, c); }  // a*b + c
  static F round(F x) { return _mm256_round_ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
  static F abs(F x) { return _mm256_andnot_ps(_mm256_set1_ps(-0.0f), x); }
  // 2^n for integral n in [-126, 127], by building the exponent field.
  static F pow2i(F n) {
    const __m256i e = _mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127));
    return _mm256_castsi256_ps(_mm256_slli_epi32(e, 23));
  }
  static float hsum(F x) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(x), _mm256_extractf128_ps(x, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
  }
  static float hmax(F x) {
    __m128 s = _mm_max_ps(_mm256_castps256_ps128(x), _mm256_extractf128_ps(x, 1));
    s = _mm_max_ps(s, _mm_movehl_ps(s, s));
    s = _mm_max_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
  }
  static F load_f16(const uint16_t* p) {
    return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
  }
  // bf16 is the high half of an f32: widening and shifting is exact.
  static F load_bf16(const uint16_t* p) {
    const __m256i w = _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
    return _mm256_castsi256_ps(_mm256_slli_epi32(w, 16));
  }
  static void prefetch(const void* p) { _mm_prefetch(static_cast<const char*>(p), _MM_HINT_T0); }
  // Stores the 8 integral values of r (|r| <= 127) as int8.
  static void store_i8(int8_t* p, F r) {
    const __m256i i = _mm256_cvtps_epi32(r);
    const __m128i w = _mm_packs_epi32(_mm256_castsi256_si128(i), _mm256_extracti128_si256(i, 1));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(p), _mm_packs_epi16(w, w));
  }

  // ---- int8 blocks ----
  static I load_i(const void* p) { return _mm256_loadu_si256(static_cast<const I*>(p)); }
  // One vector of kBlocks unpacked 32-byte blocks (blocks[1..] absent here).
  static I join(const __m256i* blocks) { return blocks[0]; }
  // Activation bytes of `n` <= kBlocks blocks.
  static I load_act(const int8_t* p, int) { return load_i(p); }
  // Per-lane int32 sums of u8*s8 products, every lane inside one 32-element block.
  static I dot_us(I u, I s) { return _mm256_madd_epi16(_mm256_maddubs_epi16(u, s), _mm256_set1_epi16(1)); }
  // The same for signed weights, from |w| (precomputed per weight row) and w's signs.
  static I dot_ss(I w_abs, I w, I a) { return dot_us(w_abs, _mm256_sign_epi8(a, w)); }
  static I abs8(I w) { return _mm256_abs_epi8(w); }
  static F cvt(I x) { return _mm256_cvtepi32_ps(x); }
  // [v[0] x8 | v[1] x8 ...]: one float per block, spread over that block's lanes.
  static F spread(const float* v, int) { return _mm256_set1_ps(v[0]); }
  // The same from fp16 bits: broadcast the half, then one exact widening.
  static F spread_f16(const uint16_t* h, int) { return _mm256_cvtph_ps(_mm_set1_epi16(static_cast<short>(h[0]))); }

  // ---- int16 products for the 256-element super-blocks ----
  static I maddubs(I u, I s) { return _mm256_maddubs_epi16(u, s); }
  static I apply_sign(I a, I w) { return _mm256_sign_epi8(a, w); }
  // acc + pairwise int16 products summed to int32.
  static I madd_acc(I acc, I p, I s) { return _mm256_add_epi32(acc, _mm256_madd_epi16(p, s)); }
  static I zero_i() { return _mm256_setzero_si256(); }
  // int16 lanes [s[0] x8 | s[1] x8]: the scales of two 16-element sub-blocks.
  static I spread_scales16(const int16_t* s) {
    int32_t pair;
    __builtin_memcpy(&pair, s, sizeof pair);
    const __m256i pattern = _mm256_setr_epi8(0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1,  //
                                             2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3);
    return _mm256_shuffle_epi8(_mm256_set1_epi32(pair), pattern);
  }
  // Widens a 256-bit float vector to this policy's width (upper lanes zero).
  static F widen(__m256 x) { return x; }
};

}  // namespace
}  // namespace tl

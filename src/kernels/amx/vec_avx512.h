// VecAvx512: the 16-lane vector policy of the AMX kernel bodies on AVX-512 (F, BW, VL,
// DQ, VNNI, BF16), for the real-AMX level: simd_avx512.h's policy (shared with the avx512
// kernels, and what kernels/common/act_quant.h quantizes with) plus the byte, pair and
// bf16 operations the AMX layouts need. Lane for lane the same results as
// VecPortable (vec_portable.h).
//
// Included only by the translation unit compiled with the AMX and AVX-512 flags;
// anonymous namespace: see kernels/common/simd_avx2.h.
#pragma once

#include <immintrin.h>

#include <cstdint>
#include <cstring>

#include "kernels/common/simd_avx512.h"

namespace tl {
namespace {

struct VecAvx512 : Avx512 {
  using B = __m512i;
  using Act = Avx512;  // the activations' quantizer (act_quant.h)
  static constexpr int kPanelTokens = 8;  // panel_vector.h's token tile
  static constexpr int kDecodePanels = 4;  // and its decode tile

  static void store_n(float* p, F x, int n) {
    _mm512_mask_storeu_ps(p, static_cast<__mmask16>((1u << n) - 1u), x);
  }
  static F load_h16(const uint16_t* p) { return load_f16(p); }
  // Lanes [0, n) of x, the others of fill.
  static F first_n(F x, int n, F fill) {
    return _mm512_mask_mov_ps(fill, static_cast<__mmask16>((1u << n) - 1u), x);
  }
  static F load_u8(const uint8_t* p) {
    return _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))));
  }
  static I dpbusd(I acc, B u, B s) { return _mm512_dpbusd_epi32(acc, u, s); }

  static B load_b(const void* p) { return _mm512_loadu_si512(p); }
  static void store_b(void* p, B x) { _mm512_storeu_si512(p, x); }
  static B nib_lo(B x) { return _mm512_and_si512(x, _mm512_set1_epi8(0x0F)); }
  static B nib_hi(B x) { return _mm512_and_si512(_mm512_srli_epi16(x, 4), _mm512_set1_epi8(0x0F)); }
  static B or_b(B a, B b) { return _mm512_or_si512(a, b); }
  static B xor_b(B a, uint8_t k) { return _mm512_xor_si512(a, _mm512_set1_epi8(static_cast<char>(k))); }
  static B sub_b(B a, uint8_t k) { return _mm512_sub_epi8(a, _mm512_set1_epi8(static_cast<char>(k))); }
  static B bits_b(uint64_t mask, uint8_t v) {
    return _mm512_maskz_mov_epi8(_cvtu64_mask64(mask), _mm512_set1_epi8(static_cast<char>(v)));
  }
  static B bcast4(const int8_t* p) {
    int32_t x;
    std::memcpy(&x, p, sizeof x);
    return _mm512_set1_epi32(x);
  }

  static F bf16_lo(I x) { return _mm512_castsi512_ps(_mm512_slli_epi32(x, 16)); }
  static F bf16_hi(I x) { return _mm512_castsi512_ps(_mm512_and_si512(x, _mm512_set1_epi32(static_cast<int>(0xFFFF0000u)))); }
  static F f16_lo(I x) { return _mm512_cvtph_ps(_mm512_cvtepi32_epi16(x)); }
  static F f16_hi(I x) { return _mm512_cvtph_ps(_mm512_cvtepi32_epi16(_mm512_srli_epi32(x, 16))); }
  // bf16 bits (low 16 bits of each lane) of x, nearest-even, NaN quieted, as
  // VecPortable::bf16_bits.
  static I bf16_bits(F x) {
    const __m512i u = _mm512_castps_si512(x);
    const __m512i lsb = _mm512_and_si512(_mm512_srli_epi32(u, 16), _mm512_set1_epi32(1));
    const __m512i rounded = _mm512_srli_epi32(_mm512_add_epi32(u, _mm512_add_epi32(_mm512_set1_epi32(0x7FFF), lsb)), 16);
    const __mmask16 nan = _mm512_cmpgt_epu32_mask(_mm512_and_si512(u, _mm512_set1_epi32(0x7FFFFFFF)),
                                                  _mm512_set1_epi32(0x7F800000));
    const __m512i quiet = _mm512_or_si512(_mm512_srli_epi32(u, 16), _mm512_set1_epi32(64));
    return _mm512_mask_mov_epi32(rounded, nan, quiet);
  }
  static F bf16_round(F x) { return _mm512_castsi512_ps(_mm512_slli_epi32(bf16_bits(x), 16)); }
  static I pack_bf16(F lo, F hi) { return _mm512_or_si512(_mm512_slli_epi32(bf16_bits(hi), 16), bf16_bits(lo)); }
  // Byte e of every 32-bit lane, zero-extended.
  static I byte_lane(B x, int e) { return _mm512_and_si512(_mm512_srli_epi32(x, 8 * e), _mm512_set1_epi32(0xFF)); }
  // pack_bf16 for finite, normal-or-zero inputs (dequantized weights): vcvtne2ps2bf16
  // rounds to nearest even as bf16_bits does, then the words are paired per lane.
  static I pack_bf16_finite(F lo, F hi) {
    const __m512i pairs = _mm512_set_epi16(31, 15, 30, 14, 29, 13, 28, 12, 27, 11, 26, 10, 25, 9, 24, 8, 23, 7, 22, 6,
                                           21, 5, 20, 4, 19, 3, 18, 2, 17, 1, 16, 0);
    return _mm512_permutexvar_epi16(pairs, (__m512i)_mm512_cvtne2ps_pbh(hi, lo));
  }
  static I cvt_round(F x) { return _mm512_cvtps_epi32(x); }  // MXCSR default: nearest-even
  // As VecPortable::pack_s8x4: saturating packs give, per 128-bit lane (columns 4j..4j+3),
  // e0's four bytes, e1's, e2's, e3's; the shuffle turns that 4 x 4 byte block around.
  static B pack_s8x4(I e0, I e1, I e2, I e3) {
    const __m512i bytes = _mm512_packs_epi16(_mm512_packs_epi32(e0, e1), _mm512_packs_epi32(e2, e3));
    const __m512i order = _mm512_set4_epi32(0x0F0B0703, 0x0E0A0602, 0x0D090501, 0x0C080400);
    return _mm512_shuffle_epi8(bytes, order);
  }
  // As VecPortable::nibble_tables: P_g = pack_s8x4(e[4g .. 4g + 3]) holds, per 128-bit
  // lane, column i's bytes v = 4g .. 4g + 3 in dword i; t[i] gathers dword i of P_0 .. P_3
  // (a 4 x 4 dword transpose per lane).
  static void nibble_tables(const I (&e)[16], B (&t)[4]) {
    const __m512i p0 = pack_s8x4(e[0], e[1], e[2], e[3]);
    const __m512i p1 = pack_s8x4(e[4], e[5], e[6], e[7]);
    const __m512i p2 = pack_s8x4(e[8], e[9], e[10], e[11]);
    const __m512i p3 = pack_s8x4(e[12], e[13], e[14], e[15]);
    const __m512i lo01 = _mm512_unpacklo_epi32(p0, p1), hi01 = _mm512_unpackhi_epi32(p0, p1);
    const __m512i lo23 = _mm512_unpacklo_epi32(p2, p3), hi23 = _mm512_unpackhi_epi32(p2, p3);
    t[0] = _mm512_unpacklo_epi64(lo01, lo23);
    t[1] = _mm512_unpackhi_epi64(lo01, lo23);
    t[2] = _mm512_unpacklo_epi64(hi01, hi23);
    t[3] = _mm512_unpackhi_epi64(hi01, hi23);
  }
  // As VecPortable::lookup_nibbles: vpshufb looks up within 128-bit lanes, so column i
  // of each lane (bytes 4 i .. 4 i + 3) takes t[i] under a mask.
  static B lookup_nibbles(const B (&t)[4], B u) {
    __m512i r = _mm512_shuffle_epi8(t[0], u);
    r = _mm512_mask_shuffle_epi8(r, _cvtu64_mask64(0x00F000F000F000F0ull), t[1], u);
    r = _mm512_mask_shuffle_epi8(r, _cvtu64_mask64(0x0F000F000F000F00ull), t[2], u);
    return _mm512_mask_shuffle_epi8(r, _cvtu64_mask64(0xF000F000F000F000ull), t[3], u);
  }
  static void store_i(void* p, I x) { _mm512_storeu_si512(p, x); }
  static void store_bf16(uint16_t* p, F x) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), _mm512_cvtepi32_epi16(bf16_bits(x)));
  }
};

}  // namespace
}  // namespace tl

// Per-type "unpack a block to int8 + scales" traits for the x86 matmul bodies, written
// once with 256-bit AVX2 intrinsics (one 32-element block or chunk per register) and
// shared by the AVX2 and AVX-512 files, which include this header under their own -m
// flags (anonymous namespace: see simd_avx2.h).
//
// Three families:
//  - 32-element blocks (Q4_0 .. Q8_0, IQ4_NL): unpack() gives unsigned bytes u with
//    w = u - kOffset (so vpmaddubsw / vpdpbusd take them as the unsigned operand); types
//    whose u reaches past 128 also give unpack_signed() = u - 128 for the sign trick.
//    y = scale * w (+ min). scale() and min() give the fp16 bits: the kernels widen them
//    already broadcast (V::spread_f16), one vcvtph2ps per vector instead of per block.
//  - 256-element super-blocks (Q2_K .. Q6_K, IQ4_XS): 256 bytes in element order, one
//    int16 scale and one int16 "min" per 16 elements (32-element sub-blocks repeat theirs):
//      y_e = d * sc[e/16] * u_e - dmin * mn[e/16]
//    kSigned types (IQ4_XS) give signed values and no mins.
//  - plain float types: a load of one vector's worth of floats.
#pragma once

#include <immintrin.h>

#include <cstdint>
#include <cstring>

#include "tensor/blocks.h"

namespace tl {
namespace {

inline float half_to_float(uint16_t h) { return _cvtsh_ss(h); }

// Q4_0 nibble order: element j < 16 is the low nibble of qs[j], j + 16 its high nibble.
// The 16 bytes go to both 128-bit lanes in one load (vbroadcasti128) and one variable
// shift moves the upper lane's high nibbles down: 3 instructions instead of 5, which
// matters at decode, where unpacking is a third of the work per block.
inline __m256i unpack_nibbles(const uint8_t* qs) {
  const __m256i x = _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(qs)));
  const __m256i shifted = _mm256_srlv_epi64(x, _mm256_setr_epi64x(0, 0, 4, 4));
  return _mm256_and_si256(shifted, _mm256_set1_epi8(0x0F));
}

// Byte j = 0x10 where bit j of the little-endian 32-bit qh is set, else 0.
inline __m256i unpack_fifth_bits(const uint8_t* qh) {
  uint32_t h;
  std::memcpy(&h, qh, sizeof h);
  const __m256i pick = _mm256_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,  //
                                        2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3);
  const __m256i bit = _mm256_set1_epi64x(static_cast<int64_t>(0x8040201008040201ULL));
  const __m256i bytes = _mm256_shuffle_epi8(_mm256_set1_epi32(static_cast<int32_t>(h)), pick);
  const __m256i set = _mm256_cmpeq_epi8(_mm256_and_si256(bytes, bit), bit);
  return _mm256_and_si256(set, _mm256_set1_epi8(0x10));
}

// The IQ4 levels indexed by a nibble, through vpshufb on each 128-bit half.
inline __m256i lookup_nibbles(const uint8_t* qs, const int8_t* table16) {
  const __m128i t = _mm_loadu_si128(reinterpret_cast<const __m128i*>(table16));
  const __m256i idx = unpack_nibbles(qs);
  return _mm256_shuffle_epi8(_mm256_inserti128_si256(_mm256_castsi128_si256(t), t, 1), idx);
}

// kIq4nlValues + 128: the same levels as unsigned bytes (offset 128).
alignas(16) constexpr int8_t kIq4nlUnsigned[16] = {
    1, 24, 45, 63, 79, 93, 106, 118, -127, -115, -103, -90, -75, -59, -39, -15};

// ---- 32-element blocks -------------------------------------------------------------

struct UnpackQ4_0 {
  using Block = BlockQ4_0;
  static constexpr int kOffset = 8;
  static constexpr int kMaxU = 15;
  static constexpr bool kHasMin = false;
  static __m256i unpack(const Block& b) { return unpack_nibbles(b.qs); }
  static uint16_t scale(const Block& b) { return b.d; }
  static uint16_t min(const Block&) { return 0; }
};

struct UnpackQ4_1 {
  using Block = BlockQ4_1;
  static constexpr int kOffset = 0;
  static constexpr int kMaxU = 15;
  static constexpr bool kHasMin = true;
  static __m256i unpack(const Block& b) { return unpack_nibbles(b.qs); }
  static uint16_t scale(const Block& b) { return b.d; }
  static uint16_t min(const Block& b) { return b.m; }
};

struct UnpackQ5_0 {
  using Block = BlockQ5_0;
  static constexpr int kOffset = 16;
  static constexpr int kMaxU = 31;
  static constexpr bool kHasMin = false;
  static __m256i unpack(const Block& b) { return _mm256_or_si256(unpack_nibbles(b.qs), unpack_fifth_bits(b.qh)); }
  static uint16_t scale(const Block& b) { return b.d; }
  static uint16_t min(const Block&) { return 0; }
};

struct UnpackQ5_1 {
  using Block = BlockQ5_1;
  static constexpr int kOffset = 0;
  static constexpr int kMaxU = 31;
  static constexpr bool kHasMin = true;
  static __m256i unpack(const Block& b) { return _mm256_or_si256(unpack_nibbles(b.qs), unpack_fifth_bits(b.qh)); }
  static uint16_t scale(const Block& b) { return b.d; }
  static uint16_t min(const Block& b) { return b.m; }
};

struct UnpackQ8_0 {
  using Block = BlockQ8_0;
  static constexpr int kOffset = 128;
  static constexpr int kMaxU = 255;
  static constexpr bool kHasMin = false;
  static __m256i unpack_signed(const Block& b) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b.qs)); }
  static __m256i unpack(const Block& b) { return _mm256_xor_si256(unpack_signed(b), _mm256_set1_epi8(-128)); }
  static uint16_t scale(const Block& b) { return b.d; }
  static uint16_t min(const Block&) { return 0; }
};

struct UnpackIQ4_NL {
  using Block = BlockIQ4_NL;
  static constexpr int kOffset = 128;
  static constexpr int kMaxU = 241;
  static constexpr bool kHasMin = false;
  static __m256i unpack_signed(const Block& b) { return lookup_nibbles(b.qs, kIq4nlValues); }
  static __m256i unpack(const Block& b) { return lookup_nibbles(b.qs, kIq4nlUnsigned); }
  static uint16_t scale(const Block& b) { return b.d; }
  static uint16_t min(const Block&) { return 0; }
};

// ---- 256-element super-blocks ------------------------------------------------------

// What a super-block unpacks to. q: (256) bytes in element order; sc, mn: (16) int16.
struct SuperBlock {
  alignas(64) uint8_t q[256];
  alignas(32) int16_t sc[16];
  alignas(32) int16_t mn[16];
  float d;
  float dmin;
};

// Bits [shift, shift + width) of every byte of 32 bytes at p.
inline __m256i bit_field(const uint8_t* p, int shift, int mask) {
  const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  // A 16-bit shift moves neighbouring bits only above the mask, which drops them.
  return _mm256_and_si256(_mm256_srl_epi16(x, _mm_cvtsi32_si128(shift)), _mm256_set1_epi8(static_cast<char>(mask)));
}

inline void store32(uint8_t* dst, __m256i x) { _mm256_store_si256(reinterpret_cast<__m256i*>(dst), x); }

// Stores 16 bytes as 16 int16: (16) u8 or i8 -> (16) int16.
inline void store_scales_u8(int16_t* dst, __m128i x) {
  _mm256_store_si256(reinterpret_cast<__m256i*>(dst), _mm256_cvtepu8_epi16(x));
}
// The same for 8 bytes, each repeated for the two 16-element halves of its sub-block.
inline void store_scales_u8_x2(int16_t* dst, uint64_t bytes8) {
  const __m128i x = _mm_cvtsi64_si128(static_cast<int64_t>(bytes8));
  store_scales_u8(dst, _mm_unpacklo_epi8(x, x));
}

// The 8 six-bit scales and 8 mins of a Q4_K / Q5_K block (layout in tensor/quant_k.cpp's
// k_scale_min), decoded four at a time in 32-bit words: w0, w1, w2 = bytes 0-3, 4-7, 8-11.
//   scales 0-3 = w0 & 63            scales 4-7 = (w2 & 15)        | (w0 >> 6) << 4
//   mins   0-3 = w1 & 63            mins   4-7 = ((w2 >> 4) & 15) | (w1 >> 6) << 4
inline void k_scales_mins(const uint8_t* packed, uint64_t* scales8, uint64_t* mins8) {
  uint32_t w[3];
  std::memcpy(w, packed, sizeof w);
  const uint32_t low6 = 0x3F3F3F3F, low4 = 0x0F0F0F0F, low2 = 0x03030303;
  const uint32_t sc_lo = w[0] & low6;
  const uint32_t sc_hi = (w[2] & low4) | (((w[0] >> 6) & low2) << 4);
  const uint32_t mn_lo = w[1] & low6;
  const uint32_t mn_hi = ((w[2] >> 4) & low4) | (((w[1] >> 6) & low2) << 4);
  *scales8 = sc_lo | static_cast<uint64_t>(sc_hi) << 32;
  *mins8 = mn_lo | static_cast<uint64_t>(mn_hi) << 32;
}

struct UnpackQ2_K {
  using Block = BlockQ2_K;
  static constexpr bool kSigned = false;
  static constexpr bool kHasMins = true;
  // Element 128n + 32j + l: bits 2j..2j+1 of qs[32n + l].
  static void unpack(const Block& b, SuperBlock& s) {
    for (int c = 0; c < 8; ++c) store32(s.q + 32 * c, bit_field(b.qs + 32 * (c / 4), 2 * (c % 4), 3));
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b.scales));
    const __m128i low4 = _mm_set1_epi8(0x0F);
    store_scales_u8(s.sc, _mm_and_si128(x, low4));
    store_scales_u8(s.mn, _mm_and_si128(_mm_srli_epi16(x, 4), low4));
    s.d = half_to_float(b.d);
    s.dmin = half_to_float(b.dmin);
  }
};

struct UnpackQ3_K {
  using Block = BlockQ3_K;
  static constexpr bool kSigned = false;
  static constexpr bool kHasMins = true;
  // u = low2 + 4 * high in [0, 7] and w = u - 4; the offset goes to the mins as 4 * sc.
  static void unpack(const Block& b, SuperBlock& s) {
    for (int c = 0; c < 8; ++c) {
      const __m256i low = bit_field(b.qs + 32 * (c / 4), 2 * (c % 4), 3);
      const __m256i high = bit_field(b.hmask, c, 1);
      store32(s.q + 32 * c, _mm256_or_si256(low, _mm256_slli_epi16(high, 2)));
    }
    // Scale i: low 4 bits from byte i % 8 (low nibble for i < 8, high after), high 2
    // bits from byte 8 + i % 4 at bit 2 (i / 4); four scales per 32-bit word (w0 = bytes
    // 0-3, w1 = 4-7, w2 = 8-11), each then biased by -32.
    uint32_t w[3];
    std::memcpy(w, b.scales, sizeof w);
    const uint32_t low4 = 0x0F0F0F0F, low2 = 0x03030303;
    const __m128i words = _mm_setr_epi32(
        static_cast<int>((w[0] & low4) | ((w[2] & low2) << 4)), static_cast<int>((w[1] & low4) | (((w[2] >> 2) & low2) << 4)),
        static_cast<int>(((w[0] >> 4) & low4) | (((w[2] >> 4) & low2) << 4)),
        static_cast<int>(((w[1] >> 4) & low4) | (((w[2] >> 6) & low2) << 4)));
    const __m256i sc = _mm256_sub_epi16(_mm256_cvtepu8_epi16(words), _mm256_set1_epi16(32));
    _mm256_store_si256(reinterpret_cast<__m256i*>(s.sc), sc);
    _mm256_store_si256(reinterpret_cast<__m256i*>(s.mn), _mm256_slli_epi16(sc, 2));
    s.d = half_to_float(b.d);
    s.dmin = s.d;
  }
};

// Q4_K / Q5_K: the packed 6-bit scales and mins, and the super-block d and dmin.
template <class KBlock>
void k_scales_to(const KBlock& b, SuperBlock& s) {
  uint64_t sc8, mn8;
  k_scales_mins(b.scales, &sc8, &mn8);
  store_scales_u8_x2(s.sc, sc8);
  store_scales_u8_x2(s.mn, mn8);
  s.d = half_to_float(b.d);
  s.dmin = half_to_float(b.dmin);
}

struct UnpackQ4_K {
  using Block = BlockQ4_K;
  static constexpr bool kSigned = false;
  static constexpr bool kHasMins = true;
  static void unpack(const Block& b, SuperBlock& s) {
    for (int j = 0; j < 8; ++j) {
      store32(s.q + 32 * j, bit_field(b.qs + 32 * (j / 2), 4 * (j % 2), 0x0F));
    }
    k_scales_to(b, s);
  }
};

struct UnpackQ5_K {
  using Block = BlockQ5_K;
  static constexpr bool kSigned = false;
  static constexpr bool kHasMins = true;
  static void unpack(const Block& b, SuperBlock& s) {
    for (int j = 0; j < 8; ++j) {
      const __m256i low = bit_field(b.qs + 32 * (j / 2), 4 * (j % 2), 0x0F);
      const __m256i high = bit_field(b.qh, j, 1);
      store32(s.q + 32 * j, _mm256_or_si256(low, _mm256_slli_epi16(high, 4)));
    }
    k_scales_to(b, s);
  }
};

struct UnpackQ6_K {
  using Block = BlockQ6_K;
  static constexpr bool kSigned = false;
  static constexpr bool kHasMins = true;
  // u = low4 | high2 << 4 in [0, 63] and w = u - 32; the offset goes to the mins.
  static void unpack(const Block& b, SuperBlock& s) {
    for (int c = 0; c < 8; ++c) {
      const int h = c / 4;
      const int g = c % 4;
      const __m256i low = bit_field(b.ql + 64 * h + 32 * (g % 2), 4 * (g / 2), 0x0F);
      const __m256i high = bit_field(b.qh + 32 * h, 2 * g, 3);
      store32(s.q + 32 * c, _mm256_or_si256(low, _mm256_slli_epi16(high, 4)));
    }
    const __m256i sc = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(b.scales)));
    _mm256_store_si256(reinterpret_cast<__m256i*>(s.sc), sc);
    _mm256_store_si256(reinterpret_cast<__m256i*>(s.mn), _mm256_slli_epi16(sc, 5));
    s.d = half_to_float(b.d);
    s.dmin = s.d;
  }
};

struct UnpackIQ4_XS {
  using Block = BlockIQ4_XS;
  static constexpr bool kSigned = true;
  static constexpr bool kHasMins = false;
  static void unpack(const Block& b, SuperBlock& s) {
    for (int j = 0; j < 8; ++j) {
      store32(s.q + 32 * j, lookup_nibbles(b.qs + 16 * j, kIq4nlValues));
      const int ls = ((b.scales_l[j / 2] >> (4 * (j % 2))) & 0x0F) | (((b.scales_h >> (2 * j)) & 3) << 4);
      s.sc[2 * j] = s.sc[2 * j + 1] = static_cast<int16_t>(ls - 32);
      s.mn[2 * j] = s.mn[2 * j + 1] = 0;
    }
    s.d = half_to_float(b.d);
    s.dmin = 0.0f;
  }
};

// ---- plain floats ------------------------------------------------------------------

struct LoadF32 {
  using Elem = float;
  template <class V>
  static typename V::F load(const Elem* p) { return V::load(p); }
  static float at(const Elem* p, int64_t k) { return p[k]; }
};

struct LoadF16 {
  using Elem = uint16_t;
  template <class V>
  static typename V::F load(const Elem* p) { return V::load_f16(p); }
  static float at(const Elem* p, int64_t k) { return half_to_float(p[k]); }
};

struct LoadBF16 {
  using Elem = uint16_t;
  template <class V>
  static typename V::F load(const Elem* p) { return V::load_bf16(p); }
  static float at(const Elem* p, int64_t k) {
    const uint32_t bits = static_cast<uint32_t>(p[k]) << 16;
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
  }
};

}  // namespace
}  // namespace tl

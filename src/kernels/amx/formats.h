// Per-type traits of the int8 AMX layouts (layout.h): how a block's bytes become the
// unsigned bytes u of vpdpbusd or the signed bytes of a tdpbssd B tile, and where the
// scales are. Written once against a vector policy V (vec_portable.h, vec_avx512.h).
//
// Every type reads as  y = ws * (u - kOffset) + wm  per (column, block of 32), with
// ws, wm vectors over the panel's 16 columns:
//   Q8_0 (and Q6_K requantized)  u = q + 128, kOffset 128, ws = d
//   Q4_0                         u = q,       kOffset 8,   ws = d
//   Q4_1                         u = q,       kOffset 0,   ws = d,        wm = m
//   Q4_K, Q5_K                   u = q,       kOffset 0,   ws = d * sc_j, wm = -dmin * mn_j
// d * sc_j is exact in f32 (11 + 6 significant bits), as dmin * mn_j.
//
// Included by the kernel translation units only; anonymous namespace.
#pragma once

#include <cstdint>
#include <cstring>

#include "kernels/amx/layout.h"

namespace tl {
namespace {

// Nibble blocks: rows r and r + 4 from one 64-byte load.
template <class V>
void unpack_nibbles(const uint8_t* q, typename V::B (&u)[8]) {
  #pragma GCC unroll 4
  for (int h = 0; h < 4; ++h) {
    const typename V::B x = V::load_b(q + 64 * h);
    u[h] = V::nib_lo(x);
    u[h + 4] = V::nib_hi(x);
  }
}

// Per-block fp16 scale (and min) arrays: 16 d per block, or 16 d then 16 m.
template <class V, int kStride>
void block_scales(const uint8_t* scale_area, int64_t b, typename V::F& ws) {
  ws = V::load_h16(reinterpret_cast<const uint16_t*>(scale_area + kStride * b));
}

// Q4_K / Q5_K: per super-block of 8 blocks, 16 d | 16 dmin (fp16) | 8 x 16 sc | 8 x 16 mn.
template <class V>
void k_scales(const uint8_t* scale_area, int64_t b, typename V::F& ws, typename V::F& wm) {
  const uint8_t* s = scale_area + 320 * (b / 8);
  const int j = static_cast<int>(b % 8);
  const typename V::F d = V::load_h16(reinterpret_cast<const uint16_t*>(s));
  const typename V::F dmin = V::load_h16(reinterpret_cast<const uint16_t*>(s + 32));
  ws = V::mul(d, V::load_u8(s + 64 + 16 * j));
  wm = V::mul(V::mul(dmin, V::load_u8(s + 192 + 16 * j)), V::set1(-1.0f));
}

// Block b of a panel as y = ws * u + bias (bias = wm - ws * kOffset) over its unsigned
// bytes u: the form the weight converters of the wide tile path compute in f32.
template <class Fmt, class V>
void affine_scales(const uint8_t* scale_area, int64_t b, typename V::F& ws, typename V::F& bias) {
  typename V::F wm = V::zero();
  Fmt::template scales<V>(scale_area, b, ws, wm);
  bias = Fmt::kOffset ? V::fma(ws, V::set1(-static_cast<float>(Fmt::kOffset)), wm) : wm;
}

struct FmtQ8_0 {
  static constexpr int kMaxU = 255;  // largest unsigned weight byte u
  static constexpr bool kDirect = true;  // the quant bytes are the signed B tile
  static constexpr int kOffset = 128;
  static constexpr bool kHasMin = false;
  template <class V>
  static void unpack_u(const uint8_t* q, typename V::B (&u)[8]) {
    #pragma GCC unroll 8
    for (int r = 0; r < 8; ++r) u[r] = V::xor_b(V::load_b(q + 64 * r), 0x80);
  }
  template <class V>
  static void unpack_s(const uint8_t*, int8_t*) {}
  template <class V>
  static void scales(const uint8_t* s, int64_t b, typename V::F& ws, typename V::F&) {
    block_scales<V, 32>(s, b, ws);
  }
};

// Q8_0 for policies whose vpdpbusd is exact only below 128 (AVX2's vpmaddubsw): the
// panel's signed bytes w as they are; the kernel multiplies |w| by the activations with
// w's signs (panel_vector.h, kSigned).
struct FmtQ8_0Signed {
  static constexpr int kMaxU = 128;  // |w|, read as unsigned (w = -128 gives 128)
  static constexpr bool kSigned = true;
  static constexpr bool kDirect = true;
  static constexpr int kOffset = 0;
  static constexpr bool kHasMin = false;
  template <class V>
  static void unpack_u(const uint8_t* q, typename V::B (&u)[8]) {
    #pragma GCC unroll 8
    for (int r = 0; r < 8; ++r) u[r] = V::load_b(q + 64 * r);
  }
  template <class V>
  static void scales(const uint8_t* s, int64_t b, typename V::F& ws, typename V::F&) {
    block_scales<V, 32>(s, b, ws);
  }
};

// The signed tile of a nibble type: u - kOffset, 8 rows of 64 bytes.
template <class V, int kOffset>
void store_signed(const typename V::B (&u)[8], int8_t* dst) {
  #pragma GCC unroll 8
  for (int r = 0; r < 8; ++r) V::store_b(dst + 64 * r, kOffset ? V::sub_b(u[r], kOffset) : u[r]);
}

// The nibble formats' common part: u from the 4-bit layout (Self may widen it), and the
// signed tile u - kOffset.
template <class Self>
struct NibbleFormat {
  static constexpr bool kDirect = false;
  template <class V>
  static void unpack_u(const uint8_t* q, typename V::B (&u)[8]) { unpack_nibbles<V>(q, u); }
  template <class V>
  static void unpack_s(const uint8_t* q, int8_t* dst) {
    typename V::B u[8];
    Self::template unpack_u<V>(q, u);
    store_signed<V, Self::kOffset>(u, dst);
  }
};

struct FmtQ4_0 : NibbleFormat<FmtQ4_0> {
  static constexpr int kMaxU = 15;  // largest unsigned weight byte u
  static constexpr int kOffset = 8;
  static constexpr bool kHasMin = false;
  template <class V>
  static void scales(const uint8_t* s, int64_t b, typename V::F& ws, typename V::F&) {
    block_scales<V, 32>(s, b, ws);
  }
};

struct FmtQ4_1 : NibbleFormat<FmtQ4_1> {
  static constexpr int kMaxU = 15;
  static constexpr int kOffset = 0;
  static constexpr bool kHasMin = true;
  template <class V>
  static void scales(const uint8_t* s, int64_t b, typename V::F& ws, typename V::F& wm) {
    block_scales<V, 64>(s, b, ws);
    block_scales<V, 64>(s + 32, b, wm);
  }
};

struct FmtQ4_K : NibbleFormat<FmtQ4_K> {
  static constexpr int kMaxU = 15;
  static constexpr int kOffset = 0;
  static constexpr bool kHasMin = true;
  template <class V>
  static void scales(const uint8_t* s, int64_t b, typename V::F& ws, typename V::F& wm) {
    k_scales<V>(s, b, ws, wm);
  }
};

struct FmtQ5_K : NibbleFormat<FmtQ5_K> {
  static constexpr int kMaxU = 31;
  static constexpr int kOffset = 0;
  static constexpr bool kHasMin = true;
  // The nibbles plus the fifth bits (layout.h).
  template <class V>
  static void unpack_u(const uint8_t* q, typename V::B (&u)[8]) {
    unpack_nibbles<V>(q, u);
    #pragma GCC unroll 8
    for (int r = 0; r < 8; ++r) {
      uint64_t bits;
      std::memcpy(&bits, q + 256 + 8 * r, sizeof bits);
      u[r] = V::or_b(u[r], V::bits_b(bits, 16));
    }
  }
  template <class V>
  static void scales(const uint8_t* s, int64_t b, typename V::F& ws, typename V::F& wm) {
    k_scales<V>(s, b, ws, wm);
  }
};

}  // namespace
}  // namespace tl

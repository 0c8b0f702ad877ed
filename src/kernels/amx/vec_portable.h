// VecPortable: the 16-lane vector policy of the AMX kernel bodies in plain C++ (arrays
// the compiler may vectorize with whatever the baseline allows), for the emulated
// level. It computes exactly what VecAvx512 (vec_avx512.h) computes: the same lane
// operations, fma fused (std::fma), conversions rounded to nearest-even. With the
// emulated tiles' exact int32 products, an emulated kernel's output is therefore
// bit-identical to the real one's wherever tiles produce integers.
//
// It also satisfies the policy concept of kernels/common/act_quant.h, so activations
// are quantized by the same code as the AVX levels. Anonymous namespace: see
// kernels/common/simd_avx2.h.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

#include "tensor/quant.h"

namespace tl {
namespace {

struct VecPortable {
  struct F {
    float v[16];
  };
  struct I {
    int32_t v[16];
  };
  struct alignas(64) B {
    uint8_t v[64];
  };
  using Act = VecPortable;  // the activations' quantizer (act_quant.h)
  static constexpr int kFloatLanes = 16;
  static constexpr int kPanelTokens = 2;  // panel_vector.h's token tile (compile time)
  static constexpr int kDecodePanels = 4;  // and its decode tile
  static constexpr int kMaxExactUnsigned = 255;  // dpbusd is exact for any u8

  // ---- floats ----
  static F zero() { return set1(0.0f); }
  static F set1(float x) {
    F r;
    for (float& e : r.v) e = x;
    return r;
  }
  static F load(const float* p) {
    F r;
    std::memcpy(r.v, p, sizeof r.v);
    return r;
  }
  static void store(float* p, F x) { std::memcpy(p, x.v, sizeof x.v); }
  static void store_n(float* p, F x, int n) { std::memcpy(p, x.v, sizeof(float) * n); }
  static F add(F a, F b) {
    for (int i = 0; i < 16; ++i) a.v[i] += b.v[i];
    return a;
  }
  static F sub(F a, F b) {
    for (int i = 0; i < 16; ++i) a.v[i] -= b.v[i];
    return a;
  }
  static F mul(F a, F b) {
    for (int i = 0; i < 16; ++i) a.v[i] *= b.v[i];
    return a;
  }
  static F max(F a, F b) {
    for (int i = 0; i < 16; ++i) a.v[i] = a.v[i] > b.v[i] ? a.v[i] : b.v[i];
    return a;
  }
  static F min(F a, F b) {
    for (int i = 0; i < 16; ++i) a.v[i] = a.v[i] < b.v[i] ? a.v[i] : b.v[i];
    return a;
  }
  static F abs(F a) {
    for (float& e : a.v) e = std::fabs(e);
    return a;
  }
  static F div(F a, F b) {
    for (int i = 0; i < 16; ++i) a.v[i] /= b.v[i];
    return a;
  }
  // 2^n for integral n in [-126, 127], built in the exponent field.
  static F pow2i(F n) {
    for (float& e : n.v) e = bits_to_float(static_cast<uint32_t>(static_cast<int32_t>(e) + 127) << 23);
    return n;
  }
  // Lanes [0, n) of x, the others of fill.
  static F first_n(F x, int n, F fill) {
    for (int i = n; i < 16; ++i) x.v[i] = fill.v[i];
    return x;
  }
  static F round(F a) {
    for (float& e : a.v) e = std::nearbyint(e);  // default mode: nearest-even
    return a;
  }
  static F fma(F a, F b, F c) {  // a * b + c, one rounding
    for (int i = 0; i < 16; ++i) c.v[i] = std::fma(a.v[i], b.v[i], c.v[i]);
    return c;
  }
  static float hsum(F a) {
    float s = 0.0f;
    for (float e : a.v) s += e;
    return s;
  }
  static float hmax(F a) {
    float m = a.v[0];
    for (float e : a.v) m = e > m ? e : m;
    return m;
  }
  static void store_i8(int8_t* p, F r) {
    for (int i = 0; i < 16; ++i) p[i] = static_cast<int8_t>(static_cast<int32_t>(r.v[i]));
  }
  // Nearest-even integer of each lane (|x| < 2^31).
  static I cvt_round(F x) {
    I r;
    for (int i = 0; i < 16; ++i) r.v[i] = static_cast<int32_t>(std::nearbyint(x.v[i]));
    return r;
  }
  // Byte e of lane c = e_e[c] saturated to int8: four K values of 16 columns, a tile
  // row of VNNI order (layout.h).
  static B pack_s8x4(const I& e0, const I& e1, const I& e2, const I& e3) {
    const I* e[4] = {&e0, &e1, &e2, &e3};
    B r;
    for (int c = 0; c < 16; ++c) {
      for (int k = 0; k < 4; ++k) {
        const int32_t x = e[k]->v[c] < -128 ? -128 : e[k]->v[c] > 127 ? 127 : e[k]->v[c];
        r.v[4 * c + k] = static_cast<uint8_t>(static_cast<int8_t>(x));
      }
    }
    return r;
  }
  // The nibble lookup tables of 16 columns: byte v of t[i]'s 128-bit lane L is e[v]'s
  // lane 4 L + i saturated to int8 (the weight byte u = v of column 4 L + i).
  static void nibble_tables(const I (&e)[16], B (&t)[4]) {
    for (int c = 0; c < 16; ++c) {
      for (int v = 0; v < 16; ++v) {
        const int32_t x = e[v].v[c] < -128 ? -128 : e[v].v[c] > 127 ? 127 : e[v].v[c];
        t[c % 4].v[16 * (c / 4) + v] = static_cast<uint8_t>(static_cast<int8_t>(x));
      }
    }
  }
  // Byte j of u (< 16; column j / 4, lane j / 16) looked up in its column's table.
  static B lookup_nibbles(const B (&t)[4], const B& u) {
    B r;
    for (int j = 0; j < 64; ++j) r.v[j] = t[(j % 16) / 4].v[16 * (j / 16) + u.v[j]];
    return r;
  }
  static F cvt(I x) {
    F r;
    for (int i = 0; i < 16; ++i) r.v[i] = static_cast<float>(x.v[i]);
    return r;
  }
  static F load_h16(const uint16_t* p) {
    F r;
    for (int i = 0; i < 16; ++i) r.v[i] = fp16_to_fp32(p[i]);
    return r;
  }
  static F load_u8(const uint8_t* p) {
    F r;
    for (int i = 0; i < 16; ++i) r.v[i] = static_cast<float>(p[i]);
    return r;
  }

  // ---- int32 lanes ----
  static I zero_i() {
    I r;
    for (int32_t& e : r.v) e = 0;
    return r;
  }
  static I load_i(const void* p) {
    I r;
    std::memcpy(r.v, p, sizeof r.v);
    return r;
  }
  // Lane i += sum over j < 4 of u[4i + j] (unsigned) * s[4i + j] (signed): vpdpbusd.
  static I dpbusd(I acc, const B& u, const B& s) {
    for (int i = 0; i < 16; ++i) {
      uint32_t sum = static_cast<uint32_t>(acc.v[i]);
      for (int j = 0; j < 4; ++j) {
        sum += static_cast<uint32_t>(static_cast<int32_t>(u.v[4 * i + j]) *
                                     static_cast<int32_t>(static_cast<int8_t>(s.v[4 * i + j])));
      }
      acc.v[i] = static_cast<int32_t>(sum);
    }
    return acc;
  }

  // ---- bytes ----
  static B load_b(const void* p) {
    B r;
    std::memcpy(r.v, p, sizeof r.v);
    return r;
  }
  static void store_b(void* p, const B& x) { std::memcpy(p, x.v, sizeof x.v); }
  static B nib_lo(B x) {
    for (uint8_t& e : x.v) e &= 0x0F;
    return x;
  }
  static B nib_hi(B x) {
    for (uint8_t& e : x.v) e >>= 4;
    return x;
  }
  static B or_b(B a, const B& b) {
    for (int i = 0; i < 64; ++i) a.v[i] |= b.v[i];
    return a;
  }
  static B xor_b(B a, uint8_t k) {
    for (uint8_t& e : a.v) e ^= k;
    return a;
  }
  static B sub_b(B a, uint8_t k) {
    for (uint8_t& e : a.v) e = static_cast<uint8_t>(e - k);
    return a;
  }
  // Byte j = v where bit j of mask is set, else 0.
  static B bits_b(uint64_t mask, uint8_t v) {
    B r;
    for (int j = 0; j < 64; ++j) r.v[j] = ((mask >> j) & 1) ? v : 0;
    return r;
  }
  // The 4 bytes at p in every 32-bit lane.
  static B bcast4(const int8_t* p) {
    B r;
    for (int i = 0; i < 16; ++i) std::memcpy(r.v + 4 * i, p, 4);
    return r;
  }

  // ---- 16-bit pairs in 32-bit lanes (bf16 / f16 weights) ----
  static float bits_to_float(uint32_t u) {
    float f;
    std::memcpy(&f, &u, sizeof f);
    return f;
  }
  static F bf16_lo(I x) {
    F r;
    for (int i = 0; i < 16; ++i) r.v[i] = bits_to_float(static_cast<uint32_t>(x.v[i]) << 16);
    return r;
  }
  static F bf16_hi(I x) {
    F r;
    for (int i = 0; i < 16; ++i) r.v[i] = bits_to_float(static_cast<uint32_t>(x.v[i]) & 0xFFFF0000u);
    return r;
  }
  static F f16_lo(I x) {
    F r;
    for (int i = 0; i < 16; ++i) r.v[i] = fp16_to_fp32(static_cast<uint16_t>(x.v[i]));
    return r;
  }
  static F f16_hi(I x) {
    F r;
    for (int i = 0; i < 16; ++i) r.v[i] = fp16_to_fp32(static_cast<uint16_t>(static_cast<uint32_t>(x.v[i]) >> 16));
    return r;
  }
  // bf16 bits of f, nearest-even, NaN quieted (tensor/quant.h fp32_to_bf16).
  static uint32_t bf16_bits(float f) {
    uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    if ((u & 0x7FFFFFFFu) > 0x7F800000u) return (u >> 16) | 64u;
    return (u + 0x7FFFu + ((u >> 16) & 1u)) >> 16;
  }
  // x rounded to bf16, as a float.
  static F bf16_round(F x) {
    for (float& e : x.v) e = bits_to_float(bf16_bits(e) << 16);
    return x;
  }
  // Lane i: bf16(hi) << 16 | bf16(lo).
  static I pack_bf16(F lo, F hi) {
    I r;
    for (int i = 0; i < 16; ++i) r.v[i] = static_cast<int32_t>(bf16_bits(hi.v[i]) << 16 | bf16_bits(lo.v[i]));
    return r;
  }
  static I byte_lane(const B& x, int e) {
    I r;
    for (int i = 0; i < 16; ++i) r.v[i] = x.v[4 * i + e];
    return r;
  }
  static I pack_bf16_finite(F lo, F hi) { return pack_bf16(lo, hi); }
  static void store_i(void* p, I x) { std::memcpy(p, x.v, sizeof x.v); }
  static void store_bf16(uint16_t* p, F x) {
    for (int i = 0; i < 16; ++i) p[i] = static_cast<uint16_t>(bf16_bits(x.v[i]));
  }
};

}  // namespace
}  // namespace tl

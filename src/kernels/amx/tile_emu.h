// TilesEmu: the tile interface of tile_config.h in portable C++, for CPUs without AMX
// (CI) and as the oracle real tiles are compared with.
//
// Integer products are exact: the same int32 values as tdpbssd & co., including
// two's-complement wrap-around on overflow (done in uint32).
//
// tdpbf16ps follows the pseudo-code of the Intel SDM: for each pair index k in order,
// C += A[2k] * B[2k], then C += A[2k+1] * B[2k+1], each product exact in f32 (two 8-bit
// significands) and each addition rounded to nearest-even; bf16 inputs that are
// denormal count as zero (DAZ) and denormal results are flushed to zero (FTZ). Where it
// differs from silicon: the hardware keeps more precision inside a row. On the Xeon of
// shared/anchors.md (tests/amx/test_amx_tiles.cpp, random normal bf16, 1..16 pairs) 71%
// of the f32 sums equal this emulation's; summing a row's products exactly and rounding
// once onto C matches 89% (closer, not exact, so the SDM's documented order stays here);
// the worst difference was 2^-22.6 of |C| + sum |products|. Also: a denormal C read from
// memory is used as is here; products that underflow f32 follow IEEE here.
//
// Tile state is thread_local, like the hardware's. Included by the emulation
// translation unit only; anonymous namespace as in kernels/common/simd_avx2.h.
#pragma once

#include <cstdint>
#include <cstring>

#include "kernels/amx/tile_config.h"
#include "util/check.h"

namespace tl {
namespace {

struct EmuTileState {
  TileConfig config;
  bool configured = false;
  alignas(64) uint8_t data[8][kTileRows * kTileBytes];
};

inline EmuTileState& emu_tiles() {
  static thread_local EmuTileState state;
  return state;
}

inline float emu_bf16_daz(uint16_t h) {
  const uint32_t bits = (h & 0x7F80u) == 0 ? (static_cast<uint32_t>(h) & 0x8000u) << 16 : static_cast<uint32_t>(h) << 16;
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

inline float emu_ftz(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, sizeof bits);
  if ((bits & 0x7F800000u) == 0) bits &= 0x80000000u;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

struct TilesEmu {
  static void configure(const TileConfig& c) {
    TL_CHECK(c.palette == 1, "emulated tiles support palette 1 only");
    EmuTileState& s = emu_tiles();
    s.config = c;
    s.configured = true;
    std::memset(s.data, 0, sizeof s.data);  // ldtilecfg zeroes every tile
  }
  static void release() {
    EmuTileState& s = emu_tiles();
    s.configured = false;
    s.config = TileConfig{};
  }

  template <int t>
  static void load(const void* p, size_t stride) {
    EmuTileState& s = emu_tiles();
    check(t);
    uint8_t* dst = s.data[t];
    std::memset(dst, 0, sizeof s.data[t]);  // rows and bytes past the shape read as zero
    for (int r = 0; r < s.config.rows[t]; ++r) {
      std::memcpy(dst + r * kTileBytes, static_cast<const uint8_t*>(p) + r * stride, s.config.colsb[t]);
    }
  }
  template <int t>
  static void store(void* p, size_t stride) {
    EmuTileState& s = emu_tiles();
    check(t);
    for (int r = 0; r < s.config.rows[t]; ++r) {
      std::memcpy(static_cast<uint8_t*>(p) + r * stride, s.data[t] + r * kTileBytes, s.config.colsb[t]);
    }
  }
  template <int t>
  static void zero() {
    check(t);
    std::memset(emu_tiles().data[t], 0, kTileRows * kTileBytes);
  }

  template <int c, int a, int b>
  static void dpbssd() { dot_int8<c, a, b, int8_t, int8_t>(); }
  template <int c, int a, int b>
  static void dpbsud() { dot_int8<c, a, b, int8_t, uint8_t>(); }
  template <int c, int a, int b>
  static void dpbusd() { dot_int8<c, a, b, uint8_t, int8_t>(); }
  template <int c, int a, int b>
  static void dpbuud() { dot_int8<c, a, b, uint8_t, uint8_t>(); }

  template <int c, int a, int b>
  static void dpbf16ps() {
    EmuTileState& s = emu_tiles();
    const int pairs = check_shapes(c, a, b);
    const int lanes = s.config.colsb[c] / 4;
    for (int m = 0; m < s.config.rows[c]; ++m) {
      uint16_t arow[32];
      std::memcpy(arow, s.data[a] + m * kTileBytes, sizeof arow);
      float* crow = reinterpret_cast<float*>(s.data[c] + m * kTileBytes);
      for (int n = 0; n < lanes; ++n) {
        float acc = crow[n];
        for (int k = 0; k < pairs; ++k) {
          uint16_t bp[2];
          std::memcpy(bp, s.data[b] + k * kTileBytes + 4 * n, sizeof bp);
          acc = emu_ftz(acc + emu_bf16_daz(arow[2 * k]) * emu_bf16_daz(bp[0]));
          acc = emu_ftz(acc + emu_bf16_daz(arow[2 * k + 1]) * emu_bf16_daz(bp[1]));
        }
        crow[n] = acc;
      }
    }
  }

 private:
  static void check(int t) {
    TL_CHECK(emu_tiles().configured, "tile op before configure()");
    TL_CHECK(emu_tiles().config.rows[t] > 0, "tile op on an unconfigured tile");
  }
  // The shape rules of the dot-product instructions; returns the K groups (colsb(A)/4).
  static int check_shapes(int c, int a, int b) {
    check(c);
    check(a);
    check(b);
    const TileConfig& k = emu_tiles().config;
    TL_CHECK(k.rows[a] == k.rows[c], "A and C rows differ (#UD on hardware)");
    TL_CHECK(k.rows[b] == k.colsb[a] / 4, "B rows != colsb(A) / 4 (#UD on hardware)");
    TL_CHECK(k.colsb[b] == k.colsb[c], "B and C colsb differ (#UD on hardware)");
    return k.colsb[a] / 4;
  }

  template <int c, int a, int b, class TA, class TB>
  static void dot_int8() {
    EmuTileState& s = emu_tiles();
    const int groups = check_shapes(c, a, b);
    const int lanes = s.config.colsb[c] / 4;
    for (int m = 0; m < s.config.rows[c]; ++m) {
      const uint8_t* arow = s.data[a] + m * kTileBytes;
      uint8_t* crow = s.data[c] + m * kTileBytes;
      for (int n = 0; n < lanes; ++n) {
        uint32_t acc;
        std::memcpy(&acc, crow + 4 * n, sizeof acc);
        for (int k = 0; k < groups; ++k) {
          const uint8_t* bq = s.data[b] + k * kTileBytes + 4 * n;
          for (int i = 0; i < 4; ++i) {
            const int32_t p = static_cast<int32_t>(static_cast<TA>(arow[4 * k + i])) *
                              static_cast<int32_t>(static_cast<TB>(bq[i]));
            acc += static_cast<uint32_t>(p);
          }
        }
        std::memcpy(crow + 4 * n, &acc, sizeof acc);
      }
    }
  }
};

}  // namespace
}  // namespace tl

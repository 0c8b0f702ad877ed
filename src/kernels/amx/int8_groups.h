// The int8 group arithmetic of the wide tile path (tile_gemm.h) for the int8 types at
// many rows: tdpbssd at full depth (K = 64 per op) on
//   weights     requantized once per matmul, per column and group of 512 K (16 blocks):
//               w' = round(w * 127 / peak), ws' = peak / 127, with peak the largest |w|
//               the group's blocks can hold by their scales (Q8_0: 127 d, Q4_0: 8 d,
//               types with mins: the larger end of [wm, ws * max u + wm] in magnitude);
//   activations quantized once per matmul, per row and group of 512 K:
//               x' = round(x * 127 / max|x|), d = max|x| / 127;
// so one int32 C tile holds a whole group (8 ops deep) and is scaled once per group:
//   acc[m][n] (+)= (ws'[n] * d[m]) * C[m][n]   in f32.
// Why: a GGUF block's own scale per 32 K limits exact int8 tiles to half depth with an
// f32 rescale after every op (kernel_body.h), and bf16 tiles do 16 x 16 x 32 per op;
// here an op does 16 x 16 x 64 for the same 2 KiB of tile loads, and the scaling of a
// 32 x 32 block (~64 vector rows) runs once per 32 ops, while the next block's ops run.
// Why 512 and not 256: every group stores the C tiles, scales them and reads and writes
// the f32 block; at 256 that cost ~15% of a dense prompt (Xeon, same call, llama3-8b
// pp512: Q4_0 426 / 432 -> 476 / 457 t/s, Q8_0 371 / 453 -> 475 / 522; the bare int8
// core with C through memory every 4 / 8 / 16 / 32 ops: 426 / 518 / 636 / 634 GMAC/s),
// for ~10% more NMSE (below).
// Error (tests/amx): a weight moves by at most peak / 254: Q4_0 / Q4_1 / K-quants, whose
// own step is >= peak / 16, gain < 1/16 of a step; Q8_0 blocks whose scale is below the
// group's largest lose up to a bit of their 8; an activation moves by at most
// max|x| / 254 of its 512-group (llama.cpp's q8_0 rounds per 32): NMSE ~8e-5 for
// gaussian rows (groups of 256: ~7e-5), against ~3e-5 for the per-32 int8 tiles and
// ~3e-6 for bf16 tiles.
//
// Included only by tile_gemm.h and register.cpp (ActGroups); anonymous namespace.
#pragma once

#include <cstdint>
#include <cstring>

#include "kernels/amx/formats.h"
#include "kernels/amx/layout.h"
#include "kernels/common/act_quant.h"

namespace tl {
namespace {

constexpr int64_t kGroupK = 512;                     // K per scale group
constexpr int64_t kGroupBlocks = kGroupK / kBlockK;  // blocks of 32 per group
constexpr int64_t kStepK = 64;                       // K per tdpbssd at full depth

// The prepared activations: int8 tiles, tile-major (row tile t of 16 rows and K step s
// of 64 are one contiguous 1 KiB tile), then d per (group, row), f32.
struct ActGroups {
  int64_t steps;   // K steps of 64 (K padded with zeros)
  int64_t groups;  // K groups of 512
  int64_t rows;    // prepared_rows(M)
  size_t tiles_bytes;
  ActGroups(int64_t K, int64_t M)
      : steps((K + kStepK - 1) / kStepK),
        groups((K + kGroupK - 1) / kGroupK),
        rows(prepared_rows(M)),
        tiles_bytes(static_cast<size_t>(rows / 16 * steps) * kTileRows * kTileBytes) {}
  size_t bytes() const { return tiles_bytes + static_cast<size_t>(groups * rows) * sizeof(float); }
  size_t tile(int64_t t, int64_t s) const { return static_cast<size_t>(t * steps + s) * kTileRows * kTileBytes; }
  size_t row(int64_t m, int64_t s) const { return tile(m / 16, s) + static_cast<size_t>(m % 16) * kTileBytes; }
  // The d of rows [0, rows) in group grp.
  float* d(void* base, int64_t grp) const {
    return reinterpret_cast<float*>(static_cast<uint8_t*>(base) + tiles_bytes) + grp * rows;
  }
  const float* d(const void* base, int64_t grp) const {
    return reinterpret_cast<const float*>(static_cast<const uint8_t*>(base) + tiles_bytes) + grp * rows;
  }
};

// Rows [m0, m1) of src into ActGroups; the pad rows up to prepared_rows(M) are zero.
// K is a multiple of 32 (every int8 type's block), so a group is a multiple of 16.
template <class V>
void prepare_int8_groups(const MatmulArgs& a, void* prepared, int64_t m0, int64_t m1) {
  const int64_t K = a.w.K;
  const ActGroups L(K, a.M);
  uint8_t* base = static_cast<uint8_t*>(prepared);
  for (int64_t m = m0; m < m1; ++m) {
    const float* x = a.src + m * a.src_stride;
    for (int64_t grp = 0; grp < L.groups; ++grp) {
      const int64_t k0 = grp * kGroupK;
      const int n = static_cast<int>(imin(kGroupK, K - k0));
      alignas(64) int8_t q[kGroupK] = {};
      float sums[kGroupK / 16];  // quantize_act's group sums, unused here
      L.d(base, grp)[m] = quantize_act<V, float>(x + k0, n, 16, q, sums);
      for (int64_t i = 0; i * kStepK < n; ++i) std::memcpy(base + L.row(m, grp * (kGroupK / kStepK) + i), q + kStepK * i, kStepK);
    }
  }
  if (m1 == a.M) {
    for (int64_t m = a.M; m < L.rows; ++m) {
      for (int64_t s = 0; s < L.steps; ++s) std::memset(base + L.row(m, s), 0, kTileBytes);
      for (int64_t grp = 0; grp < L.groups; ++grp) L.d(base, grp)[m] = 0.0f;
    }
  }
}

// The weight source of the int8 group path: a panel's group to int8 B tiles of 64 K
// (block b's 8 rows, then block b + 1's: the 16-row tile of tdpbssd at K = 64) and its
// 16 columns' scales ws'.
template <class Fmt>
struct SrcRequant : SrcKind<true, 1, true> {
  // Blocks [b0, b1) of panel p (at most one group) to (b1 - b0 + 1) / 2 tiles at dst
  // (an odd last block's second half zero) and ws' at col_scale.
  template <class V>
  static void group(const MatmulArgs& a, const PanelGeometry& g, int64_t p, int64_t b0, int64_t b1, uint8_t* dst,
                    float* col_scale) {
    using F = typename V::F;
    using I = typename V::I;
    const uint8_t* quant = panel_at(a, g, p);
    const uint8_t* scale_area = quant + static_cast<size_t>(g.nb) * g.quant_block;
    F ws[kGroupBlocks], bias[kGroupBlocks];
    F peak = V::zero();
    for (int64_t b = b0; b < b1; ++b) {
      F s, c;
      affine_scales<Fmt, V>(scale_area, b, s, c);
      ws[b - b0] = s;
      bias[b - b0] = c;
      if constexpr (Fmt::kOffset == 128) {
        // Q8_0: |q| <= 127 as ggml quantizes (a -128 still fits the int8 tile).
        peak = V::max(peak, V::mul(V::abs(s), V::set1(127.0f)));
      } else {
        peak = V::max(peak, V::max(V::abs(c), V::abs(V::fma(s, V::set1(static_cast<float>(Fmt::kMaxU)), c))));
      }
    }
    V::store(col_scale, V::mul(peak, V::set1(1.0f / 127.0f)));
    // 127 / peak; an all-zero column (peak 0) gets 0.
    const F inv = V::div(V::set1(127.0f), V::max(peak, V::set1(1e-30f)));
    for (int64_t b = b0; b < b1; ++b) {
      const F sa = V::mul(ws[b - b0], inv);
      const F sc = V::mul(bias[b - b0], inv);
      typename V::B u[8];
      Fmt::template unpack_u<V>(quant + static_cast<size_t>(b) * g.quant_block, u);
      uint8_t* out = dst + static_cast<size_t>(b - b0) * kTileBlockBytes;
      if constexpr (Fmt::kMaxU < 16) {
        // A nibble takes 16 values: the same w' of each (column, value) computed once
        // and looked up per weight, about half the vector work of computing each
        // weight's. Why it matters: vector instructions slow the tile loop beside them
        // by their count, and skipping the conversion altogether made a dense prompt
        // 3-12% faster (Xeon, llama3-8b pp512, benchmarks.md session 9); the tables
        // gave +4.3% (Q4_0, 557.7 -> 581.8 t/s, five alternated runs, same call).
        I e[16];
        #pragma GCC unroll 16
        for (int v = 0; v < 16; ++v) e[v] = V::cvt_round(V::fma(sa, V::set1(static_cast<float>(v)), sc));
        typename V::B table[4];
        V::nibble_tables(e, table);
        #pragma GCC unroll 8
        for (int r = 0; r < 8; ++r) V::store_b(out + kTileBytes * r, V::lookup_nibbles(table, u[r]));
      } else {
        #pragma GCC unroll 8
        for (int r = 0; r < 8; ++r) {
          I e[4];
          #pragma GCC unroll 4
          for (int k = 0; k < 4; ++k) e[k] = V::cvt_round(V::fma(sa, V::cvt(V::byte_lane(u[r], k)), sc));
          V::store_b(out + kTileBytes * r, V::pack_s8x4(e[0], e[1], e[2], e[3]));
        }
      }
    }
    if ((b1 - b0) % 2 != 0) std::memset(dst + static_cast<size_t>(b1 - b0) * kTileBlockBytes, 0, kTileBlockBytes);
  }
};

// A 32 x 32 block's int32 C tiles waiting for their f32 scaling, which runs while the
// next block's tile ops do (the caller flushes the previous block after issuing those
// ops, then stores this block's tiles). Two buffers: the tiles of block k are stored while
// block k - 1's are scaled. ws' is copied: the producer may overwrite the slice buffer
// before the flush.
template <class V>
struct GroupScaler {
  using F = typename V::F;
  static constexpr size_t kStride = 32 * sizeof(int32_t);  // bytes between C rows
  alignas(64) int32_t c[2][32][32];
  int parity = 0;
  bool live = false;
  bool first = false;  // the matmul's first group: store instead of accumulate
  int mt = 0, nt = 0;
  float* acc = nullptr;      // 32 x 32 f32, rows 32 floats apart
  const float* d = nullptr;  // the block's row scales
  F ws[2];

  // The buffer the next block's C tiles go to (after flush()).
  int32_t* next_tiles() { return &c[parity ^ 1][0][0]; }
  // The tiles just stored to next_tiles() belong to this block.
  void hand_over(float* acc_block, const float* row_d, const float* ws0, const float* ws1, int m_tiles, int n_tiles,
                 bool first_group) {
    parity ^= 1;
    live = true;
    acc = acc_block;
    d = row_d;
    ws[0] = V::load(ws0);
    ws[1] = n_tiles > 1 ? V::load(ws1) : V::zero();
    mt = m_tiles;
    nt = n_tiles;
    first = first_group;
  }
  void flush() {
    if (!live) return;
    live = false;
    const int rows = 16 * mt;
    if (nt == 2) {
      if (first) {
        scale<2, true>(c[parity], rows, d, ws[0], ws[1], acc);
      } else {
        scale<2, false>(c[parity], rows, d, ws[0], ws[1], acc);
      }
    } else if (first) {
      scale<1, true>(c[parity], rows, d, ws[0], ws[1], acc);
    } else {
      scale<1, false>(c[parity], rows, d, ws[0], ws[1], acc);
    }
  }

 private:
  // acc (+)= C * (ws (x) d), row by row. Static, on arguments: with the members read
  // through `this`, the compiler reloaded them after every store to acc (which might
  // alias them), ~3x the instructions of this loop, which runs beside the tile ops.
  // Same results; Xeon (session 9, three alternated pairs): matmul_mt Q8_0 3.68 -> 4.03
  // TMAC/s, Q4_0 and the prompt figures within noise.
  template <int NT, bool kFirst>
  static void scale(const int32_t (*t)[32], int rows, const float* row_d, F ws0, F ws1, float* out) {
    #pragma GCC unroll 2
    for (int r = 0; r < rows; ++r, out += 32) {
      const F dr = V::set1(row_d[r]);
      #pragma GCC unroll 2
      for (int j = 0; j < NT; ++j) {
        const F x = V::cvt(V::load_i(&t[r][16 * j]));
        const F s = V::mul(j == 0 ? ws0 : ws1, dr);
        V::store(out + 16 * j, kFirst ? V::mul(x, s) : V::fma(x, s, V::load(out + 16 * j)));
      }
    }
  }
};

}  // namespace
}  // namespace tl

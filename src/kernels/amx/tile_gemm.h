// The wide tile path of the AMX kernels (many rows): per K slice of a column group, the
// weights' B tiles are converted once per matmul into a buffer and shared by every row
// block. Two arithmetics, by the weight source:
//   bf16 tiles: C (f32) += A (activations, bf16) . B (weights, bf16) with tdpbf16ps, f32
//     accumulation over all of K, nothing to rescale per block;
//   int8 groups (int8_groups.h, the int8 types by default): tdpbssd at K = 64 on weights
//     and activations requantized per 512 K, one f32 scaling per group.
// Written once against a tile policy T, a vector policy V and a weight source Src:
//   SrcBf16          BF16 panels: the packed blocks are the B tiles as they lie
//   SrcF16           F16 panels: split per K slice into bf16 hi and lo tiles (three
//                    products x_hi w_hi + x_hi w_lo + x_lo w_hi, f32-class results)
//   SrcDequant<Fmt>  the int8 panels (Q4_0 ... Q5_K, Q6_K's requantized Q8_0): each
//                    weight ws * (u - offset) + wm computed in f32 (exact) and rounded
//                    to bf16 (relative error <= 2^-9) per K slice
//   SrcRequant<Fmt>  the int8 panels requantized per 512 K (int8_groups.h)
// Why the int8 types take a wide path at many rows: a GGUF block scale per 32 K makes an
// int8 tile op only 32 deep, and its C tile must be stored and rescaled in f32 after
// every op: ~1 KiB stored and ~48 vector ops per 8192 MACs, which bounds that loop at a
// fraction of the TMUL rate. Here the C tiles go through memory once per K slice of
// kKcBlocks blocks, and the conversion of a weight tile is paid once per matmul and
// shared by every row block. bf16 tiles keep 8 significant bits of every activation
// (at 1/2 the int8 tile rate); int8 groups run at the full int8 rate and round
// activations per 512 (error: int8_groups.h).
//
// Activations (prepare): tile-major: row tile t (16 rows) and K block b (bf16: 32 K;
// int8 groups, ActGroups: 64 K) are one contiguous 1 KiB tile, so a tile load reads 16
// consecutive lines (row-major rows put a tile's 16 lines into a few L1 sets).
//
// Included by kernel_body.h, and by register.cpp for the prepared sizes; anonymous
// namespace.
#pragma once

#include <cstdint>
#include <cstring>
#include <type_traits>

#include "kernels/amx/amx.h"
#include "kernels/amx/int8_groups.h"
#include "kernels/amx/layout.h"
#include "kernels/amx/tile_block.h"
#include "kernels/amx/tile_config.h"

namespace tl {
namespace {

// K blocks (of 32) per pass over a row block: the B tiles of a 4-panel group for them
// (32 KiB) and a row block's A tiles stay in a 48 KiB L1; the C tiles go through memory
// once per pass.
constexpr int64_t kKcBlocks = 8;

inline constexpr TileConfig kFullConfig = make_full_config();

// The tile-major bf16 activations of `parts` planes (F16: hi, lo).
struct ActTiles {
  int64_t nb;           // K blocks of 32 (K padded)
  size_t plane_bytes;   // one plane: prepared_rows(M) / 16 row tiles x nb tiles
  ActTiles(int64_t K, int64_t M)
      : nb((K + kBlockK - 1) / kBlockK),
        plane_bytes(static_cast<size_t>(prepared_rows(M) / 16 * nb) * kFloatBlockBytes) {}
  // The tile of rows [16 t, 16 t + 16) and K block b.
  size_t tile(int64_t t, int64_t b) const { return static_cast<size_t>(t * nb + b) * kFloatBlockBytes; }
  size_t row(int64_t m, int64_t b) const { return tile(m / 16, b) + static_cast<size_t>(m % 16) * kTileBytes; }
};

inline size_t bf16_tiles_prepared_bytes(int64_t K, int64_t M, int parts) {
  return static_cast<size_t>(parts) * ActTiles(K, M).plane_bytes;
}

// Rows [m0, m1) of src into ActTiles planes (hi; F16 also lo = x - hi); the K tail and
// the pad rows up to prepared_rows(M) are zero.
template <class V, int kParts>
void prepare_bf16_tiles(const MatmulArgs& a, void* prepared, int64_t m0, int64_t m1) {
  using F = typename V::F;
  const int64_t K = a.w.K;
  const ActTiles L(K, a.M);
  uint8_t* hi = static_cast<uint8_t*>(prepared);
  uint8_t* lo = hi + L.plane_bytes;
  for (int64_t m = m0; m < m1; ++m) {
    const float* x = a.src + m * a.src_stride;
    for (int64_t b = 0; b < L.nb; ++b) {
      for (int64_t h = 0; h < 2; ++h) {
        const int64_t k = kBlockK * b + 16 * h;
        F v;
        if (k + 16 <= K) {
          v = V::load(x + k);
        } else {
          float tail[16] = {};
          for (int64_t i = k; i < K && i < k + 16; ++i) tail[i - k] = x[i];
          v = V::load(tail);
        }
        const size_t off = L.row(m, b) + 32 * static_cast<size_t>(h);
        V::store_bf16(reinterpret_cast<uint16_t*>(hi + off), v);
        if constexpr (kParts > 1) V::store_bf16(reinterpret_cast<uint16_t*>(lo + off), V::sub(v, V::bf16_round(v)));
      }
    }
  }
  if (m1 == a.M) {
    for (int64_t m = a.M; m < prepared_rows(a.M); ++m) {
      for (int64_t b = 0; b < L.nb; ++b) {
        std::memset(hi + L.row(m, b), 0, kTileBytes);
        if constexpr (kParts > 1) std::memset(lo + L.row(m, b), 0, kTileBytes);
      }
    }
  }
}

// ---- weight sources: the B tiles of a panel's K blocks --------------------------------
// SrcBf16's packed blocks are the B tiles as they lie (kCopies false: tile() points into
// the panel). The others write block b's tile (and F16's lo tile, part_stride bytes on)
// into scratch, one block per call, so that the tile loop can interleave the writing of
// the next slice's tiles with the current slice's products.

struct SrcBf16 : SrcKind<false, 1, false> {
  static const uint8_t* block(const MatmulArgs& a, const PanelGeometry& g, int64_t p, int64_t b) {
    return panel_at(a, g, p) + static_cast<size_t>(b) * kFloatBlockBytes;
  }
};

struct SrcF16 : SrcKind<false, 2, true> {
  template <class V>
  static void tile(const MatmulArgs& a, const PanelGeometry& g, int64_t p, int64_t b, uint8_t* dst,
                   size_t part_stride) {
    using F = typename V::F;
    using I = typename V::I;
    const uint8_t* src = panel_at(a, g, p) + static_cast<size_t>(b) * kFloatBlockBytes;
    #pragma GCC unroll 4
    for (size_t off = 0; off < kFloatBlockBytes; off += 64) {
      const I x = V::load_i(src + off);
      const F e = V::f16_lo(x);
      const F o = V::f16_hi(x);
      V::store_i(dst + off, V::pack_bf16(e, o));
      V::store_i(dst + part_stride + off, V::pack_bf16(V::sub(e, V::bf16_round(e)), V::sub(o, V::bf16_round(o))));
    }
  }
};

// An int8 panel block (8 rows of 16 columns x 4 K) to one bf16 B tile (16 pair-rows of
// 16 columns x 2 K): K 4r + e of column c is byte e of lane c of row r.
template <class Fmt>
struct SrcDequant : SrcKind<false, 1, true> {
  template <class V>
  static void tile(const MatmulArgs& a, const PanelGeometry& g, int64_t p, int64_t b, uint8_t* dst, size_t) {
    using F = typename V::F;
    const uint8_t* quant = panel_at(a, g, p);
    const uint8_t* scale = quant + static_cast<size_t>(g.nb) * g.quant_block;
    typename V::B u[8];
    Fmt::template unpack_u<V>(quant + static_cast<size_t>(b) * g.quant_block, u);
    F ws, bias;
    affine_scales<Fmt, V>(scale, b, ws, bias);
    #pragma GCC unroll 8
    for (int r = 0; r < 8; ++r) {
      F w[4];
      #pragma GCC unroll 4
      for (int e = 0; e < 4; ++e) w[e] = V::fma(ws, V::cvt(V::byte_lane(u[r], e)), bias);
      V::store_i(dst + 128 * r, V::pack_bf16_finite(w[0], w[1]));
      V::store_i(dst + 128 * r + 64, V::pack_bf16_finite(w[2], w[3]));
    }
  }
};

// ---- the tile loop ---------------------------------------------------------------------

template <class T, class V, class Src>
struct TileGemm {
  static constexpr bool kInt8 = Src::kInt8;
  static constexpr int kParts = Src::kParts;
  using Act = std::conditional_t<kInt8, ActGroups, ActTiles>;
  // F16's two planes make each block three products: half the blocks per pass. An int8
  // slice is one scale group.
  static constexpr int64_t kKc = kInt8 ? kGroupBlocks : kKcBlocks / kParts;
  static constexpr int kMaxPanels = 4;  // columns per call (register.cpp's n_block)
  // Copied B tiles of one slice: per panel kParts planes of kKc tiles (int8: kKc / 2
  // tiles of 64 K, then the 16 columns' ws').
  static constexpr size_t kPartBytes = static_cast<size_t>(kInt8 ? kKc / 2 : kKc) * kFloatBlockBytes;
  static constexpr size_t kPanelBytes = kParts * kPartBytes + (kInt8 ? 64 : 0);
  static constexpr size_t kSliceBytes = kMaxPanels * kPanelBytes;
  // Fewer row blocks than this share each copied B tile: writing the next slice's tiles
  // then costs about as much as the products, so it is interleaved with them (the vector
  // unit converts while the TMUL multiplies) instead of running before them.
  static constexpr int64_t kOverlapRowBlocks = 4;

  // One K slice of one column group: blocks [b0, b1) of panels [p0, p0 + np).
  struct Slice {
    int64_t b0 = 0, b1 = 0, p0 = 0, grp = 0;
    int np = 0;
  };

  struct Operands {
    const uint8_t* act[kParts];             // activation planes
    const uint8_t* b[kParts][kMaxPanels];   // (part, panel): block b0's B tile
    const float* ws[kMaxPanels];            // int8: the panels' ws'
  };

  // Writes a slice's B tiles into a buffer, a share of them per step() (Src::kCopies),
  // and prefetches a later slice's packed bytes meanwhile.
  struct Producer {
    Producer(const MatmulArgs& args, const PanelGeometry& geometry) : a(args), g(geometry) {}
    const MatmulArgs& a;
    const PanelGeometry& g;
    Slice s;
    uint8_t* buf = nullptr;
    int64_t done = 0, total = 0, per_step = 0;
    PanelPrefetch ahead;

    // write (into buf) and prefetch may be null; steps: the calls of step() expected
    // before finish() (0: the writing is all left to finish()).
    void start(const Slice* write, uint8_t* into, const Slice* prefetch, int64_t steps) {
      buf = into;
      done = 0;
      total = 0;
      if (write != nullptr) {
        s = *write;
        total = !Src::kCopies ? 0 : kInt8 ? s.np : s.np * (s.b1 - s.b0);
      }
      per_step = steps > 0 ? (total + steps - 1) / steps : 0;
      if (prefetch != nullptr) {
        ahead.start(a.w.data, g, prefetch->p0, prefetch->np, prefetch->b0, prefetch->b1, steps);
      } else {
        ahead.start(a.w.data, g, 0, 0, 0, 0, steps);
      }
    }
    void step() {
      for (int64_t i = 0; i < per_step && done < total; ++i) one(done++);
      ahead.step();
    }
    void finish() {
      while (done < total) one(done++);
    }
    void one(int64_t t) const {
      if constexpr (kInt8) {
        uint8_t* panel = buf + static_cast<size_t>(t) * kPanelBytes;
        Src::template group<V>(a, g, s.p0 + t, s.b0, s.b1, panel, reinterpret_cast<float*>(panel + kPartBytes));
      } else if constexpr (Src::kCopies) {
        const int64_t blocks = s.b1 - s.b0;
        const int64_t j = t / blocks;
        const int64_t b = s.b0 + t % blocks;
        Src::template tile<V>(a, g, s.p0 + j, b, buf + static_cast<size_t>(j) * kPanelBytes + static_cast<size_t>(b - s.b0) * kFloatBlockBytes,
                              kPartBytes);
      }
    }
  };

  // The 2 x 2 register block (tile_block.h): activation part pa x weight part pb.
  template <int MT, int NT>
  static void products(const Operands& o, int pa, int pb, int jp, size_t a_off, size_t a_tile_stride, size_t kb) {
    using Block = TileBlock<T, MT, NT>;
    Block::load_a(o.act[pa] + a_off, o.act[pa] + a_off + a_tile_stride);
    Block::load_b(o.b[pb][jp] + kb, NT > 1 ? o.b[pb][jp + 1] + kb : nullptr);
    Block::dpbf16ps();
  }

  // The 4 KiB of a 32 x 32 f32 accumulator block into L1.
  static void prefetch_block(const float* p) {
    for (int line = 0; line < 64; ++line) __builtin_prefetch(p + 16 * line, 1, 3);
  }

  // Blocks [b0, b1) of the 32 x 32 block at rows m, panels jp, jp + 1.
  // bf16: C from zero at b0 == 0, else from acc (32 x 32 f32, rows 128 bytes apart), back
  // to acc after. int8: C from zero, to the scaler's buffer after, scaled into acc while
  // the next block's products run (this block's ops run beside the previous one's).
  // `next`: the accumulators of the block that follows, prefetched meanwhile (a C tile
  // load that misses L1 stalls the first product; Xeon probe: 22 -> 14 ns per tile op).
  // After each tile step, `prod` writes a few of the next slice's B tiles.
  template <int MT, int NT>
  static void block(const Act& L, const Operands& o, int64_t b0, int64_t b1, int64_t m, int jp, float* acc,
                    const float* next, Producer& prod, GroupScaler<V>& scaler) {
    using Block = TileBlock<T, MT, NT>;
    constexpr size_t kAccStride = 32 * sizeof(float);
    prefetch_block(next);
    const size_t a_tile_stride = L.tile(1, 0);  // rows m + 16: the next row tile
    if constexpr (kInt8) {
      Block::zero_c();
      for (int64_t st = b0 / 2; st < (b1 + 1) / 2; ++st) {
        const size_t a_off = L.tile(m / 16, st);
        const size_t kb = static_cast<size_t>(st - b0 / 2) * kFloatBlockBytes;
        Block::load_a(o.act[0] + a_off, o.act[0] + a_off + a_tile_stride);
        Block::load_b(o.b[0][jp] + kb, NT > 1 ? o.b[0][jp + 1] + kb : nullptr);
        Block::dpbssd();
        prod.step();
      }
      scaler.flush();
      Block::store_c(scaler.next_tiles(), GroupScaler<V>::kStride);
      scaler.hand_over(acc, L.d(o.act[0], b0 / kGroupBlocks) + m, o.ws[jp], o.ws[NT > 1 ? jp + 1 : jp], MT, NT,
                       b0 == 0);
    } else {
      if (b0 == 0) {
        Block::zero_c();
      } else {
        Block::load_c(acc, kAccStride);
      }
      for (int64_t b = b0; b < b1; ++b) {
        const size_t a_off = L.tile(m / 16, b);
        const size_t kb = static_cast<size_t>(b - b0) * kFloatBlockBytes;
        products<MT, NT>(o, 0, 0, jp, a_off, a_tile_stride, kb);  // x_hi w_hi
        if constexpr (kParts > 1) {
          products<MT, NT>(o, 0, 1, jp, a_off, a_tile_stride, kb);  // x_hi w_lo
          products<MT, NT>(o, 1, 0, jp, a_off, a_tile_stride, kb);  // x_lo w_hi
        }
        prod.step();
      }
      Block::store_c(acc, kAccStride);
    }
  }

  // dst columns [n0, n1) for all M rows: rows in chunks of kChunkRows, columns in sets
  // of kSetCols. Per K slice of a set, each group of 4 panels gets its B tiles (32 KiB,
  // then in L1) and runs every row block over them; the chunk's A slice (<= 256 KiB)
  // stays in L2 across the set's groups, and the set's C tiles (<= 512 KiB) go through
  // memory once per slice. A whole-K pass per group instead streamed all of A from L3
  // for every 64 columns (Xeon, Q4_0 4096 x 4096, one core: M=256 324 GMAC/s, M=512 204).
  static constexpr int64_t kGroupCols = kMaxPanels * kPanelCols;
  static constexpr int64_t kSetCols = 4 * kGroupCols;
  static constexpr int64_t kChunkRows = 512;

  static void run(const MatmulArgs& a, int64_t n0, int64_t n1) {
    for (int64_t m0 = 0; m0 < a.M; m0 += kChunkRows) {
      for (int64_t n = n0; n < n1; n += kSetCols) run_set(a, m0, imin(a.M, m0 + kChunkRows), n, imin(n1, n + kSetCols));
    }
  }

  // Rows [m0, m1) (m0 a multiple of 32), columns [n0, n1).
  static void run_set(const MatmulArgs& a, int64_t m0, int64_t m1, int64_t n0, int64_t n1) {
    const PanelGeometry g = panel_geometry(a.w.type, a.w.K);
    const Act L(a.w.K, a.M);
    const int64_t groups = (n1 - n0 + kGroupCols - 1) / kGroupCols;
    const int64_t row_blocks = (m1 - m0 + 31) / 32;
    const int64_t n_slices = (g.nb + kKc - 1) / kKc * groups;
    const bool overlap = Src::kCopies && row_blocks < kOverlapRowBlocks;
    // Slice i: K slice i / groups of group i % groups.
    const auto slice_at = [&](int64_t i) {
      Slice s;
      s.grp = i % groups;
      s.b0 = i / groups * kKc;
      s.b1 = imin(g.nb, s.b0 + kKc);
      const int64_t gn0 = n0 + s.grp * kGroupCols;
      s.p0 = gn0 / kPanelCols;
      s.np = static_cast<int>((imin(n1, gn0 + kGroupCols) - gn0 + kPanelCols - 1) / kPanelCols);
      return s;
    };
    // Scratch: the f32 accumulators, 4 KiB per (row block, group, panel pair), then the
    // copied B tiles of one slice (two when the next is written during the current).
    const size_t acc_bytes = static_cast<size_t>(row_blocks * groups * 2) * 32 * 32 * sizeof(float);
    uint8_t* scratch = amx_thread_scratch(acc_bytes + (Src::kCopies ? 2 * kSliceBytes : 0));
    float* acc = reinterpret_cast<float*>(scratch);
    uint8_t* const bufs[2] = {scratch + acc_bytes, scratch + acc_bytes + kSliceBytes};
    const auto acc_block = [&](int64_t rb, int64_t grp, int jp) { return acc + ((rb * groups + grp) * 2 + jp / 2) * 32 * 32; };
    Operands o;
    o.act[0] = static_cast<const uint8_t*>(a.src_prepared);
    if constexpr (kParts > 1) o.act[1] = o.act[0] + L.plane_bytes;
    Producer prod(a, g);
    GroupScaler<V> scaler;
    Slice first = slice_at(0);
    if (overlap) {
      prod.start(&first, bufs[0], nullptr, 0);
      prod.finish();
    }
    T::configure(kFullConfig);
    for (int64_t i = 0; i < n_slices; ++i) {
      const Slice s = slice_at(i);
      const Slice next = slice_at(i + 1);    // valid when i + 1 < n_slices
      const Slice after = slice_at(i + 2);   // valid when i + 2 < n_slices
      const int64_t steps = row_blocks * ((s.np + 1) / 2) * (kInt8 ? (s.b1 - s.b0 + 1) / 2 : s.b1 - s.b0);
      uint8_t* buf = bufs[overlap ? i % 2 : 0];
      if (!overlap) {
        // This slice's tiles now (its bytes were prefetched during the last one), the
        // next slice's bytes prefetched during this one's products.
        prod.start(&s, buf, i + 1 < n_slices ? &next : nullptr, steps);
        prod.finish();
      } else {
        prod.start(i + 1 < n_slices ? &next : nullptr, bufs[(i + 1) % 2], i + 2 < n_slices ? &after : nullptr, steps);
      }
      for (int j = 0; j < s.np; ++j) {
        for (int part = 0; part < kParts; ++part) {
          if constexpr (Src::kCopies) {
            o.b[part][j] = buf + static_cast<size_t>(j) * kPanelBytes + static_cast<size_t>(part) * kPartBytes;
          } else {
            o.b[part][j] = Src::block(a, g, s.p0 + j, s.b0);
          }
        }
        if constexpr (kInt8) o.ws[j] = reinterpret_cast<const float*>(buf + static_cast<size_t>(j) * kPanelBytes + kPartBytes);
      }
      for (int64_t rb = 0; rb < row_blocks; ++rb) {
        const int64_t m = m0 + 32 * rb;
        const bool two_m = m1 - m > 16;
        for (int jp = 0; jp < s.np; jp += 2) {
          float* c = acc_block(rb, s.grp, jp);
          const float* next = jp + 2 < s.np ? acc_block(rb, s.grp, jp + 2) : acc_block((rb + 1) % row_blocks, s.grp, 0);
          const bool two_n = s.np - jp > 1;
          if (two_m && two_n) {
            block<2, 2>(L, o, s.b0, s.b1, m, jp, c, next, prod, scaler);
          } else if (two_m) {
            block<2, 1>(L, o, s.b0, s.b1, m, jp, c, next, prod, scaler);
          } else if (two_n) {
            block<1, 2>(L, o, s.b0, s.b1, m, jp, c, next, prod, scaler);
          } else {
            block<1, 1>(L, o, s.b0, s.b1, m, jp, c, next, prod, scaler);
          }
        }
      }
      prod.finish();  // the next slice's tiles, when overlapped
    }
    scaler.flush();
    T::release();
    // The accumulators to dst (rows < m1, columns < n1).
    for (int64_t m = m0; m < m1; ++m) {
      for (int64_t j = 0; j * kPanelCols < n1 - n0; ++j) {
        const int64_t col = n0 + kPanelCols * j;
        const float* c = acc_block((m - m0) / 32, j / kMaxPanels, static_cast<int>(j % kMaxPanels)) + ((m - m0) % 32) * 32;
        V::store_n(a.dst + m * a.dst_stride + col, V::load(c + 16 * (j % 2)), static_cast<int>(imin(16, n1 - col)));
      }
    }
  }
};

}  // namespace
}  // namespace tl

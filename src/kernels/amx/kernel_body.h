// The AMX matmul kernels, written once against a tile policy T (tile_config.h) and a
// vector policy V (vec_portable.h, vec_avx512.h); matmul_amx.cpp instantiates them on
// real tiles, matmul_emu.cpp on emulated ones.
//
// int8 types (weights in layout.h's panels), three paths by the rows present
// (layout.h's AmxInt8Path):
//  - M >= amx_wide_min_rows(): the wide path (tile_gemm.h): int8 tiles at K = 64 on
//    weights and activations requantized per 512 K (int8_groups.h), or with
//    --amx-wide bf16, bf16 tiles on weights dequantized once per matmul (as the bf16 /
//    f16 types' tile path).
//  - M >= kTileMinRows: int8 tiles, activations in kernels/common/act_quant.h's Act32
//    (int8 rows with one f32 scale d and one d * sum per 32). A 2 x 2 register block of
//    C tiles (32 rows x 32 columns) takes one tdpbssd per tile per K block of 32. Every GGUF block has its own weight
//    scale and every activation block its own d, so a 64-deep op would add two
//    differently scaled products; the int32 tile is scaled per block instead:
//      acc[m][n] += (ws[n] * d_a[m]) * C[m][n]  (+ wm[n] * s_a[m] for types with mins)
//    in f32. The scaling is overlapped with the tile work: block b's C tiles are stored
//    to a double buffer, block b + 1's tile ops are issued, and only then does the
//    vector unit scale block b, so the TMUL computes while the FMAs run (llama.cpp's AMX
//    path instead stores and rescales after each block before the next is issued).
//    Blocking: for a chunk of activation rows that fits in L2, each 32-column panel pair
//    is unpacked once (nibbles to signed int8 tiles, in L1/L2 scratch; Q8_0 tiles load
//    straight from the buffer) and then reused by every 32-row block of the chunk.
//  - M < kTileMinRows: vpdpbusd (or its portable equal) over the same packed bytes
//    (panel_vector.h, also the avx512 level's kernel for these panels).
// bf16 / f16 weights: from kTileMinRows rows bf16 tiles (tile_gemm.h) with f32
// accumulation over all of K; BF16 on activations rounded to bf16, F16 as three bf16
// products of hi / lo splits (f32-class accuracy, see FloatKernel). Below kTileMinRows,
// f32 FMAs on the exactly widened weights and the float activations.
//
// Included only by matmul_amx.cpp and matmul_emu.cpp; anonymous namespace.
#pragma once

#include <cstdint>
#include <cstring>

#include "kernels/amx/amx.h"
#include "kernels/amx/tile_gemm.h"
#include "kernels/amx/formats.h"
#include "kernels/amx/layout.h"
#include "kernels/amx/panel_vector.h"
#include "kernels/amx/tile_config.h"
#include "kernels/common/act_quant.h"

namespace tl {
namespace {

// Activation bytes a row chunk may hold so that it stays in a 2 MiB L2 beside the
// unpacked weights of one panel pair (nb * 1 KiB).
constexpr int64_t kActChunkBytes = 1024 * 1024;

// The int8 tile path's K slices (blocks of 32) when a row chunk has at most
// kSlicedRowBlocks 32-row blocks (tile_path).
constexpr int64_t kInt8SliceBlocks = 16;
constexpr int64_t kSlicedRowBlocks = 2;

inline constexpr TileConfig kInt8Config = make_int8_config();

// One 16-column panel of the packed weights, as a block loop reads it.
struct PanelRef {
  const uint8_t* scale = nullptr;  // scale area
  const uint8_t* tiles = nullptr;  // B tile of block first_block (packed buffer or scratch)
  int64_t first_block = 0;
  size_t tile_stride = 0;          // bytes between blocks' B tiles
  const uint8_t* tile(int64_t b) const { return tiles + static_cast<size_t>(b - first_block) * tile_stride; }
};

// ---- int8 ----------------------------------------------------------------------------

template <class T, class V, class Fmt>
struct Int8Kernel {
  using F = typename V::F;
  using I = typename V::I;
  using B = typename V::B;
  using Vector = PanelVectorInt8<V, Fmt>;

  // The vector path's activation format; the tile path reads s only for types with
  // mins, where both take s = d * sum(q).
  static void prepare(const MatmulArgs& a, void* prepared, int64_t m0, int64_t m1) {
    switch (amx_int8_path(a.M)) {
      case AmxInt8Path::Bf16Tiles: prepare_bf16_tiles<V, 1>(a, prepared, m0, m1); return;
      case AmxInt8Path::Int8Groups: prepare_int8_groups<V>(a, prepared, m0, m1); return;
      default: break;  // Vector and Int8Tiles share Act32
    }
    const Act32 L(a.w.K);
    Vector::prepare(a, prepared, m0, m1);
    if (m1 == a.M) {
      for (int64_t m = a.M; m < prepared_rows(a.M); ++m) std::memset(L.qs(prepared, m), 0, static_cast<size_t>(L.stride));
    }
  }

  static void compute(const MatmulArgs& a, int64_t n0, int64_t n1) {
    switch (amx_int8_path(a.M)) {
      case AmxInt8Path::Vector: vector_path(a, n0, n1); break;
      case AmxInt8Path::Int8Tiles: tile_path(a, n0, n1); break;
      case AmxInt8Path::Int8Groups: TileGemm<T, V, SrcRequant<Fmt>>::run(a, n0, n1); break;
      case AmxInt8Path::Bf16Tiles: TileGemm<T, V, SrcDequant<Fmt>>::run(a, n0, n1); break;
    }
  }

  // ---- few rows: the vector kernel over the same panels (panel_vector.h) ---------------
  static void vector_path(const MatmulArgs& a, int64_t n0, int64_t n1) { Vector::compute(a, n0, n1); }

  // ---- many rows: tiles ---------------------------------------------------------------
  static void tile_path(const MatmulArgs& a, int64_t n0, int64_t n1) {
    const Act32 L(a.w.K);
    const PanelGeometry g = panel_geometry(a.w.type, a.w.K);
    const int64_t chunk = imax(32, kActChunkBytes / L.stride / 32 * 32);
    const int64_t chunk_blocks = (imin(a.M, chunk) + 31) / 32;
    // K slices: with few row blocks (an expert's rows), a slice of a panel pair's tiles
    // (16 KiB) stays in L1 for all of them, where a whole K of 2048 (64 KiB) did not
    // (Xeon, Q4_0, M=32, one core: N=768 K=2048 113 GMAC/s, N=2048 K=768 192). With many,
    // one pass over K per row block keeps its accumulators in L1 instead (K passes
    // measured slower there: Q8_0 2048^3 127 vs 190 GMAC/s).
    const int64_t slice = chunk_blocks <= kSlicedRowBlocks ? kInt8SliceBlocks : g.nb;
    // Scratch: the f32 accumulators of the chunk's 32 x 32 blocks (one column pair), then
    // (nibble types) the unpacked tiles of a slice of a panel pair.
    const size_t acc_floats = 32 * 32;
    const size_t unpacked = static_cast<size_t>(imin(slice, g.nb)) * kTileBlockBytes;  // one panel's slice
    const size_t acc_bytes = static_cast<size_t>(chunk_blocks) * acc_floats * sizeof(float);
    uint8_t* scratch = amx_thread_scratch(acc_bytes + (Fmt::kDirect ? 0 : 2 * unpacked));
    float* acc = reinterpret_cast<float*>(scratch);
    T::configure(kInt8Config);
    for (int64_t mc = 0; mc < a.M; mc += chunk) {
      const int64_t mc_end = imin(a.M, mc + chunk);
      for (int64_t n = n0; n < n1; n += 2 * kPanelCols) {
        const int np = n1 - n > kPanelCols ? 2 : 1;
        for (int64_t kb0 = 0; kb0 < g.nb; kb0 += slice) {
          const int64_t kb1 = imin(g.nb, kb0 + slice);
          PanelRef pan[2];
          for (int j = 0; j < np; ++j) {
            const uint8_t* quant = a.w.data + static_cast<size_t>(n / kPanelCols + j) * g.panel_bytes;
            pan[j].scale = quant + static_cast<size_t>(g.nb) * g.quant_block;
            if constexpr (Fmt::kDirect) {
              pan[j].tiles = quant;
              pan[j].tile_stride = g.quant_block;
            } else {
              uint8_t* dst = scratch + acc_bytes + j * unpacked;
              for (int64_t b = kb0; b < kb1; ++b) {
                Fmt::template unpack_s<V>(quant + static_cast<size_t>(b) * g.quant_block,
                                          reinterpret_cast<int8_t*>(dst + static_cast<size_t>(b - kb0) * kTileBlockBytes));
              }
              pan[j].tiles = dst;
              pan[j].first_block = kb0;
              pan[j].tile_stride = kTileBlockBytes;
            }
          }
          // The next slice's bytes (this pair's, or the next pair's first) are prefetched
          // during the first row block.
          PanelPrefetch ahead;
          if (kb1 < g.nb) {
            ahead.start(a.w.data, g, n / kPanelCols, np, kb1, imin(g.nb, kb1 + slice), kb1 - kb0);
          } else {
            const int64_t n_next = n + 2 * kPanelCols;
            const int np_next = n_next >= n1 ? 0 : n1 - n_next > kPanelCols ? 2 : 1;
            ahead.start(a.w.data, g, n_next / kPanelCols, np_next, 0, imin(g.nb, slice), kb1 - kb0);
          }
          for (int64_t m = mc; m < mc_end; m += 32) {
            float* c = acc + static_cast<size_t>((m - mc) / 32) * acc_floats;
            const bool two_m = mc_end - m > 16;
            if (two_m && np == 2) {
              block_loop<2, 2>(a, L, kb0, kb1, g.nb, pan, m, n, n1, c, ahead);
            } else if (two_m) {
              block_loop<2, 1>(a, L, kb0, kb1, g.nb, pan, m, n, n1, c, ahead);
            } else if (np == 2) {
              block_loop<1, 2>(a, L, kb0, kb1, g.nb, pan, m, n, n1, c, ahead);
            } else {
              block_loop<1, 1>(a, L, kb0, kb1, g.nb, pan, m, n, n1, c, ahead);
            }
          }
        }
      }
    }
    T::release();
  }

  // C tile (i, j) is tile 2i + j; A tiles 4, 5; B tiles 6, 7 (tile_config.h).
  template <int MT, int NT>
  static void issue(const MatmulArgs& a, const Act32& L, const PanelRef (&pan)[2], int64_t m, int64_t b) {
    const size_t stride = static_cast<size_t>(L.stride);
    T::template zero<0>();
    if constexpr (NT > 1) T::template zero<1>();
    if constexpr (MT > 1) T::template zero<2>();
    if constexpr (MT > 1 && NT > 1) T::template zero<3>();
    T::template load<4>(L.qs(a.src_prepared, m) + kBlockK * b, stride);
    if constexpr (MT > 1) T::template load<5>(L.qs(a.src_prepared, m + 16) + kBlockK * b, stride);
    T::template load<6>(pan[0].tile(b), kTileBytes);
    if constexpr (NT > 1) T::template load<7>(pan[1].tile(b), kTileBytes);
    T::template dpbssd<0, 4, 6>();
    if constexpr (NT > 1) T::template dpbssd<1, 4, 7>();
    if constexpr (MT > 1) T::template dpbssd<2, 5, 6>();
    if constexpr (MT > 1 && NT > 1) T::template dpbssd<3, 5, 7>();
  }

  // Blocks [b0, b1) of a 32 x 32 output block into its f32 accumulators acc (32 x 32,
  // zeroed at b0 == 0, written to dst at b1 == nb); `ahead` steps once per block.
  template <int MT, int NT>
  static void block_loop(const MatmulArgs& a, const Act32& L, int64_t b0, int64_t b1, int64_t nb,
                         const PanelRef (&pan)[2], int64_t m, int64_t n, int64_t n1, float* acc,
                         PanelPrefetch& ahead) {
    alignas(64) int32_t cbuf[2][4][16][16];  // (parity, C tile, row, column)
    if (b0 == 0) {
      for (int r = 0; r < 16 * MT; ++r) {
        for (int j = 0; j < NT; ++j) V::store(acc + 32 * r + 16 * j, V::zero());
      }
    }
    issue<MT, NT>(a, L, pan, m, b0);
    for (int64_t b = b0; b < b1; ++b) {
      int32_t(*c)[16][16] = cbuf[b & 1];
      T::template store<0>(c[0], kTileBytes);
      if constexpr (NT > 1) T::template store<1>(c[1], kTileBytes);
      if constexpr (MT > 1) T::template store<2>(c[2], kTileBytes);
      if constexpr (MT > 1 && NT > 1) T::template store<3>(c[3], kTileBytes);
      // Next block's tile ops go in before this block's scaling, which overlaps them.
      if (b + 1 < b1) issue<MT, NT>(a, L, pan, m, b + 1);
      ahead.step();
      #pragma GCC unroll 2
      for (int j = 0; j < NT; ++j) {
        F ws;
        F wm = V::zero();
        Fmt::template scales<V>(pan[j].scale, b, ws, wm);
        #pragma GCC unroll 2
        for (int i = 0; i < MT; ++i) {
          const int32_t(*tile)[16] = c[2 * i + j];
          const float* d = L.d(a.src_prepared, m + 16 * i) + b;
          const float* s = L.s(a.src_prepared, m + 16 * i) + b;
          const int64_t step = L.stride / static_cast<int64_t>(sizeof(float));  // next row's d, s
          for (int r = 0; r < 16; ++r) {
            float* dst = acc + 32 * (16 * i + r) + 16 * j;
            F x = V::fma(V::cvt(V::load_i(tile[r])), V::mul(ws, V::set1(d[r * step])), V::load(dst));
            if constexpr (Fmt::kHasMin) x = V::fma(wm, V::set1(s[r * step]), x);
            V::store(dst, x);
          }
        }
      }
    }
    if (b1 < nb) return;
    for (int r = 0; r < 16 * MT && m + r < a.M; ++r) {
      for (int j = 0; j < NT; ++j) {
        const int64_t col = n + 16 * j;
        V::store_n(a.dst + (m + r) * a.dst_stride + col, V::load(acc + 32 * r + 16 * j),
                   static_cast<int>(imin(16, n1 - col)));
      }
    }
  }
};

// ---- bf16 / f16 ----------------------------------------------------------------------

// BF16 weights: tiles on activations rounded to bf16 (as llama.cpp does), weights exact.
// F16 weights, the most accurate fast path: an f16 value (11 significant bits) is
// exactly hi + lo with hi = bf16(w) and lo = w - hi (<= 4 bits), and an f32 activation
// is hi + lo to 2^-18 relative; three bf16 tile products (x_hi w_hi + x_hi w_lo +
// x_lo w_hi, dropping x_lo w_lo <= 2^-18) give f32-class results, three times the
// bf16 tile work, still ~5x the f32 FMA rate of AVX-512.
template <class T, class V, bool kF16>
struct FloatKernel {
  using F = typename V::F;
  using I = typename V::I;
  static constexpr int kParts = kF16 ? 2 : 1;  // hi (and lo) planes

  // The tile path's bf16 activation tiles (tile_gemm.h); the vector path reads floats.
  static void prepare(const MatmulArgs& a, void* prepared, int64_t m0, int64_t m1) {
    prepare_bf16_tiles<V, kParts>(a, prepared, m0, m1);
  }

  static void compute(const MatmulArgs& a, int64_t n0, int64_t n1) {
    if (a.M < kTileMinRows) {
      vector_path(a, n0, n1);
    } else {
      tile_path(a, n0, n1);
    }
  }

  static F lo(I x) {
    if constexpr (kF16) return V::f16_lo(x);
    return V::bf16_lo(x);
  }
  static F hi(I x) {
    if constexpr (kF16) return V::f16_hi(x);
    return V::bf16_hi(x);
  }

  static void vector_path(const MatmulArgs& a, int64_t n0, int64_t n1) {
    const int64_t K = a.w.K;
    const PanelGeometry g = panel_geometry(a.w.type, K);
    for (int64_t p = n0 / kPanelCols; p * kPanelCols < n1; ++p) {
      const uint8_t* panel = a.w.data + static_cast<size_t>(p) * g.panel_bytes;
      F acc[kTileMinRows];
      for (int64_t t = 0; t < a.M; ++t) acc[t] = V::zero();
      for (int64_t b = 0; b < g.nb; ++b) {
        const uint8_t* blk = panel + static_cast<size_t>(b) * kFloatBlockBytes;
        const int64_t k0 = kBlockK * b;
        const int pairs = static_cast<int>(imin(16, (K - k0 + 1) / 2));
        for (int r = 0; r < pairs; ++r) {
          const I x = V::load_i(blk + 64 * r);
          const F even = lo(x);
          const F odd = hi(x);
          const int64_t k = k0 + 2 * r;
          for (int64_t t = 0; t < a.M; ++t) {
            const float* s = a.src + t * a.src_stride;
            acc[t] = V::fma(even, V::set1(s[k]), acc[t]);
            if (k + 1 < K) acc[t] = V::fma(odd, V::set1(s[k + 1]), acc[t]);
          }
        }
      }
      const int cols = static_cast<int>(imin(kPanelCols, n1 - p * kPanelCols));
      for (int64_t t = 0; t < a.M; ++t) V::store_n(a.dst + t * a.dst_stride + p * kPanelCols, acc[t], cols);
    }
  }

  static void tile_path(const MatmulArgs& a, int64_t n0, int64_t n1) {
    TileGemm<T, V, std::conditional_t<kF16, SrcF16, SrcBf16>>::run(a, n0, n1);
  }
};

// ---- the exported tables and the tile probe ------------------------------------------

template <class T, class V>
constexpr AmxKernelFns int8_fns_for(DType t) {
  switch (t) {
    case DType::Q8_0: case DType::Q6_K:
      return {Int8Kernel<T, V, FmtQ8_0>::prepare, Int8Kernel<T, V, FmtQ8_0>::compute};
    case DType::Q4_0:
      return {Int8Kernel<T, V, FmtQ4_0>::prepare, Int8Kernel<T, V, FmtQ4_0>::compute};
    case DType::Q4_1:
      return {Int8Kernel<T, V, FmtQ4_1>::prepare, Int8Kernel<T, V, FmtQ4_1>::compute};
    case DType::Q4_K:
      return {Int8Kernel<T, V, FmtQ4_K>::prepare, Int8Kernel<T, V, FmtQ4_K>::compute};
    case DType::Q5_K:
      return {Int8Kernel<T, V, FmtQ5_K>::prepare, Int8Kernel<T, V, FmtQ5_K>::compute};
    case DType::BF16:
      return {FloatKernel<T, V, false>::prepare, FloatKernel<T, V, false>::compute};
    default:  // F16
      return {FloatKernel<T, V, true>::prepare, FloatKernel<T, V, true>::compute};
  }
}

template <class T, class V>
struct KernelTable {
  AmxKernelFns fns[kAmxTypeCount];
  constexpr KernelTable() : fns{} {
    for (int i = 0; i < kAmxTypeCount; ++i) fns[i] = int8_fns_for<T, V>(kAmxTypes[i]);
  }
};

// ---- benchmark-only: the int8 tile core and the peak loop (amx.h) ---------------------

// Blocked as TileGemm: per group of 4 panels and K pass of pass_steps tile ops (8: the
// group's B tiles, 32 KiB, stay in L1) every 32-row block of an L2-sized row chunk runs
// over them; the C tiles go through a scratch of 32 x 32 blocks between passes, the next
// block prefetched.
template <class T>
void int8_core_gemm(const int8_t* a, const int8_t* b, int32_t* c, int64_t M, int64_t N, int64_t K,
                    int64_t pass_steps) {
  const size_t panel = static_cast<size_t>(K) * kPanelCols;  // bytes of one 16-column panel
  const int64_t steps = K / 64;
  const int64_t chunk = imax(32, kActChunkBytes / K / 32 * 32);
  int32_t* acc = reinterpret_cast<int32_t*>(amx_thread_scratch(static_cast<size_t>(chunk) * 64 * sizeof(int32_t)));
  const size_t out_stride = static_cast<size_t>(N) * sizeof(int32_t);
  constexpr size_t kAccStride = 32 * sizeof(int32_t);
  T::configure(kFullConfig);  // every tile 16 x 64: K = 64 per tdpbssd
  for (int64_t mc = 0; mc < M; mc += chunk) {
    const int64_t mc_end = imin(M, mc + chunk);
    for (int64_t n = 0; n < N; n += 64) {
      for (int64_t s0 = 0; s0 < steps; s0 += pass_steps) {
        const int64_t s1 = imin(steps, s0 + pass_steps);
        for (int64_t m = mc; m < mc_end; m += 32) {
          for (int64_t pair = 0; pair < 2; ++pair) {
            const int8_t* b0 = b + static_cast<size_t>(n / kPanelCols + 2 * pair) * panel;
            const int8_t* b1 = b0 + panel;
            int32_t* blk = acc + ((m - mc) / 32 * 2 + pair) * 32 * 32;
            const int32_t* next = acc + (((m - mc) / 32 * 2 + pair + 1) % (chunk / 16)) * 32 * 32;
            for (int line = 0; line < 64; ++line) __builtin_prefetch(next + 16 * line, 1, 3);
            if (s0 == 0) {
              T::template zero<0>();
              T::template zero<1>();
              T::template zero<2>();
              T::template zero<3>();
            } else {
              T::template load<0>(blk, kAccStride);
              T::template load<1>(blk + 16, kAccStride);
              T::template load<2>(blk + 16 * 32, kAccStride);
              T::template load<3>(blk + 16 * 32 + 16, kAccStride);
            }
            for (int64_t s = s0; s < s1; ++s) {
              T::template load<4>(a + static_cast<size_t>(m / 16 * steps + s) * 1024, kTileBytes);
              T::template load<5>(a + static_cast<size_t>((m / 16 + 1) * steps + s) * 1024, kTileBytes);
              T::template load<6>(b0 + s * 1024, kTileBytes);
              T::template load<7>(b1 + s * 1024, kTileBytes);
              T::template dpbssd<0, 4, 6>();
              T::template dpbssd<1, 4, 7>();
              T::template dpbssd<2, 5, 6>();
              T::template dpbssd<3, 5, 7>();
            }
            int32_t* out = blk;
            size_t stride = kAccStride;
            if (s1 == steps) {  // done: to the row-major output
              out = c + m * N + n + 32 * pair;
              stride = out_stride;
            }
            const size_t down = 16 * stride / sizeof(int32_t);
            T::template store<0>(out, stride);
            T::template store<1>(out + 16, stride);
            T::template store<2>(out + down, stride);
            T::template store<3>(out + down + 16, stride);
          }
        }
      }
    }
  }
  T::release();
}

// n_ops tile products on registers only: `chains` (4 or 6) independent accumulators,
// so the loop shows whether 4 (the kernels' 2 x 2 block) hide the instruction latency.
template <class T, int chains>
void peak_loop(int64_t n_ops, bool bf16) {
  // Operands like a kernel's: the TMUL runs measurably faster on zero tiles (Xeon: up to
  // ~2x), so a peak on zeros would flatter no kernel. Pseudo-random int8, or bf16 values
  // in +-[1, 2).
  alignas(64) uint8_t operand[kTileRows * kTileBytes];
  uint32_t x = 12345;
  for (int i = 0; i < kTileRows * kTileBytes; i += 2) {
    x = x * 1664525u + 1013904223u;
    const uint16_t v = bf16 ? static_cast<uint16_t>(0x3F80u | ((x >> 16) & 0x807Fu)) : static_cast<uint16_t>(x >> 16);
    std::memcpy(operand + i, &v, sizeof v);
  }
  T::configure(kFullConfig);
  T::template load<6>(operand, kTileBytes);
  T::template load<7>(operand, kTileBytes);
  for (int64_t i = 0; i < n_ops; i += chains) {
    if (bf16) {
      T::template dpbf16ps<0, 6, 7>();
      T::template dpbf16ps<1, 6, 7>();
      T::template dpbf16ps<2, 6, 7>();
      T::template dpbf16ps<3, 6, 7>();
      if constexpr (chains > 4) {
        T::template dpbf16ps<4, 6, 7>();
        T::template dpbf16ps<5, 6, 7>();
      }
    } else {
      T::template dpbssd<0, 6, 7>();
      T::template dpbssd<1, 6, 7>();
      T::template dpbssd<2, 6, 7>();
      T::template dpbssd<3, 6, 7>();
      if constexpr (chains > 4) {
        T::template dpbssd<4, 6, 7>();
        T::template dpbssd<5, 6, 7>();
      }
    }
  }
  T::release();
}

// C op= A . B on tiles 0 (C), 1 (A), 2 (B), shaped for this one call.
template <class T>
void tile_probe(TileOp op, int rows, int groups, int lanes, const void* a, const void* b, void* c) {
  TileConfig cfg;
  cfg.rows[0] = cfg.rows[1] = static_cast<uint8_t>(rows);
  cfg.colsb[0] = static_cast<uint16_t>(4 * lanes);
  cfg.colsb[1] = static_cast<uint16_t>(4 * groups);
  cfg.rows[2] = static_cast<uint8_t>(groups);
  cfg.colsb[2] = static_cast<uint16_t>(4 * lanes);
  T::configure(cfg);
  T::template load<0>(c, 4 * static_cast<size_t>(lanes));
  T::template load<1>(a, 4 * static_cast<size_t>(groups));
  T::template load<2>(b, 4 * static_cast<size_t>(lanes));
  switch (op) {
    case TileOp::Dpbssd: T::template dpbssd<0, 1, 2>(); break;
    case TileOp::Dpbsud: T::template dpbsud<0, 1, 2>(); break;
    case TileOp::Dpbusd: T::template dpbusd<0, 1, 2>(); break;
    case TileOp::Dpbuud: T::template dpbuud<0, 1, 2>(); break;
    case TileOp::Dpbf16ps: T::template dpbf16ps<0, 1, 2>(); break;
  }
  T::template store<0>(c, 4 * static_cast<size_t>(lanes));
  T::release();
}

}  // namespace
}  // namespace tl

// The vector matmul over layout.h's 16-column panels for the int8 types: vpdpbusd (or
// its portable equal) with 16 weight columns per instruction and the 4 activation bytes
// broadcast, so there are no horizontal sums and one weight load feeds T tokens.
// Two users:
//  - the avx512 and avx2 levels' kernels for the cpu-repack buffer type (WeightLayout::
//    VnniPanels, the same bytes as the amx type's panels), at every M;
//  - the AMX kernels below kTileMinRows activation rows (kernel_body.h).
//
// Per (16 columns, block of 32, token) the weights are unsigned bytes u = w + kOffset
// (formats.h) and
//   offset types (Q8_0, Q4_0):  acc += ws * (d_a * dot(u, a) - kOffset * d_a * sum(a))
//                               = fma(fma(cvt(dot), d_a, s_a), ws, acc)
//     with s_a = -kOffset * d_a * sum(a) from prepare (kSumScale): 3 vector ops;
//   types with mins (Q4_1, K):  acc += ws * d_a * dot(u, a) + wm * s_a, s_a = d_a * sum(a).
// Register tile: P panels x T tokens of f32 accumulators, one block's 8 unpacked weight
// vectors and T int32 dot products live (T = 8: 8 + 8 + 8 + scales of 32 zmm; the
// portable policy of the emulated level stops at T = 2, which keeps its fully unrolled
// plain C++ small enough to compile quickly; AVX2's 16 registers hold T = 2 of 1 panel). Decode
// (T = 1) walks 4 panels at once, so 4 independent vpdpbusd chains hide its latency.
// Blocking as kernels/common/matmul_body.h: a chunk of panels whose weights fit in L2
// meets a chunk of tokens whose activations do; inside it a panel stays in L1/L2 while
// the token tiles pass.
//
// Included only by ISA translation units and the AMX kernel bodies; anonymous namespace.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>

#include "kernels/amx/formats.h"
#include "kernels/amx/layout.h"
#include "kernels/common/act_quant.h"
#include "kernels/matmul_kernel.h"

namespace tl {
namespace {

template <class V, class Fmt>
struct PanelVectorInt8 {
  using F = typename V::F;
  using I = typename V::I;
  using B = typename V::B;
  static_assert(Fmt::kOffset == 0 || !Fmt::kHasMin, "a format has an offset or a min, not both");

  static constexpr int kTokens = V::kPanelTokens;  // tokens per tile
  static constexpr bool kSigned = requires { Fmt::kSigned; };  // u holds signed weights
  static constexpr int64_t kChunkWeightBytes = 384 * 1024;
  // A decoding token streams each panel once: its quants are prefetched (into L1) this
  // many blocks ahead. Xeon, avx512, 16 threads, Q4_0 tg96, two alternating runs:
  // llama3-8b 18.3 / 17.8 t/s without, 20.5 / 19.7 at 16 (19.7-20.1 at 4); qwen3-30b-a3b
  // 43.4 / 43.6 -> 47.9 / 44.4. Non-temporal prefetches instead lost 20-25%.
  static constexpr int64_t kPrefetchBlocks = 16;
  static constexpr int64_t kChunkActBytes = 256 * 1024;

  // act_quant.h's s = kSumScale * d * sum(q): the offset term ready for one FMA.
  static constexpr float kSumScale = Fmt::kOffset != 0 ? -static_cast<float>(Fmt::kOffset) : 1.0f;

  // Panels per tile for T tokens: fewer tokens leave registers for more panels.
  static constexpr int panels_for(int T) {
    return T == 1 ? V::kDecodePanels : (T <= 4 && V::kDecodePanels > 2 ? 2 : 1);
  }

  static void prepare(const MatmulArgs& a, void* prepared, int64_t m0, int64_t m1) {
    const Act32 L(a.w.K);
    for (int64_t m = m0; m < m1; ++m) quantize_row_act32<typename V::Act>(a.src + m * a.src_stride, L, prepared, m, kSumScale);
  }

  // Panels [p, p + P) (clamped to the last one; results of repeats are dropped) for
  // tokens [m, m + T).
  template <int P, int T>
  static void tile(const MatmulArgs& a, const Act32& L, const PanelGeometry& g, int64_t p, int64_t p_end,
                   int64_t m, int64_t n1) {
    const uint8_t* quant[P];
    const uint8_t* scale[P];
    #pragma GCC unroll 4
    for (int j = 0; j < P; ++j) {
      const int64_t pj = p + j < p_end ? p + j : p_end - 1;
      quant[j] = a.w.data + static_cast<size_t>(pj) * g.panel_bytes;
      scale[j] = quant[j] + static_cast<size_t>(g.nb) * g.quant_block;
    }
    const int8_t* aq[T];
    const float* da[T];
    const float* sa[T];
    #pragma GCC unroll 8
    for (int t = 0; t < T; ++t) {
      aq[t] = L.qs(a.src_prepared, m + t);
      da[t] = L.d(a.src_prepared, m + t);
      sa[t] = L.s(a.src_prepared, m + t);
    }
    F acc[P][T];
    #pragma GCC unroll 4
    for (auto& row : acc) {
      #pragma GCC unroll 8
      for (F& x : row) x = V::zero();
    }
    for (int64_t b = 0; b < g.nb; ++b) {
      #pragma GCC unroll 4
      for (int j = 0; j < P; ++j) {
        if (T == 1 && b + kPrefetchBlocks < g.nb) {  // decode: see kPrefetchBlocks
          const uint8_t* ahead = quant[j] + static_cast<size_t>(b + kPrefetchBlocks) * g.quant_block;
          for (size_t line = 0; line < g.quant_block; line += 64) __builtin_prefetch(ahead + line, 0, 3);
        }
        B u[8];
        Fmt::template unpack_u<V>(quant[j] + static_cast<size_t>(b) * g.quant_block, u);
        F ws;
        F wm = V::zero();
        Fmt::template scales<V>(scale[j], b, ws, wm);
        I dot[T];
        #pragma GCC unroll 8
        for (I& x : dot) x = V::zero_i();
        #pragma GCC unroll 8
        for (int r = 0; r < 8; ++r) {
          if constexpr (kSigned) {  // |w| times the activations with w's signs
            const B w_abs = V::abs_b(u[r]);
            #pragma GCC unroll 8
            for (int t = 0; t < T; ++t) {
              dot[t] = V::dpbusd(dot[t], w_abs, V::sign_b(V::bcast4(aq[t] + kBlockK * b + 4 * r), u[r]));
            }
          } else {
            #pragma GCC unroll 8
            for (int t = 0; t < T; ++t) dot[t] = V::dpbusd(dot[t], u[r], V::bcast4(aq[t] + kBlockK * b + 4 * r));
          }
        }
        #pragma GCC unroll 8
        for (int t = 0; t < T; ++t) {
          if constexpr (Fmt::kOffset != 0) {
            const F f = V::fma(V::cvt(dot[t]), V::set1(da[t][b]), V::set1(sa[t][b]));
            acc[j][t] = V::fma(f, ws, acc[j][t]);
          } else {
            acc[j][t] = V::fma(V::cvt(dot[t]), V::mul(ws, V::set1(da[t][b])), acc[j][t]);
            if constexpr (Fmt::kHasMin) acc[j][t] = V::fma(wm, V::set1(sa[t][b]), acc[j][t]);
          }
        }
      }
    }
    #pragma GCC unroll 4
    for (int j = 0; j < P; ++j) {
      if (p + j >= p_end) continue;
      const int64_t col = (p + j) * kPanelCols;
      const int cols = static_cast<int>(n1 - col < kPanelCols ? n1 - col : kPanelCols);
      #pragma GCC unroll 8
      for (int t = 0; t < T; ++t) V::store_n(a.dst + (m + t) * a.dst_stride + col, acc[j][t], cols);
    }
  }

  // Calls tile<P, T> for a runtime T in [1, TMax]; P = 0 stands for panels_for(T).
  template <int TMax, int P>
  static void tile_for(int T, const MatmulArgs& a, const Act32& L, const PanelGeometry& g, int64_t p,
                       int64_t p_end, int64_t m, int64_t n1) {
    if constexpr (TMax >= 1) {
      if (T == TMax) {
        tile<P != 0 ? P : panels_for(TMax), TMax>(a, L, g, p, p_end, m, n1);
      } else {
        tile_for<TMax - 1, P>(T, a, L, g, p, p_end, m, n1);
      }
    }
  }

  // Columns [n0, n1) (n0 a multiple of 16) for all M rows.
  static void compute(const MatmulArgs& a, int64_t n0, int64_t n1) {
    const Act32 L(a.w.K);
    const PanelGeometry g = panel_geometry(a.w.type, a.w.K);
    const int64_t p0 = n0 / kPanelCols;
    const int64_t p1 = (n1 + kPanelCols - 1) / kPanelCols;
    // Fewer than kTokens rows: one pass over the weights with all of them.
    if (a.M < kTokens) {
      const int T = static_cast<int>(a.M);
      for (int64_t p = p0; p < p1; p += panels_for(T)) tile_for<kTokens - 1, 0>(T, a, L, g, p, p1, 0, n1);
      return;
    }
    const int64_t chunk_p = std::max<int64_t>(1, kChunkWeightBytes / static_cast<int64_t>(g.panel_bytes));
    const int64_t chunk_m = std::max<int64_t>(kTokens, kChunkActBytes / L.stride / kTokens * kTokens);
    for (int64_t pc = p0; pc < p1; pc += chunk_p) {
      const int64_t pc_end = std::min(p1, pc + chunk_p);
      for (int64_t mc = 0; mc < a.M; mc += chunk_m) {
        const int64_t mc_end = std::min(a.M, mc + chunk_m);
        for (int64_t p = pc; p < pc_end; ++p) {
          for (int64_t m = mc; m < mc_end; m += kTokens) {
            const int T = static_cast<int>(std::min<int64_t>(kTokens, mc_end - m));
            if (T == kTokens) {
              tile<1, kTokens>(a, L, g, p, p + 1, m, n1);
            } else {
              tile_for<kTokens - 1, 1>(T, a, L, g, p, p + 1, m, n1);
            }
          }
        }
      }
    }
  }
};

// The MatmulKernel of one (policy, type) over the cpu-repack buffer's vnni panels.
template <class V, DType kType, class Fmt>
struct PanelKernel {
  using Body = PanelVectorInt8<V, Fmt>;
  static_assert(Fmt::kMaxU <= V::kMaxExactUnsigned, "this policy's vpdpbusd would not be exact");
  static bool accepts(const MatmulProblem& p, std::string* why) {
    return accepts_panels(p, WeightLayout::VnniPanels, kType, "needs the vnni-panels layout (the cpu-repack buffer type)",
                          why);
  }
  static size_t prepared_bytes(const MatmulProblem& p, int64_t M) { return static_cast<size_t>(M * Act32(p.K).stride); }
  // Columns per compute() call: four panels, the widest decode tile.
  static MatmulKernel make(const char* name, Isa isa) {
    return MatmulKernel{name, isa, accepts, prepared_bytes, Body::prepare, Body::compute, 4 * kPanelCols};
  }
};

}  // namespace
}  // namespace tl

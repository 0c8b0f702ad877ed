// The matmul kernel bodies of the x86 levels, written once and templated on a vector
// policy V (simd_avx2.h, simd_avx512.h) and a per-type unpack traits struct
// (unpack_x86.h); each ISA file instantiates them under its own -m flags.
//
// Register tiling: a tile is kRows weight rows x T activation rows (T <= kTokens). Each
// unpacked weight vector feeds T tokens and each activation vector feeds kRows rows, so
// the unpack cost is paid once per tile, not once per product. Accumulators are float
// vectors, one per (row, token), reduced horizontally once at the end of K:
//   - 32-element blocks: per block, int32 lane sums (vpdpbusd, or vpmaddubsw+vpmaddwd)
//     become floats and take d_a and the weight's offset term in one FMA (f = dot * d_a
//     + s_a, where prepare() stored s_a = -offset/8 * d_a * sum(q_a): the term lands on
//     each of the block's 8 lanes), then d_w in a second FMA. Exact integer products,
//     two roundings per block.
//   - 256-element super-blocks: the int16 sub-block scales multiply the pair sums in
//     int16 x int16 -> int32 (vpmaddwd / vpdpwssd); each 32-element block's int32 sums
//     take its activation scale d_a in one FMA into a float sum, which takes d_w once per
//     super-block; mins use the activation's bsums (one vpmaddwd, then d_a per block).
//     (One d_a per 256 as llama.cpp's Q8_K would save that FMA and double the error.)
//   - float types: plain FMAs on floats converted from F16 / BF16 (exact conversions).
// Blocking: compute() walks [n0, n1) in chunks of rows whose weights fit in L2, and the
// tokens in chunks whose activations fit in L2; inside a chunk a tile's weight rows stay
// in L1 while the token tiles pass. At M = 1 (decode) this is one pass over the weights.
//
// Every loop over rows, tokens or vectors of a tile is fully unrolled (#pragma GCC
// unroll, which clang honours too): only then do the accumulator arrays live in registers.
//
// Included only by ISA translation units; anonymous namespace as in simd_avx2.h.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <type_traits>

#include "kernels/common/act_quant.h"
#include "kernels/common/unpack_x86.h"
#include "kernels/matmul_kernel.h"

namespace tl {
namespace {

// Weight and activation bytes a cache chunk may hold: about half of a 1-2 MiB L2 in all.
constexpr int64_t kChunkWeightBytes = 384 * 1024;
constexpr int64_t kChunkActBytes = 256 * 1024;

// Calls fn(std::integral_constant<int, t>) for a runtime t in [1, TMax].
template <int TMax, class Fn>
void with_tokens(int t, Fn&& fn) {
  if constexpr (TMax >= 1) {
    if (t == TMax) {
      fn(std::integral_constant<int, TMax>{});
    } else {
      with_tokens<TMax - 1>(t, fn);
    }
  }
}

// Rows [n, n + rows) of W as kRows pointers; missing rows repeat the last (their
// results are computed and dropped, so a tile never branches on the row count).
template <class Elem, int kRows>
void row_pointers(const WeightView& w, int64_t n, int rows, const Elem* (&out)[kRows]) {
  #pragma GCC unroll 16
  for (int r = 0; r < kRows; ++r) {
    out[r] = reinterpret_cast<const Elem*>(w.data + static_cast<size_t>(n + std::min(r, rows - 1)) * w.row_stride);
  }
}

// Zeroes a tile of accumulators (fully unrolled, so they stay in registers).
template <class V, int kRows, int T>
void zero_tile(typename V::F (&acc)[kRows][T]) {
  #pragma GCC unroll 16
  for (auto& row : acc) {
    #pragma GCC unroll 16
    for (auto& x : row) x = V::zero();
  }
}

template <class V, int kRows, int T>
void store_tile(const MatmulArgs& a, int64_t n, int rows, int64_t m, typename V::F (&acc)[kRows][T],
                const float (*tail)[T] = nullptr) {
  #pragma GCC unroll 16
  for (int t = 0; t < T; ++t) {
    float* dst = a.dst + (m + t) * a.dst_stride + n;
    for (int r = 0; r < rows; ++r) dst[r] = V::hsum(acc[r][t]) + (tail ? tail[r][t] : 0.0f);
  }
}

// Walks [n0, n1) x [0, M) in cache chunks and tiles; tile(n, rows, m, tokens).
template <int kRows, int kTokens, class Tile>
void drive(const MatmulArgs& a, int64_t n0, int64_t n1, int64_t act_row_bytes, Tile&& tile) {
  const int64_t w_row = std::max<int64_t>(1, static_cast<int64_t>(a.w.row_stride));
  const int64_t chunk_n = std::max<int64_t>(kRows, kChunkWeightBytes / w_row / kRows * kRows);
  const int64_t chunk_m = std::max<int64_t>(kTokens, kChunkActBytes / std::max<int64_t>(1, act_row_bytes) / kTokens * kTokens);
  for (int64_t nc = n0; nc < n1; nc += chunk_n) {
    const int64_t nc_end = std::min(n1, nc + chunk_n);
    for (int64_t mc = 0; mc < a.M; mc += chunk_m) {
      const int64_t mc_end = std::min(a.M, mc + chunk_m);
      for (int64_t n = nc; n < nc_end; n += kRows) {
        const int rows = static_cast<int>(std::min<int64_t>(kRows, nc_end - n));
        for (int64_t m = mc; m < mc_end; m += kTokens) {
          tile(n, rows, m, static_cast<int>(std::min<int64_t>(kTokens, mc_end - m)));
        }
      }
    }
  }
}

// ---- 32-element blocks --------------------------------------------------------------

template <class V, class W>
struct MatmulQ32 {
  using Block = typename W::Block;
  using F = typename V::F;
  using I = typename V::I;
  static constexpr DType kType = Block::kType;
  static constexpr int64_t kBlockElems = 32;
  static constexpr bool kInt8 = true;
  // Unsigned weights too wide for the policy's exact u8 x s8 product become signed
  // (u - 128) and take the sign trick; all such types have offset 128.
  static constexpr bool kSignTrick = W::kMaxU > V::kMaxExactUnsigned;
  static_assert(!kSignTrick || W::kOffset == 128, "sign trick needs w = u - 128");
  static constexpr int kOffset = kSignTrick ? 0 : W::kOffset;
  // Live per tile: kRows * kTokens accumulators, kRows weight (and |w|, scale) vectors,
  // and a token's bytes, scale and offset. 4 x 4 fits 32 zmm; with 16 ymm, 2 x 3 ran
  // faster than 4 x 2, which spills accumulators (Zen 4, 4096 x 4096, M = 512).
  static constexpr int kRows = V::kRegs == 32 ? 4 : 2;
  static constexpr int kTokens = V::kRegs == 32 ? 4 : 3;
  // Decode (M = 1) has no token to share an unpacked weight with, so it runs its own
  // tile: more rows give more independent accumulator chains and loads in flight, and
  // amortize the activation loads, in the registers the token dimension no longer needs
  // (AVX2: 4 acc + 4 weights + 4 scales + 3 activation vectors). One Zen 3 core then
  // streams Q4_0 at ~8 GB/s (was ~6), still unpack- and scale-bound, not memory-bound.
  static constexpr int kRowsDecode = V::kRegs == 32 ? 8 : 4;
  // Blocks ahead that decode prefetches each row: ~1 KiB for Q4_0 (18-byte blocks), far
  // enough to cover DRAM latency at one row's share of a core's bandwidth.
  static constexpr int64_t kPrefetchBlocks = 1024 / static_cast<int64_t>(sizeof(Block));

  static int64_t act_bytes(int64_t K) { return Act32(K).stride; }
  // s_a comes pre-scaled for its one use per block, spread over the block's 8 lanes:
  // -offset/8 * d_a * sum(q_a) for offset types, 1/8 of it for types with a min.
  static constexpr float kSumScale = kOffset != 0 ? -kOffset / 8.0f : 0.125f;
  static void prepare_row(const float* x, int64_t K, void* base, int64_t m) {
    quantize_row_act32<V>(x, Act32(K), base, m, kSumScale);
  }

  template <int R, int T>
  static void tile(const MatmulArgs& a, int64_t n, int rows, int64_t m) {
    const Act32 L(a.w.K);
    const Block* w[R];
    row_pointers<Block, R>(a.w, n, rows, w);
    F acc[R][T];
    zero_tile<V>(acc);
    for (int64_t b = 0; b < L.nb; b += V::kBlocks) {
      const int nblk = static_cast<int>(std::min<int64_t>(V::kBlocks, L.nb - b));
      I wq[R];
      I wabs[R];
      F dw[R];
      F mw[R];
      #pragma GCC unroll 16
      for (int r = 0; r < R; ++r) {
        // Hardware prefetchers track few streams per core; decode walks R of them
        // per thread. Prefetches past a row's end are harmless (they never fault).
        if constexpr (T == 1) V::prefetch(w[r] + b + kPrefetchBlocks);
        __m256i parts[V::kBlocks];
        uint16_t ds[V::kBlocks];  // fp16 bits
        uint16_t ms[V::kBlocks];
        #pragma GCC unroll 16
        for (int j = 0; j < V::kBlocks; ++j) {
          if (j < nblk) {
            const Block& blk = w[r][b + j];
            if constexpr (kSignTrick) {
              parts[j] = W::unpack_signed(blk);
            } else {
              parts[j] = W::unpack(blk);
            }
            ds[j] = W::scale(blk);
            ms[j] = W::min(blk);
          } else {
            parts[j] = _mm256_setzero_si256();
            ds[j] = ms[j] = 0;
          }
        }
        wq[r] = V::join(parts);
        if constexpr (kSignTrick) wabs[r] = V::abs8(wq[r]);
        dw[r] = V::spread_f16(ds, nblk);
        if constexpr (W::kHasMin) mw[r] = V::spread_f16(ms, nblk);
      }
      #pragma GCC unroll 16
      for (int t = 0; t < T; ++t) {
        const I av = V::load_act(L.qs(a.src_prepared, m + t) + 32 * b, nblk);
        const F da = V::spread(L.d(a.src_prepared, m + t) + b, nblk);
        const F sa = V::spread(L.s(a.src_prepared, m + t) + b, nblk);
        #pragma GCC unroll 16
        for (int r = 0; r < R; ++r) {
          I dot;
          if constexpr (kSignTrick) {
            dot = V::dot_ss(wabs[r], wq[r], av);
          } else {
            dot = V::dot_us(wq[r], av);
          }
          F f;
          if constexpr (kOffset != 0) {
            f = V::fma(V::cvt(dot), da, sa);
          } else {
            f = V::mul(V::cvt(dot), da);
          }
          acc[r][t] = V::fma(f, dw[r], acc[r][t]);
          if constexpr (W::kHasMin) acc[r][t] = V::fma(mw[r], sa, acc[r][t]);
        }
      }
    }
    store_tile<V, R, T>(a, n, rows, m, acc);
  }
};

// ---- 256-element super-blocks -------------------------------------------------------

template <class V, class W>
struct MatmulQ256 {
  using Block = typename W::Block;
  using F = typename V::F;
  using I = typename V::I;
  static constexpr DType kType = Block::kType;
  static constexpr int64_t kBlockElems = 256;
  static constexpr bool kInt8 = true;
  // As MatmulQ32; the unpacked super-blocks and their scale vectors live in L1 (stack).
  static constexpr int kRows = V::kRegs == 32 ? 4 : 2;
  static constexpr int kTokens = V::kRegs == 32 ? 4 : 3;
  static constexpr int kVecs = 256 / V::kBytes;  // vectors per super-block
  static constexpr int kScalesPerVec = V::kBytes / 16;

  static int64_t act_bytes(int64_t K) { return Act256(K).stride; }
  static void prepare_row(const float* x, int64_t K, void* base, int64_t m) {
    quantize_row_act256<V>(x, Act256(K), base, m);
  }

  template <int R, int T>
  static void tile(const MatmulArgs& a, int64_t n, int rows, int64_t m) {
    const Act256 L(a.w.K);
    const Block* w[R];
    row_pointers<Block, R>(a.w, n, rows, w);
    F acc[R][T];
    zero_tile<V>(acc);
    SuperBlock sb[R];
    // |w| for the sign trick of signed types, once per row rather than per product.
    alignas(64) uint8_t wabs[W::kSigned ? R : 1][256];
    I scales[R][kVecs];
    for (int64_t s = 0; s < L.nsb; ++s) {
      #pragma GCC unroll 16
      for (int r = 0; r < R; ++r) {
        W::unpack(w[r][s], sb[r]);
        #pragma GCC unroll 16
        for (int v = 0; v < kVecs; ++v) {
          scales[r][v] = V::spread_scales16(sb[r].sc + v * kScalesPerVec);
          if constexpr (W::kSigned) {
            const I x = V::abs8(V::load_i(sb[r].q + v * V::kBytes));
            __builtin_memcpy(wabs[r] + v * V::kBytes, &x, sizeof x);
          }
        }
      }
      #pragma GCC unroll 16
      for (int t = 0; t < T; ++t) {
        const int8_t* aq = L.qs(a.src_prepared, m + t) + 256 * s;
        const float* da = L.d(a.src_prepared, m + t) + 8 * s;  // the super-block's 8 block scales
        F sums[R];  // sum over blocks of d_a * the block's int32 sums
        #pragma GCC unroll 16
        for (F& x : sums) x = V::zero();
        #pragma GCC unroll 16
        for (int v = 0; v < kVecs; ++v) {
          const I av = V::load_i(aq + v * V::kBytes);
          const F dav = V::spread(da + v * V::kBlocks, V::kBlocks);
          #pragma GCC unroll 16
          for (int r = 0; r < R; ++r) {
            const I wv = V::load_i(sb[r].q + v * V::kBytes);
            I p;
            if constexpr (W::kSigned) {
              p = V::maddubs(V::load_i(wabs[r] + v * V::kBytes), V::apply_sign(av, wv));
            } else {
              p = V::maddubs(wv, av);
            }
            sums[r] = V::fma(V::cvt(V::madd_acc(V::zero_i(), p, scales[r][v])), dav, sums[r]);
          }
        }
        __m256i bsums;
        if constexpr (W::kHasMins) {
          bsums = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(L.bsums(a.src_prepared, m + t) + 16 * s));
        }
        #pragma GCC unroll 16
        for (int r = 0; r < R; ++r) {
          acc[r][t] = V::fma(sums[r], V::set1(sb[r].d), acc[r][t]);
          if constexpr (W::kHasMins) {
            // Lane b: block b's two 16-element min terms, then its d_a.
            const __m256i mins = _mm256_madd_epi16(_mm256_load_si256(reinterpret_cast<const __m256i*>(sb[r].mn)), bsums);
            const __m256 scaled = _mm256_mul_ps(_mm256_cvtepi32_ps(mins), _mm256_loadu_ps(da));
            acc[r][t] = V::fma(V::widen(scaled), V::set1(-sb[r].dmin), acc[r][t]);
          }
        }
      }
    }
    store_tile<V, R, T>(a, n, rows, m, acc);
  }
};

// ---- plain float types --------------------------------------------------------------

template <class V, class W, DType kDType>
struct MatmulFloat {
  using Elem = typename W::Elem;
  using F = typename V::F;
  static constexpr DType kType = kDType;
  static constexpr int64_t kBlockElems = 1;
  static constexpr bool kInt8 = false;
  // kRows * kTokens accumulators + kRows weight vectors + one activation vector.
  static constexpr int kRows = 4;
  static constexpr int kTokens = V::kRegs == 32 ? 4 : 2;

  static int64_t act_bytes(int64_t K) { return K * static_cast<int64_t>(sizeof(float)); }
  static void prepare_row(const float*, int64_t, void*, int64_t) {}

  template <int R, int T>
  static void tile(const MatmulArgs& a, int64_t n, int rows, int64_t m) {
    constexpr int L = V::kFloatLanes;
    const int64_t K = a.w.K;
    const Elem* w[R];
    row_pointers<Elem, R>(a.w, n, rows, w);
    const float* x[T];
    #pragma GCC unroll 16
    for (int t = 0; t < T; ++t) x[t] = a.src + (m + t) * a.src_stride;
    F acc[R][T];
    zero_tile<V>(acc);
    int64_t k = 0;
    for (; k + L <= K; k += L) {
      F wv[R];
      #pragma GCC unroll 16
      for (int r = 0; r < R; ++r) wv[r] = W::template load<V>(w[r] + k);
      #pragma GCC unroll 16
      for (int t = 0; t < T; ++t) {
        const F xv = V::load(x[t] + k);
        #pragma GCC unroll 16
        for (int r = 0; r < R; ++r) acc[r][t] = V::fma(wv[r], xv, acc[r][t]);
      }
    }
    float tail[R][T] = {};
    for (; k < K; ++k) {
      #pragma GCC unroll 16
      for (int r = 0; r < R; ++r) {
        #pragma GCC unroll 16
        for (int t = 0; t < T; ++t) tail[r][t] += W::at(w[r], k) * x[t][k];
      }
    }
    store_tile<V, R, T>(a, n, rows, m, acc, tail);
  }
};

// ---- the MatmulKernel entry points of one (policy, family) --------------------------

template <class V, class Family>
struct KernelEntry {
  static bool accepts(const MatmulProblem& p, std::string* why) {
    if (p.layout != WeightLayout::Rows) {
      *why = "needs the plain row layout";
      return false;
    }
    if (p.type != Family::kType) {
      *why = "other type";
      return false;
    }
    if (p.K % Family::kBlockElems != 0) {
      *why = "K is not a multiple of the block size";
      return false;
    }
    return true;
  }
  static size_t prepared_bytes(const MatmulProblem& p, int64_t M) {
    if constexpr (!Family::kInt8) return 0;
    return static_cast<size_t>(M * Family::act_bytes(p.K));
  }
  static void prepare(const MatmulArgs& a, void* prepared, int64_t m0, int64_t m1) {
    for (int64_t m = m0; m < m1; ++m) Family::prepare_row(a.src + m * a.src_stride, a.w.K, prepared, m);
  }
  static void compute(const MatmulArgs& a, int64_t n0, int64_t n1) {
    if constexpr (requires { Family::kRowsDecode; }) {
      if (a.M == 1) {
        constexpr int R = Family::kRowsDecode;
        drive<R, 1>(a, n0, n1, Family::act_bytes(a.w.K), [&](int64_t n, int rows, int64_t m, int) {
          Family::template tile<R, 1>(a, n, rows, m);
        });
        return;
      }
    }
    constexpr int R = Family::kRows;
    drive<R, Family::kTokens>(a, n0, n1, Family::act_bytes(a.w.K), [&](int64_t n, int rows, int64_t m, int tokens) {
      with_tokens<Family::kTokens>(tokens, [&](auto t) { Family::template tile<R, decltype(t)::value>(a, n, rows, m); });
    });
  }
};

// Rows handed to one compute() call at a time: a few tiles, so experts with few rows
// still spread over threads.
constexpr int64_t kNBlock = 16;

// Float weights: half that, so a small float matrix (a MoE router, 128 rows) spreads
// over 16 threads at decode.
constexpr int64_t kNBlockFloat = 8;

template <class V, class Family>
MatmulKernel make_kernel(const char* name, Isa isa) {
  using E = KernelEntry<V, Family>;
  constexpr int64_t n_block = Family::kInt8 ? kNBlock : kNBlockFloat;
  static_assert(n_block % Family::kRows == 0);
  if constexpr (requires { Family::kRowsDecode; }) static_assert(n_block % Family::kRowsDecode == 0);
  return MatmulKernel{name, isa, E::accepts, E::prepared_bytes, E::prepare, E::compute, n_block};
}

}  // namespace
}  // namespace tl

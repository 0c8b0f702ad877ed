// Prompt attention on bf16 tiles (attention_kernel.h), written once against a tile
// policy T and a vector policy V like the matmul bodies.
//
// A block is up to 16 tokens of one kv head; each of its nq query heads is one row tile
// (the 16 tokens), so a 2 x 2 block of C tiles is two heads x 32 keys (or 32 value
// columns) and all heads of a GQA group read each key and value tile once. Keys go by
// chunks of kChunk with an online softmax (running max m and sum l per row, the output
// rescaled when m grows):
//   S = scale * Q K^T              O = O * e^(m_old - m) + P V,   P = exp(S - m) (f32)
// in bf16 tile products of splits into bf16 parts, so that both stay f32-class like the
// row kernels' (one bf16 product, 2^-9 per term, moved hf-tiny's golden logits by 3e-2
// where the tests allow 1e-4):
//  - P V: x = hi + lo, three products hi hi + hi lo + lo hi (~2^-17 per term).
//  - Q K^T: a score's absolute error becomes a weight's relative error, and the scores
//    of trained models reach tens, so x = hi + mid + lo (24 bits) and six products
//    (all but the terms below 2^-24). With the two-way split the scores' error was 4-6x
//    that of P V and hf-tiny's logits moved 1.7e-4.
// The causal mask is a prefix per row (keys <= the token's position), applied to S.
//
// Packed keys and values of one kv head (pack(), once per call, shared by all blocks),
// NP = n_keys rounded up to kChunk, D and DV = d and dv rounded up to 32 (zeros):
//   K_hi, K_mid, K_lo  (NP / 16, D / 32) B tiles: row r, lane c = dims (32 i + 2r, + 1)
//               of key 16 j + c, the tdpbf16ps B operand of Q K^T
//   V_hi, V_lo  (NP / 32, DV / 16) B tiles: row r, lane c = dim 16 i + c of keys
//               (32 j + 2r, + 1), the B operand of P V
//
// Included by matmul_amx.cpp and matmul_emu.cpp (the kernels) and register.cpp (the
// geometry only: no intrinsics here); anonymous namespace.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

#include "kernels/amx/amx.h"
#include "kernels/amx/layout.h"
#include "kernels/amx/tile_block.h"
#include "kernels/amx/tile_config.h"
#include "kernels/attention_kernel.h"
#include "kernels/common/exp_approx.h"

namespace tl {
namespace {

struct AttentionGeometry {
  static constexpr int64_t kChunk = 128;  // keys per softmax step (and per pack() call)
  int64_t D, DV, NP;
  static constexpr int kKeyParts = 3;  // hi, mid, lo
  size_t k_plane, v_plane;  // bytes of one K part and of V_hi (= V_lo)
  AttentionGeometry(int64_t d, int64_t dv, int64_t n_keys)
      : D(round_up(d, 32)), DV(round_up(dv, 32)), NP(round_up(n_keys, kChunk)),
        k_plane(static_cast<size_t>(NP * D) * 2), v_plane(static_cast<size_t>(NP * DV) * 2) {}
  size_t bytes() const { return kKeyParts * k_plane + 2 * v_plane; }
  // Byte offsets of the key tile (key block j of 16, dim block i of 32) in a K plane
  // and of the V_hi tile (key block j of 32, column block i of 16; V_lo's v_plane on).
  size_t k_tile(int64_t j, int64_t i) const { return static_cast<size_t>(j * (D / 32) + i) * kFloatBlockBytes; }
  size_t v_tile(int64_t j, int64_t i) const {
    return kKeyParts * k_plane + static_cast<size_t>(j * (DV / 16) + i) * kFloatBlockBytes;
  }
};

inline size_t attention_packed_bytes(int64_t d, int64_t dv, int64_t n_keys) {
  return AttentionGeometry(d, dv, n_keys).bytes();
}

template <class T, class V>
struct TileAttention {
  using F = typename V::F;
  static constexpr int64_t kChunk = AttentionGeometry::kChunk;
  static constexpr TileConfig kConfig = make_full_config();

  // n floats of x (n <= 16; 0: zeros) split into kParts bf16 parts, each 16 values at
  // part[i]: the first bf16(x), each next one bf16 of what the earlier ones leave.
  template <int kParts>
  static void split16(const float* x, int64_t n, uint16_t* const* part) {
    F v = V::zero();
    if (n >= 16) {
      v = V::load(x);
    } else if (n > 0) {
      float tail[16] = {};
      for (int64_t i = 0; i < n; ++i) tail[i] = x[i];
      v = V::load(tail);
    }
    for (int i = 0; i < kParts; ++i) {
      const F h = V::bf16_round(v);
      V::store_bf16(part[i], h);
      v = V::sub(v, h);
    }
  }

  // ---- packing: keys [c0, c0 + kChunk) of one kv head ----------------------------------
  static void pack(const AttentionPackArgs& a, int64_t block) {
    const AttentionGeometry g(a.d, a.dv, a.n_keys);
    const int64_t c0 = block * kChunk;
    constexpr int kParts = AttentionGeometry::kKeyParts;
    // Keys: 16 at a time, each key's dims as bf16 parts in order (32-bit units = dim
    // pairs), then transposed unit by unit into the B tiles (row = dim pair, lane = key).
    alignas(64) uint16_t rows[kParts][16][256];
    for (int64_t j = c0 / 16; j < (c0 + kChunk) / 16; ++j) {
      for (int64_t i0 = 0; i0 < g.D; i0 += 256) {  // dims by 256 (the row buffers)
        const int64_t span = imin(256, g.D - i0);
        for (int c = 0; c < 16; ++c) {
          const int64_t p = 16 * j + c;
          for (int64_t i = 0; i < span; i += 16) {
            uint16_t* parts[kParts];
            for (int e = 0; e < kParts; ++e) parts[e] = &rows[e][c][i];
            split16<kParts>(a.k + p * a.k_stride + i0 + i, p < a.n_keys ? a.d - (i0 + i) : 0, parts);
          }
        }
        for (int e = 0; e < kParts; ++e) {
          for (int64_t i = 0; i < span; i += 32) {
            uint32_t* t = reinterpret_cast<uint32_t*>(a.packed + e * g.k_plane + g.k_tile(j, (i0 + i) / 32));
            for (int r = 0; r < 16; ++r) {
              for (int c = 0; c < 16; ++c) std::memcpy(t + 16 * r + c, &rows[e][c][i + 2 * r], 4);
            }
          }
        }
      }
    }
    // Values: tile row r pairs keys 2r and 2r + 1 lane by lane (pack_bf16's order).
    for (int64_t j = c0 / 32; j < (c0 + kChunk) / 32; ++j) {
      for (int64_t i = 0; i < g.DV / 16; ++i) {
        uint8_t* t = a.packed + g.v_tile(j, i);
        for (int r = 0; r < 16; ++r) {
          F x[2];
          for (int e = 0; e < 2; ++e) {
            const int64_t p = 32 * j + 2 * r + e;
            const int64_t n = p < a.n_keys ? imin(16, a.dv - 16 * i) : 0;
            float tail[16] = {};
            for (int64_t c = 0; c < n; ++c) tail[c] = a.v[p * a.v_stride + 16 * i + c];
            x[e] = n == 16 ? V::load(a.v + p * a.v_stride + 16 * i) : V::load(tail);
          }
          const F h0 = V::bf16_round(x[0]), h1 = V::bf16_round(x[1]);
          V::store_i(t + 64 * r, V::pack_bf16(h0, h1));
          V::store_i(t + g.v_plane + 64 * r, V::pack_bf16(V::sub(x[0], h0), V::sub(x[1], h1)));
        }
      }
    }
  }

  // ---- one block of tokens ------------------------------------------------------------
  struct Scratch {
    int R;                 // row tiles: query heads
    int64_t DB, DV;        // dim blocks of 32 (Q's A tiles per row tile), value columns
    uint8_t* q[AttentionGeometry::kKeyParts];  // (R, DB) A tiles per part
    float* s;              // (16 R, kChunk) scores of the chunk
    uint8_t* p_hi;         // (R, kChunk / 32) A tiles: the chunk's weights
    uint8_t* p_lo;
    float* o;              // (16 R, DV) output accumulators
    float* m;              // 16 R running maxima
    float* l;              // 16 R running sums
    Scratch(int nq, const AttentionGeometry& g) : R(nq), DB(g.D / 32), DV(g.DV) {
      const size_t q_bytes = static_cast<size_t>(R * DB) * kFloatBlockBytes;
      const size_t s_bytes = static_cast<size_t>(16 * R * kChunk) * sizeof(float);
      const size_t p_bytes = static_cast<size_t>(R * (kChunk / 32)) * kFloatBlockBytes;
      const size_t o_bytes = static_cast<size_t>(16 * R * DV) * sizeof(float);
      const size_t ml_bytes = static_cast<size_t>(16 * R) * sizeof(float);
      constexpr int kParts = AttentionGeometry::kKeyParts;
      uint8_t* b = amx_thread_scratch(kParts * q_bytes + s_bytes + 2 * p_bytes + o_bytes + 2 * ml_bytes);
      for (int e = 0; e < kParts; ++e) q[e] = b + e * q_bytes;
      s = reinterpret_cast<float*>(b + kParts * q_bytes);
      p_hi = reinterpret_cast<uint8_t*>(s) + s_bytes;
      p_lo = p_hi + p_bytes;
      o = reinterpret_cast<float*>(p_lo + p_bytes);
      m = o + 16 * R * DV;
      l = m + 16 * R;
    }
    size_t q_tile(int64_t r, int64_t i) const { return static_cast<size_t>(r * DB + i) * kFloatBlockBytes; }
    size_t p_tile(int64_t r, int64_t j) const { return static_cast<size_t>(r * (kChunk / 32) + j) * kFloatBlockBytes; }
  };

  static void attend(const AttendBlockArgs& a) {
    const AttentionGeometry g(a.d, a.dv, a.n_keys);
    Scratch sc(a.nq, g);
    // Rows past n_tok repeat the last token's position (finite, unused results).
    int32_t pos[kAttentionTokens];
    int32_t last = 0;
    for (int i = 0; i < kAttentionTokens; ++i) {
      pos[i] = a.pos[i < a.n_tok ? i : a.n_tok - 1];
      last = pos[i] > last ? pos[i] : last;
    }
    load_queries(a, sc);
    for (int64_t row = 0; row < 16 * sc.R; ++row) {
      sc.m[row] = -INFINITY;
      sc.l[row] = 0.0f;
      std::memset(sc.o + row * sc.DV, 0, static_cast<size_t>(sc.DV) * sizeof(float));
    }
    T::configure(kConfig);
    for (int64_t c0 = 0; c0 <= last; c0 += kChunk) {
      const int64_t keys = imin(kChunk, last + 1 - c0);
      scores(g, a.packed, sc, c0, keys);
      softmax(sc, pos, a.scale, c0);
      values(g, a.packed, sc, c0, keys);
    }
    T::release();
    for (int i = 0; i < a.n_tok; ++i) {
      for (int h = 0; h < sc.R; ++h) {
        const int64_t row = 16 * h + i;
        const F inv = V::set1(1.0f / sc.l[row]);
        float* out = a.out + i * a.out_stride + h * a.dv;
        for (int64_t c = 0; c < a.dv; c += 16) {
          V::store_n(out + c, V::mul(V::load(sc.o + row * sc.DV + c), inv), static_cast<int>(imin(16, a.dv - c)));
        }
      }
    }
  }

  // Q of every head as bf16 parts in A tiles: row i of head h's tiles is token i.
  static void load_queries(const AttendBlockArgs& a, const Scratch& sc) {
    for (int h = 0; h < sc.R; ++h) {
      for (int i = 0; i < kAttentionTokens; ++i) {
        const float* x = a.q + i * a.q_stride + h * a.d;
        for (int64_t b = 0; b < sc.DB; ++b) {
          for (int64_t e = 0; e < 32; e += 16) {
            const size_t off = sc.q_tile(h, b) + static_cast<size_t>(i) * kTileBytes + 2 * static_cast<size_t>(e);
            uint16_t* parts[AttentionGeometry::kKeyParts];
            for (int j = 0; j < AttentionGeometry::kKeyParts; ++j) parts[j] = reinterpret_cast<uint16_t*>(sc.q[j] + off);
            split16<AttentionGeometry::kKeyParts>(x + 32 * b + e, i < a.n_tok ? a.d - (32 * b + e) : 0, parts);
          }
        }
      }
    }
  }

  // Rows of heads r, r + 1 and keys of key tiles j, j + 1 (the chunk's first: j0) of S.
  template <int MT, int NT>
  static void score_block(const AttentionGeometry& g, const uint8_t* packed, const Scratch& sc, int64_t r,
                          int64_t j, int64_t j0) {
    using Block = TileBlock<T, MT, NT>;
    const uint8_t* k[3] = {packed, packed + g.k_plane, packed + 2 * g.k_plane};  // hi, mid, lo
    Block::zero_c();
    for (int64_t i = 0; i < sc.DB; ++i) {
      const size_t qa = sc.q_tile(r, i), qb = sc.q_tile(r + 1, i);
      const size_t ka = g.k_tile(j, i), kb = g.k_tile(j + 1, i);
      // The parts' products down to 2^-24: (hi, hi) (hi, mid) (hi, lo) (mid, hi)
      // (mid, mid) (lo, hi), each A part loaded once.
      Block::load_a(sc.q[0] + qa, sc.q[0] + qb);
      for (int e = 0; e < 3; ++e) {
        Block::load_b(k[e] + ka, k[e] + kb);
        Block::dpbf16ps();
      }
      Block::load_a(sc.q[1] + qa, sc.q[1] + qb);
      for (int e = 0; e < 2; ++e) {
        Block::load_b(k[e] + ka, k[e] + kb);
        Block::dpbf16ps();
      }
      Block::load_a(sc.q[2] + qa, sc.q[2] + qb);
      Block::load_b(k[0] + ka, k[0] + kb);
      Block::dpbf16ps();
    }
    Block::store_c(sc.s + 16 * r * kChunk + 16 * (j - j0), kChunk * sizeof(float));
  }

  // S (16 R x kChunk) = Q K^T for keys [c0, c0 + keys) (16-key tiles past them skipped).
  static void scores(const AttentionGeometry& g, const uint8_t* packed, const Scratch& sc, int64_t c0, int64_t keys) {
    const int64_t j0 = c0 / 16, nj = (keys + 15) / 16;
    for (int64_t r = 0; r < sc.R; r += 2) {
      const bool two_m = sc.R - r > 1;
      for (int64_t j = j0; j < j0 + nj; j += 2) {
        const bool two_n = j0 + nj - j > 1;
        if (two_m && two_n) {
          score_block<2, 2>(g, packed, sc, r, j, j0);
        } else if (two_m) {
          score_block<2, 1>(g, packed, sc, r, j, j0);
        } else if (two_n) {
          score_block<1, 2>(g, packed, sc, r, j, j0);
        } else {
          score_block<1, 1>(g, packed, sc, r, j, j0);
        }
      }
    }
  }

  // The online softmax step of every row over the chunk's scores: P as bf16 hi and lo A
  // tiles (zeros past each row's visible keys), m, l and O updated.
  static void softmax(const Scratch& sc, const int32_t* pos, float scale, int64_t c0) {
    const F vscale = V::set1(scale);
    const F neg_inf = V::set1(-INFINITY);
    for (int64_t row = 0; row < 16 * sc.R; ++row) {
      const int64_t visible = imin(kChunk, imax(0, pos[row % 16] + 1 - c0));
      const int64_t h = row / 16, i = row % 16;
      const float* s = sc.s + row * kChunk;
      const size_t row_off = sc.p_tile(h, 0) + static_cast<size_t>(i) * kTileBytes;
      const auto p_at = [&](uint8_t* plane, int64_t k) {  // key k of the chunk in the row's P tiles
        return reinterpret_cast<uint16_t*>(plane + row_off + static_cast<size_t>(k / 32) * kFloatBlockBytes +
                                           2 * (k % 32));
      };
      const int64_t vecs = (visible + 15) / 16;
      F x[kChunk / 16];
      F mx = neg_inf;
      for (int64_t v = 0; v < vecs; ++v) {
        x[v] = V::first_n(V::mul(V::load(s + 16 * v), vscale), static_cast<int>(imin(16, visible - 16 * v)), neg_inf);
        mx = V::max(mx, x[v]);
      }
      float alpha = 1.0f;
      if (visible > 0) {
        const float m_new = std::fmax(sc.m[row], V::hmax(mx));
        alpha = std::exp(sc.m[row] - m_new);  // 0 on the first chunk (m = -inf)
        sc.m[row] = m_new;
        const F vm = V::set1(m_new);
        F sum = V::zero();
        for (int64_t v = 0; v < vecs; ++v) {
          const int n = static_cast<int>(imin(16, visible - 16 * v));
          const F e = V::first_n(exp_approx<V>(V::sub(x[v], vm)), n, V::zero());
          const F e_hi = V::bf16_round(e);
          sum = V::add(sum, e);
          V::store_bf16(p_at(sc.p_hi, 16 * v), e_hi);
          V::store_bf16(p_at(sc.p_lo, 16 * v), V::sub(e, e_hi));
        }
        sc.l[row] = sc.l[row] * alpha + V::hsum(sum);
      }
      for (int64_t v = vecs; v < kChunk / 16; ++v) {
        std::memset(p_at(sc.p_hi, 16 * v), 0, 32);
        std::memset(p_at(sc.p_lo, 16 * v), 0, 32);
      }
      if (alpha != 1.0f) {
        float* o = sc.o + row * sc.DV;
        const F va = V::set1(alpha);
        for (int64_t c = 0; c < sc.DV; c += 16) V::store(o + c, V::mul(V::load(o + c), va));
      }
    }
  }

  template <int MT>
  static void value_block(const AttentionGeometry& g, const uint8_t* packed, const Scratch& sc, int64_t r, int64_t c,
                          int64_t c0, int64_t keys) {
    float* o = sc.o + 16 * r * sc.DV + c;
    const size_t stride = static_cast<size_t>(sc.DV) * sizeof(float);
    using Block = TileBlock<T, MT, 2>;
    Block::load_c(o, stride);
    for (int64_t j = 0; j < (keys + 31) / 32; ++j) {
      const size_t pa = sc.p_tile(r, j), pb = sc.p_tile(r + 1, j);
      const uint8_t* va = packed + g.v_tile(c0 / 32 + j, c / 16);
      const uint8_t* vb = packed + g.v_tile(c0 / 32 + j, c / 16 + 1);
      Block::load_a(sc.p_hi + pa, sc.p_hi + pb);  // (hi, hi) (hi, lo) (lo, hi)
      Block::load_b(va, vb);
      Block::dpbf16ps();
      Block::load_b(va + g.v_plane, vb + g.v_plane);
      Block::dpbf16ps();
      Block::load_a(sc.p_lo + pa, sc.p_lo + pb);
      Block::load_b(va, vb);
      Block::dpbf16ps();
    }
    Block::store_c(o, stride);
  }

  // O += P V over the chunk's keys.
  static void values(const AttentionGeometry& g, const uint8_t* packed, const Scratch& sc, int64_t c0, int64_t keys) {
    for (int64_t r = 0; r < sc.R; r += 2) {
      for (int64_t c = 0; c < sc.DV; c += 32) {
        if (sc.R - r > 1) {
          value_block<2>(g, packed, sc, r, c, c0, keys);
        } else {
          value_block<1>(g, packed, sc, r, c, c0, keys);
        }
      }
    }
  }
};

}  // namespace
}  // namespace tl

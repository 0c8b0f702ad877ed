// The element-wise kernels of the x86 levels (RowKernels), written once against a vector
// policy V and instantiated in each ISA file.
//
// Agreement with kernels/ref (tests/kernels/test_rows.cpp holds the bounds):
//  - add, axpy, and RoPE's rotation use the same float operations in the same order as
//    ref (mul then add, never fused), so they match it bit for bit (the sines and cosines
//    come from the caller).
//  - rms_norm and dot sum in float over several vector accumulators where ref sums in
//    double: relative error about sqrt(n) * 2^-24.
//  - swiglu and softmax use exp_approx (exp_approx.h, a few ulp); softmax's sum is float.
//  - attend: dot's float sums, softmax, and the value sum in float FMAs.
//
// Included only by ISA translation units; anonymous namespace as in simd_avx2.h.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "kernels/common/exp_approx.h"
#include "kernels/row_kernels.h"

namespace tl {
namespace {

template <class V>
struct Rows {
  using F = typename V::F;
  static constexpr int L = V::kFloatLanes;

  static void rms_norm(const float* x, const float* w, float* y, int64_t n, float eps) {
    F s0 = V::zero();
    F s1 = V::zero();
    int64_t i = 0;
    for (; i + 2 * L <= n; i += 2 * L) {
      const F a = V::load(x + i);
      const F b = V::load(x + i + L);
      s0 = V::fma(a, a, s0);
      s1 = V::fma(b, b, s1);
    }
    for (; i + L <= n; i += L) s0 = V::fma(V::load(x + i), V::load(x + i), s0);
    double sum = static_cast<double>(V::hsum(V::add(s0, s1)));
    for (; i < n; ++i) sum += static_cast<double>(x[i]) * x[i];
    const float scale = static_cast<float>(1.0 / std::sqrt(sum / static_cast<double>(n) + eps));
    const F vs = V::set1(scale);
    i = 0;
    for (; i + L <= n; i += L) {
      F v = V::mul(V::load(x + i), vs);
      if (w) v = V::mul(v, V::load(w + i));
      V::store(y + i, v);
    }
    for (; i < n; ++i) y[i] = x[i] * scale * (w ? w[i] : 1.0f);
  }

  static void rope(float* x, int64_t n_rot, const float* c, const float* s, RopeStyle style) {
    const int64_t half = n_rot / 2;
    if (style == RopeStyle::Neox) {
      float* a = x;
      float* b = x + half;
      int64_t i = 0;
      for (; i + L <= half; i += L) {
        const F x0 = V::load(a + i);
        const F x1 = V::load(b + i);
        const F vc = V::load(c + i);
        const F vs = V::load(s + i);
        V::store(a + i, V::sub(V::mul(x0, vc), V::mul(x1, vs)));
        V::store(b + i, V::add(V::mul(x0, vs), V::mul(x1, vc)));
      }
      for (; i < half; ++i) {
        const float x0 = a[i];
        const float x1 = b[i];
        a[i] = x0 * c[i] - x1 * s[i];
        b[i] = x0 * s[i] + x1 * c[i];
      }
    } else {
      // Adjacent pairs interleave: scalar (a head is 64 pairs).
      for (int64_t i = 0; i < half; ++i) {
        float* p = x + 2 * i;
        const float x0 = p[0];
        const float x1 = p[1];
        p[0] = x0 * c[i] - x1 * s[i];
        p[1] = x0 * s[i] + x1 * c[i];
      }
    }
  }

  static void swiglu(const float* gate, const float* up, float* y, int64_t n) {
    const F one = V::set1(1.0f);
    int64_t i = 0;
    for (; i + L <= n; i += L) {
      const F g = V::load(gate + i);
      const F e = exp_approx<V>(V::sub(V::zero(), g));
      V::store(y + i, V::mul(V::div(g, V::add(one, e)), V::load(up + i)));
    }
    for (; i < n; ++i) y[i] = gate[i] / (1.0f + std::exp(-gate[i])) * up[i];
  }

  static void add(const float* x, float* y, int64_t n) {
    int64_t i = 0;
    for (; i + L <= n; i += L) V::store(y + i, V::add(V::load(y + i), V::load(x + i)));
    for (; i < n; ++i) y[i] += x[i];
  }

  static void axpy(float a, const float* x, float* y, int64_t n) {
    const F va = V::set1(a);
    int64_t i = 0;
    for (; i + L <= n; i += L) V::store(y + i, V::add(V::load(y + i), V::mul(va, V::load(x + i))));
    for (; i < n; ++i) y[i] += a * x[i];
  }

  static float dot(const float* a, const float* b, int64_t n) {
    F s0 = V::zero();
    F s1 = V::zero();
    F s2 = V::zero();
    F s3 = V::zero();
    int64_t i = 0;
    for (; i + 4 * L <= n; i += 4 * L) {
      s0 = V::fma(V::load(a + i), V::load(b + i), s0);
      s1 = V::fma(V::load(a + i + L), V::load(b + i + L), s1);
      s2 = V::fma(V::load(a + i + 2 * L), V::load(b + i + 2 * L), s2);
      s3 = V::fma(V::load(a + i + 3 * L), V::load(b + i + 3 * L), s3);
    }
    for (; i + L <= n; i += L) s0 = V::fma(V::load(a + i), V::load(b + i), s0);
    float sum = V::hsum(V::add(V::add(s0, s1), V::add(s2, s3)));
    for (; i < n; ++i) sum += a[i] * b[i];
    return sum;
  }

  static void softmax(float* x, int64_t n) {
    int64_t i = 0;
    float max = x[0];
    if (n >= L) {
      F vmax = V::load(x);
      for (i = L; i + L <= n; i += L) vmax = V::max(vmax, V::load(x + i));
      max = V::hmax(vmax);
    }
    for (; i < n; ++i) max = std::fmax(max, x[i]);
    const F vm = V::set1(max);
    F vsum = V::zero();
    for (i = 0; i + L <= n; i += L) {
      const F e = exp_approx<V>(V::sub(V::load(x + i), vm));
      V::store(x + i, e);
      vsum = V::add(vsum, e);
    }
    float sum = V::hsum(vsum);
    for (; i < n; ++i) {
      x[i] = std::exp(x[i] - max);
      sum += x[i];
    }
    const F inv = V::set1(1.0f / sum);
    for (i = 0; i + L <= n; i += L) V::store(x + i, V::mul(V::load(x + i), inv));
    for (; i < n; ++i) x[i] *= 1.0f / sum;
  }

  // Attention of a kv group's heads: every key and value row is loaded once for all of
  // them (up to kHeads at a time), with no call per key.
  static constexpr int kHeads = 4;
  // Column vectors of out per pass of the value sum: kHeads x kCols accumulators.
  static constexpr int kCols = V::kRegs == 32 ? 4 : 2;

  template <int NH>
  static void attend_scores(const AttendArgs& a, int h0) {
    const float* q[NH];
    #pragma GCC unroll 4
    for (int h = 0; h < NH; ++h) q[h] = a.q + (h0 + h) * a.d;
    int64_t p = 0;
    // Two keys per step: 2 x NH independent FMA chains.
    for (; p + 2 <= a.n; p += 2) {
      const float* k0 = a.k + p * a.k_stride;
      const float* k1 = k0 + a.k_stride;
      F acc0[NH], acc1[NH];
      #pragma GCC unroll 4
      for (int h = 0; h < NH; ++h) acc0[h] = acc1[h] = V::zero();
      int64_t i = 0;
      for (; i + L <= a.d; i += L) {
        const F x0 = V::load(k0 + i);
        const F x1 = V::load(k1 + i);
        #pragma GCC unroll 4
        for (int h = 0; h < NH; ++h) {
          const F qv = V::load(q[h] + i);
          acc0[h] = V::fma(qv, x0, acc0[h]);
          acc1[h] = V::fma(qv, x1, acc1[h]);
        }
      }
      #pragma GCC unroll 4
      for (int h = 0; h < NH; ++h) {
        float s0 = V::hsum(acc0[h]);
        float s1 = V::hsum(acc1[h]);
        for (int64_t j = i; j < a.d; ++j) s0 += q[h][j] * k0[j], s1 += q[h][j] * k1[j];
        a.scores[(h0 + h) * a.n + p] = s0 * a.scale;
        a.scores[(h0 + h) * a.n + p + 1] = s1 * a.scale;
      }
    }
    for (; p < a.n; ++p) {
      #pragma GCC unroll 4
      for (int h = 0; h < NH; ++h) a.scores[(h0 + h) * a.n + p] = dot(q[h], a.k + p * a.k_stride, a.d) * a.scale;
    }
  }

  // out_h[c, c + C * L) = sum_p s_h[p] v_p[c, ...) for the NH heads from h0.
  template <int NH, int C>
  static void attend_values(const AttendArgs& a, int h0, int64_t c) {
    F o[NH][C];
    #pragma GCC unroll 4
    for (auto& row : o) {
      #pragma GCC unroll 4
      for (F& x : row) x = V::zero();
    }
    for (int64_t p = 0; p < a.n; ++p) {
      const float* vp = a.v + p * a.v_stride + c;
      F vv[C];
      #pragma GCC unroll 4
      for (int j = 0; j < C; ++j) vv[j] = V::load(vp + j * L);
      #pragma GCC unroll 4
      for (int h = 0; h < NH; ++h) {
        const F w = V::set1(a.scores[(h0 + h) * a.n + p]);
        #pragma GCC unroll 4
        for (int j = 0; j < C; ++j) o[h][j] = V::fma(w, vv[j], o[h][j]);
      }
    }
    #pragma GCC unroll 4
    for (int h = 0; h < NH; ++h) {
      #pragma GCC unroll 4
      for (int j = 0; j < C; ++j) V::store(a.out + (h0 + h) * a.dv + c + j * L, o[h][j]);
    }
  }

  template <int NH>
  static void attend_heads(const AttendArgs& a, int h0) {
    attend_scores<NH>(a, h0);
    for (int h = h0; h < h0 + NH; ++h) softmax(a.scores + h * a.n, a.n);
    int64_t c = 0;
    for (; c + kCols * L <= a.dv; c += kCols * L) attend_values<NH, kCols>(a, h0, c);
    for (; c + L <= a.dv; c += L) attend_values<NH, 1>(a, h0, c);
    for (; c < a.dv; ++c) {  // columns past the last full vector
      for (int h = h0; h < h0 + NH; ++h) {
        float sum = 0.0f;
        for (int64_t p = 0; p < a.n; ++p) sum += a.scores[h * a.n + p] * a.v[p * a.v_stride + c];
        a.out[h * a.dv + c] = sum;
      }
    }
  }

  static void attend(const AttendArgs& a) {
    int h0 = 0;
    for (; h0 + kHeads <= a.nq; h0 += kHeads) attend_heads<kHeads>(a, h0);
    switch (a.nq - h0) {
      case 3: attend_heads<3>(a, h0); break;
      case 2: attend_heads<2>(a, h0); break;
      case 1: attend_heads<1>(a, h0); break;
      default: break;
    }
  }

  static RowKernels table(Isa isa) {
    return RowKernels{isa, rms_norm, rope, swiglu, add, axpy, dot, softmax, attend};
  }
};

}  // namespace
}  // namespace tl

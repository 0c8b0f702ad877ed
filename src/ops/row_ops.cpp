// Row-parallel ops; see row_ops.h.
#include "ops/row_ops.h"

#include <cmath>
#include <vector>

#include "tensor/quant.h"

namespace tl {
namespace {

// Below this many elements an op runs on the calling thread alone: waking the pool and
// waiting for it costs microseconds, more than normalizing or adding one decode row
// (4096 floats take ~1 us on one core). Decode runs ~10 such ops per layer.
constexpr int64_t kInlineElems = 1 << 15;

// parallel_for over rows, or a plain call for small work (rows x n elements).
template <class Fn>
void for_rows(OpContext& ctx, int64_t rows, int64_t n, Fn&& fn) {
  if (rows <= 0) return;
  if (rows * n <= kInlineElems || ctx.pool.size() == 1) {
    fn(int64_t{0}, rows, 0);
    return;
  }
  ctx.pool.parallel_for(rows, fn);
}

}  // namespace

void get_rows(OpContext& ctx, const WeightView& table, const int32_t* ids, int64_t n, float* dst) {
  ctx.pool.parallel_for(n, [&](int64_t i0, int64_t i1, int) {
    for (int64_t i = i0; i < i1; ++i) {
      dequantize_row(table.type, table.data + static_cast<size_t>(ids[i]) * table.row_stride,
                     dst + i * table.K, table.K);
    }
  });
}

void rms_norm_rows(OpContext& ctx, const float* x, const float* w, float* y, int64_t rows, int64_t n,
                   float eps) {
  for_rows(ctx, rows, n, [&](int64_t r0, int64_t r1, int) {
    for (int64_t r = r0; r < r1; ++r) ctx.rows.rms_norm(x + r * n, w, y + r * n, n, eps);
  });
}

void rope_angles(OpContext& ctx, const int32_t* pos, int64_t n_tokens, const RopeParams& rope, float* cos_sin) {
  const int64_t half = rope.n_rot / 2;
  // In double: pos * freq reaches 1e5 radians, where a float product would lose the
  // angle. (Once per batch: per rope_rows call, the 2 x 48 calls of a 48-layer model
  // computed the same sines again.)
  for_rows(ctx, n_tokens, half * 16, [&](int64_t t0, int64_t t1, int) {
    for (int64_t t = t0; t < t1; ++t) {
      float* c = cos_sin + t * rope.n_rot;
      for (int64_t i = 0; i < half; ++i) {
        const double angle = static_cast<double>(pos[t]) * rope.inv_freq[i];
        c[i] = static_cast<float>(std::cos(angle));
        c[half + i] = static_cast<float>(std::sin(angle));
      }
    }
  });
}

void rope_rows(OpContext& ctx, float* x, int64_t n_tokens, int64_t n_heads, int64_t head_dim, const float* cos_sin,
               const RopeParams& rope) {
  const int64_t half = rope.n_rot / 2;
  for_rows(ctx, n_tokens, n_heads * half * 4, [&](int64_t t0, int64_t t1, int) {
    for (int64_t t = t0; t < t1; ++t) {
      const float* c = cos_sin + t * rope.n_rot;
      for (int64_t h = 0; h < n_heads; ++h) {
        ctx.rows.rope(x + (t * n_heads + h) * head_dim, rope.n_rot, c, c + half, rope.style);
      }
    }
  });
}

void swiglu_rows(OpContext& ctx, const float* gate, const float* up, float* y, int64_t rows, int64_t n) {
  for_rows(ctx, rows, n, [&](int64_t r0, int64_t r1, int) {
    for (int64_t r = r0; r < r1; ++r) ctx.rows.swiglu(gate + r * n, up + r * n, y + r * n, n);
  });
}

void add_rows(OpContext& ctx, const float* x, float* y, int64_t rows, int64_t n) {
  for_rows(ctx, rows, n, [&](int64_t r0, int64_t r1, int) {
    ctx.rows.add(x + r0 * n, y + r0 * n, (r1 - r0) * n);
  });
}

void add_bias_rows(OpContext& ctx, const float* bias, float* y, int64_t rows, int64_t n) {
  for_rows(ctx, rows, n, [&](int64_t r0, int64_t r1, int) {
    for (int64_t r = r0; r < r1; ++r) ctx.rows.add(bias, y + r * n, n);
  });
}

void weighted_sum_rows(OpContext& ctx, const float* x, const int64_t* x_row, const float* w, int64_t k, float* y,
                       int64_t rows, int64_t n) {
  for_rows(ctx, rows, k * n, [&](int64_t r0, int64_t r1, int) {
    for (int64_t r = r0; r < r1; ++r) {
      for (int64_t s = 0; s < k; ++s) ctx.rows.axpy(w[r * k + s], x + x_row[r * k + s] * n, y + r * n, n);
    }
  });
}

}  // namespace tl

// Attention: scores, a stable softmax, and the weighted sum of values, per (token, head).
#include "ops/attention.h"

#include <algorithm>
#include <vector>

namespace tl {

void attention(OpContext& ctx, const AttentionShape& s, const float* q, const float* k_cache,
               const float* v_cache, const int32_t* pos, int64_t T, float* out) {
  const int64_t group = s.n_head / s.n_head_kv;
  const int64_t k_stride = s.n_head_kv * s.head_dim;
  const int64_t v_stride = s.n_head_kv * s.head_dim_v;
  ctx.pool.parallel_for(T * s.n_head, [&](int64_t i0, int64_t i1, int) {
    thread_local std::vector<float> scores;
    for (int64_t i = i0; i < i1; ++i) {
      const int64_t t = i / s.n_head;
      const int64_t h = i % s.n_head;
      const int64_t kv_h = h / group;
      const int64_t n_pos = static_cast<int64_t>(pos[t]) + 1;
      scores.resize(static_cast<size_t>(n_pos));
      const float* qh = q + t * s.n_head * s.head_dim + h * s.head_dim;
      for (int64_t p = 0; p < n_pos; ++p) {
        scores[p] = ctx.rows.dot(qh, k_cache + p * k_stride + kv_h * s.head_dim, s.head_dim) * s.scale;
      }
      ctx.rows.softmax(scores.data(), n_pos);
      float* oh = out + t * s.n_head * s.head_dim_v + h * s.head_dim_v;
      std::fill(oh, oh + s.head_dim_v, 0.0f);
      for (int64_t p = 0; p < n_pos; ++p) {
        ctx.rows.axpy(scores[p], v_cache + p * v_stride + kv_h * s.head_dim_v, oh, s.head_dim_v);
      }
    }
  });
}

}  // namespace tl

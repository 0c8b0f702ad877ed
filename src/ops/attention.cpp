// Attention: per (token, kv head), the row kernels' attend (scores, a stable softmax and
// the weighted sum of values for the kv head's query heads at once).
#include "ops/attention.h"

#include <algorithm>
#include <atomic>
#include <vector>

namespace tl {
namespace {
// Tokens per work item at most (prompt processing).
constexpr int64_t kMaxTokenBlock = 16;
}  // namespace

void attention(OpContext& ctx, const AttentionShape& s, const float* q, const float* k_cache,
               const float* v_cache, const int32_t* pos, int64_t T, float* out) {
  const int64_t group = s.n_head / s.n_head_kv;
  const int64_t k_stride = s.n_head_kv * s.head_dim;
  const int64_t v_stride = s.n_head_kv * s.head_dim_v;
  // Work items (block of consecutive tokens, kv head), the last blocks first: under the
  // causal mask their cost grows with the position, so handing out the largest first
  // through an atomic cursor keeps threads balanced (contiguous ranges left the last
  // thread twice the average). A block's tokens read the same K/V prefix one after the
  // other, so it is read from the thread's L2 rather than L3; blocks stay small enough for
  // ~8 items per thread. With fewer tokens than that (decode), each query head is its own
  // item.
  const int64_t split = T * s.n_head_kv >= 2 * ctx.pool.size() ? 1 : group;
  const int64_t heads = group / split;  // query heads per item
  const int64_t block = std::clamp<int64_t>(T * s.n_head_kv / (8 * ctx.pool.size()), 1, kMaxTokenBlock);
  const int64_t n_blocks = (T + block - 1) / block;
  const int64_t per_block = s.n_head_kv * split;
  const int64_t n_items = n_blocks * per_block;
  std::atomic<int64_t> cursor{0};
  ctx.pool.run([&](int, int) {
    thread_local std::vector<float> scores;
    for (int64_t i = cursor.fetch_add(1); i < n_items; i = cursor.fetch_add(1)) {
      const int64_t blk = n_blocks - 1 - i / per_block;
      const int64_t kv_h = i % per_block / split;
      const int64_t h0 = kv_h * group + i % split * heads;  // first query head
      for (int64_t t = blk * block; t < std::min(T, blk * block + block); ++t) {
        const int64_t n_pos = static_cast<int64_t>(pos[t]) + 1;
        scores.resize(static_cast<size_t>(heads * n_pos));
        AttendArgs a;
        a.q = q + t * s.n_head * s.head_dim + h0 * s.head_dim;
        a.nq = static_cast<int>(heads);
        a.d = s.head_dim;
        a.dv = s.head_dim_v;
        a.k = k_cache + kv_h * s.head_dim;
        a.k_stride = k_stride;
        a.v = v_cache + kv_h * s.head_dim_v;
        a.v_stride = v_stride;
        a.n = n_pos;
        a.scale = s.scale;
        a.scores = scores.data();
        a.out = out + t * s.n_head * s.head_dim_v + h0 * s.head_dim_v;
        ctx.rows.attend(a);
      }
    }
  });
}

}  // namespace tl

// Attention. Prompts on a level with a tile attention kernel (attention_kernel.h): the
// keys and values of each kv head are packed once, then blocks of 16 tokens x one kv
// head go to the kernel. Otherwise per (token, kv head), the row kernels' attend
// (scores, a stable softmax and the weighted sum of values for the kv head's query heads
// at once).
#include "ops/attention.h"

#include <algorithm>
#include <atomic>
#include <vector>

namespace tl {
namespace {
// Tokens per work item at most (prompt processing, row kernels).
constexpr int64_t kMaxTokenBlock = 16;

// Packed keys and values above this go the per-token way instead (a 32k-token prefix of
// 8 kv heads of 128 dims packs to ~330 MiB: three bf16 parts of each key, two of each
// value).
constexpr size_t kMaxPackedBytes = size_t{1} << 30;

// The tile kernel's two phases on all threads: pack every kv head's keys and values
// (items: kv head x key block), then attend (items: token block x kv head, the last
// blocks first, as below).
void attention_tiles(OpContext& ctx, const AttentionKernel& kernel, const AttentionShape& s, const float* q,
                     const float* k_cache, const float* v_cache, const int32_t* pos, int64_t T, float* out,
                     int64_t n_keys, size_t per_head) {
  const int64_t group = s.n_head / s.n_head_kv;
  thread_local std::vector<uint8_t> packed_scratch;
  std::vector<uint8_t>& packed = packed_scratch;  // the caller's, seen by every worker
  packed.resize(per_head * static_cast<size_t>(s.n_head_kv));
  const int64_t key_blocks = (n_keys + kernel.key_block - 1) / kernel.key_block;
  const int64_t n_pack = s.n_head_kv * key_blocks;
  const int64_t n_blocks = (T + kAttentionTokens - 1) / kAttentionTokens;
  const int64_t n_items = n_blocks * s.n_head_kv;
  std::atomic<int64_t> pack_cursor{0}, cursor{0};
  ctx.pool.run([&](int, int) {
    for (int64_t i = pack_cursor.fetch_add(1); i < n_pack; i = pack_cursor.fetch_add(1)) {
      const int64_t h = i / key_blocks;
      AttentionPackArgs a;
      a.k = k_cache + h * s.head_dim;
      a.k_stride = s.n_head_kv * s.head_dim;
      a.v = v_cache + h * s.head_dim_v;
      a.v_stride = s.n_head_kv * s.head_dim_v;
      a.d = s.head_dim;
      a.dv = s.head_dim_v;
      a.n_keys = n_keys;
      a.packed = packed.data() + static_cast<size_t>(h) * per_head;
      kernel.pack(a, i % key_blocks);
    }
    ctx.pool.barrier();
    for (int64_t i = cursor.fetch_add(1); i < n_items; i = cursor.fetch_add(1)) {
      const int64_t blk = n_blocks - 1 - i / s.n_head_kv;
      const int64_t h = i % s.n_head_kv;
      const int64_t t0 = blk * kAttentionTokens;
      AttendBlockArgs a;
      a.q = q + t0 * s.n_head * s.head_dim + h * group * s.head_dim;
      a.q_stride = s.n_head * s.head_dim;
      a.nq = static_cast<int>(group);
      a.n_tok = static_cast<int>(std::min(kAttentionTokens, T - t0));
      a.pos = pos + t0;
      a.d = s.head_dim;
      a.dv = s.head_dim_v;
      a.n_keys = n_keys;
      a.packed = packed.data() + static_cast<size_t>(h) * per_head;
      a.scale = s.scale;
      a.out = out + t0 * s.n_head * s.head_dim_v + h * group * s.head_dim_v;
      a.out_stride = s.n_head * s.head_dim_v;
      kernel.attend(a);
    }
  });
}

}  // namespace

void attention(OpContext& ctx, const AttentionShape& s, const float* q, const float* k_cache,
               const float* v_cache, const int32_t* pos, int64_t T, float* out) {
  if (ctx.attention != nullptr && T >= kAttentionTokens) {
    const int64_t n_keys = static_cast<int64_t>(*std::max_element(pos, pos + T)) + 1;
    const size_t per_head = ctx.attention->packed_bytes(s.head_dim, s.head_dim_v, n_keys);
    if (per_head * static_cast<size_t>(s.n_head_kv) <= kMaxPackedBytes) {
      attention_tiles(ctx, *ctx.attention, s, q, k_cache, v_cache, pos, T, out, n_keys, per_head);
      return;
    }
  }
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

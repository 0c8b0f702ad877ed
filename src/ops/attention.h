// Causal multi-head attention over the KV cache, with grouped-query heads.
#pragma once

#include <cstdint>

#include "ops/op_context.h"

namespace tl {

struct AttentionShape {
  int64_t n_head = 0;
  int64_t n_head_kv = 0;   // n_head is a multiple of it (GQA)
  int64_t head_dim = 0;    // of q and k
  int64_t head_dim_v = 0;  // of v
  float scale = 1.0f;      // usually 1/sqrt(head_dim)
};

// out (T, n_head * head_dim_v): token t (query rows q (T, n_head * head_dim)) attends to
// cache positions [0, pos[t]]. k_cache is (n_ctx, n_head_kv * head_dim), v_cache
// (n_ctx, n_head_kv * head_dim_v). Threads take (token block, kv head) items, largest
// first; from kAttentionTokens tokens on, ctx.attention (if any) computes them on tiles.
void attention(OpContext& ctx, const AttentionShape& s, const float* q, const float* k_cache,
               const float* v_cache, const int32_t* pos, int64_t T, float* out);

}  // namespace tl

// Prompt attention on tiles: a level may offer a kernel that computes a block of up to
// kAttentionTokens consecutive query tokens of one kv head, all its query heads at once,
// over keys and values packed once per call (ops/attention.cpp drives both steps). Levels
// without one (and decode, fewer tokens than a block) use the row kernels' per-token
// attend (row_kernels.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "runtime/isa.h"

namespace tl {

// Query tokens per block: the rows of one tile per query head.
inline constexpr int64_t kAttentionTokens = 16;

// One kv head's keys [0, n_keys) and values, to be packed by key blocks.
struct AttentionPackArgs {
  const float* k = nullptr;  // key p at k + p * k_stride (d floats)
  int64_t k_stride = 0;
  const float* v = nullptr;  // value p at v + p * v_stride (dv floats)
  int64_t v_stride = 0;
  int64_t d = 0, dv = 0;
  int64_t n_keys = 0;
  uint8_t* packed = nullptr;  // this kv head's packed_bytes(d, dv, n_keys)
};

// Tokens [0, n_tok) of a block, token i's nq query heads (head h at q + i * q_stride +
// h * d) attending to keys [0, pos[i]] of the packed kv head:
//   out_h = softmax(scale * q_h . k_p) . v_p   at out + i * out_stride + h * dv
struct AttendBlockArgs {
  const float* q = nullptr;
  int64_t q_stride = 0;
  int nq = 0;
  int n_tok = 0;                // 1 .. kAttentionTokens
  const int32_t* pos = nullptr;  // n_tok positions, each < n_keys
  int64_t d = 0, dv = 0;
  int64_t n_keys = 0;            // as packed
  const uint8_t* packed = nullptr;
  float scale = 1.0f;
  float* out = nullptr;
  int64_t out_stride = 0;
};

struct AttentionKernel {
  const char* name;
  Isa isa;
  // True if this CPU and OS run it; otherwise false and the reason in *why.
  bool (*accepts)(std::string* why);
  // Bytes of one kv head's packed keys and values.
  size_t (*packed_bytes)(int64_t d, int64_t dv, int64_t n_keys);
  // Keys per pack() call; pack(a, b) packs keys [b * key_block, (b + 1) * key_block)
  // (those from n_keys on as zeros), for b < ceil(n_keys / key_block).
  int64_t key_block;
  void (*pack)(const AttentionPackArgs& a, int64_t block);
  void (*attend)(const AttendBlockArgs& a);
};

}  // namespace tl

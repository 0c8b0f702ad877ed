// The KV cache: keys and values of every layer at every position, F32.
#pragma once

#include <cstdint>
#include <vector>

#include "model/hparams.h"

namespace tl {

class KvCache {
 public:
  KvCache(const HParams& hp, int64_t n_ctx);
  int64_t n_ctx() const { return n_ctx_; }
  // (n_ctx, n_head_kv * head_dim) and (n_ctx, n_head_kv * head_dim_v) of one layer.
  float* k(int64_t layer) { return k_[static_cast<size_t>(layer)].data(); }
  float* v(int64_t layer) { return v_[static_cast<size_t>(layer)].data(); }
  size_t bytes() const;

 private:
  int64_t n_ctx_;
  std::vector<std::vector<float>> k_;
  std::vector<std::vector<float>> v_;
};

}  // namespace tl

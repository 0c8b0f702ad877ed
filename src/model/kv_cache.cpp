// KV cache storage; see kv_cache.h.
#include "model/kv_cache.h"

namespace tl {

KvCache::KvCache(const HParams& hp, int64_t n_ctx) : n_ctx_(n_ctx) {
  k_.resize(static_cast<size_t>(hp.n_layer));
  v_.resize(static_cast<size_t>(hp.n_layer));
  for (int64_t il = 0; il < hp.n_layer; ++il) {
    k_[static_cast<size_t>(il)].assign(static_cast<size_t>(n_ctx * hp.n_head_kv * hp.head_dim), 0.0f);
    v_[static_cast<size_t>(il)].assign(static_cast<size_t>(n_ctx * hp.n_head_kv * hp.head_dim_v), 0.0f);
  }
}

size_t KvCache::bytes() const {
  size_t total = 0;
  for (const auto& x : k_) total += x.size() * sizeof(float);
  for (const auto& x : v_) total += x.size() * sizeof(float);
  return total;
}

}  // namespace tl

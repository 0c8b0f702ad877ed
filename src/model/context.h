// An inference context: one sequence's KV cache and the forward pass over a model.
// Prompts are processed as batches (up to n_batch tokens per forward call).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "model/kv_cache.h"
#include "model/model.h"
#include "model/profile.h"
#include "ops/row_ops.h"

namespace tl {

struct ContextOptions {
  int64_t n_ctx = 0;      // 0: min(training context, 4096)
  int64_t n_batch = 512;  // tokens per forward call
};

class Context {
 public:
  Context(const Model& model, ThreadPool& pool, const ContextOptions& options = {});

  // Appends `tokens` at positions n_past().., and writes logits: for every token if
  // `all_logits`, else for the last one only; rows of n_vocab floats.
  Status decode(std::span<const int32_t> tokens, bool all_logits, std::vector<float>* logits);

  int64_t n_past() const { return n_past_; }
  int64_t n_ctx() const { return cache_.n_ctx(); }
  void clear() { n_past_ = 0; }
  const Model& model() const { return model_; }
  // Adds each later forward pass's time per section to *p (nullptr: stop).
  void set_profile(ForwardProfile* p) { profile_ = p; }

 private:
  // One forward call over tokens at positions n_past_..; logits of rows [out_first, T).
  void forward(std::span<const int32_t> tokens, int64_t out_first, float* logits);
  void attention_block(int64_t il, int64_t T);
  void ffn_block(int64_t il, int64_t T);
  void moe_block(int64_t il, int64_t T);
  RopeParams rope_params() const;
  // fn over token ranges: on all threads from kParallelTokens tokens (a prompt), else
  // on the calling thread (decode: no pool wake-up for a few microseconds of work).
  static constexpr int64_t kParallelTokens = 16;
  void for_tokens(int64_t T, const std::function<void(int64_t t0, int64_t t1)>& fn);

  const Model& model_;
  ThreadPool& pool_;
  OpContext ops_;
  int64_t n_batch_;
  KvCache cache_;
  int64_t n_past_ = 0;
  std::vector<float> inv_freq_;  // (n_rot / 2) RoPE frequencies
  std::vector<float> rope_cs_;   // (T, n_rot) the batch's RoPE cosines and sines
  ForwardProfile* profile_ = nullptr;
  Laps lap_;

  // Activations of one batch of T tokens (capacity n_batch).
  std::vector<int32_t> pos_;      // (T)
  std::vector<float> x_;          // (T, n_embd) residual stream
  std::vector<float> cur_;        // (T, n_embd) normed input of a block
  std::vector<float> q_;          // (T, n_head * head_dim)
  std::vector<float> k_;          // (T, n_head_kv * head_dim)
  std::vector<float> v_;          // (T, n_head_kv * head_dim_v)
  std::vector<float> attn_;       // (T, n_head * head_dim_v)
  std::vector<float> out_;        // (T, n_embd) block output
  std::vector<float> gate_;       // (T * slots, n_ff)  slots = n_expert_used or 1
  std::vector<float> up_;         // (T * slots, n_ff)
  std::vector<float> down_;       // (T * slots, n_embd)
  std::vector<float> router_;     // (T, n_expert)
};

}  // namespace tl

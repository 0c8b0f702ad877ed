// Model shapes the synthetic generator can build, named after the models they mimic.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tl::synthetic {

// The hyper-parameters of one architecture instance, as GGUF metadata states them.
struct Shape {
  std::string arch;         // general.architecture: "llama", "qwen2", "qwen3" or "qwen3moe"
  int64_t n_embd = 0;
  int64_t n_ff = 0;         // dense FFN width (qwen3moe: written as metadata only)
  int64_t n_layer = 0;
  int64_t n_head = 0;
  int64_t n_head_kv = 0;
  int64_t head_dim = 0;     // q/k/v head size
  int64_t n_vocab = 0;
  int64_t n_ctx_train = 0;
  double rope_theta = 10000.0;
  double rms_eps = 1e-5;
  bool qk_norm = false;     // per-head q/k RMSNorm weights (qwen3)
  bool qkv_bias = false;    // q/k/v projection biases (qwen2)
  int64_t n_expert = 0;     // 0: dense FFN
  int64_t n_expert_used = 0;
  int64_t n_ff_expert = 0;

  bool is_moe() const { return n_expert > 0; }
};

struct Preset {
  std::string_view name;
  std::string_view mimics;  // the real model, for --help and the docs
  Shape shape;
};

// All presets, full-size first: llama3-8b, qwen3-30b-a3b, then the small test ones
// (tiny-llama, tiny-qwen2, tiny-qwen3, tiny-qwen3moe: one per architecture).
const std::vector<Preset>& presets();
// nullptr if no preset has that name.
const Preset* find_preset(std::string_view name);
// "llama3-8b, qwen3-30b-a3b, ..." for messages.
std::string preset_names();

}  // namespace tl::synthetic

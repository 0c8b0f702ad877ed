// Architectures and their hyper-parameters, read from the `<arch>.*` metadata keys and
// validated before any tensor is touched.
#pragma once

#include <cstdint>
#include <string>

#include "kernels/row_kernels.h"
#include "util/status.h"

namespace tl {

namespace gguf {
class File;
}

enum class Arch { Llama, Qwen2, Qwen3, Qwen3Moe };
const char* arch_name(Arch a);

struct HParams {
  Arch arch = Arch::Llama;
  int64_t n_vocab = 0;     // rows of token_embd
  int64_t n_embd = 0;
  int64_t n_layer = 0;
  int64_t n_head = 0;
  int64_t n_head_kv = 0;
  int64_t head_dim = 0;    // of q and k (attention.key_length, else n_embd / n_head)
  int64_t head_dim_v = 0;  // of v (attention.value_length, else head_dim)
  int64_t n_ff = 0;        // dense FFN width (0 in MoE-only models)
  int64_t n_ctx_train = 0;
  int64_t n_rot = 0;       // rotated dims per head (rope.dimension_count, else head_dim)
  float rope_theta = 10000.0f;
  float rms_eps = 1e-5f;
  RopeStyle rope_style = RopeStyle::Adjacent;
  bool qk_norm = false;    // per-head RMSNorm of q and k (qwen3)
  // Mixture of experts (n_expert == 0: dense FFN).
  int64_t n_expert = 0;
  int64_t n_expert_used = 0;
  int64_t n_ff_expert = 0;
  bool expert_weights_norm = false;  // renormalise the top-k router weights to sum 1

  bool is_moe() const { return n_expert > 0; }
  std::string to_string() const;  // one line for the load log

  // Reads and validates; n_vocab comes from the token_embd tensor. Errors start with
  // "[model] <path>: ".
  static Result<HParams> from_gguf(const gguf::File& file);
};

}  // namespace tl

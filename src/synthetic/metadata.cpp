// The general.* and <arch>.* keys, with the names and value types llama.cpp writes.
#include "synthetic/metadata.h"

#include <string>

#include "synthetic/tensor_plan.h"
#include "util/check.h"

namespace tl::synthetic {

void add_model_metadata(gguf::Writer& w, const Spec& spec) {
  using gguf::Value;
  const Shape& s = spec.shape;
  const std::string a = s.arch + ".";
  auto u32 = [](int64_t v) { return Value::from_u32(static_cast<uint32_t>(v)); };
  w.set("general.architecture", Value::from_string(s.arch));
  w.set("general.name", Value::from_string("tilelm synthetic " + spec.display_name() + " seed " +
                                           std::to_string(spec.seed)));
  w.set("general.file_type", Value::from_u32(spec.file_type()));
  w.set_alignment(static_cast<uint32_t>(kAlignment));
  w.set(a + "block_count", u32(s.n_layer));
  w.set(a + "context_length", u32(s.n_ctx_train));
  w.set(a + "embedding_length", u32(s.n_embd));
  w.set(a + "feed_forward_length", u32(s.n_ff));
  w.set(a + "attention.head_count", u32(s.n_head));
  w.set(a + "attention.head_count_kv", u32(s.n_head_kv));
  w.set(a + "rope.freq_base", Value::from_f32(static_cast<float>(s.rope_theta)));
  w.set(a + "attention.layer_norm_rms_epsilon", Value::from_f32(static_cast<float>(s.rms_eps)));
  if (s.arch == "llama") {
    w.set(a + "rope.dimension_count", u32(s.head_dim));
    w.set(a + "vocab_size", u32(s.n_vocab));
  } else if (s.arch == "qwen2") {
    // Qwen2 configs have no head_dim, so converters write no key_length: readers take
    // n_embd / n_head.
    TL_CHECK(s.head_dim * s.n_head == s.n_embd, "qwen2 shapes need head_dim == n_embd / n_head");
  } else {
    w.set(a + "attention.key_length", u32(s.head_dim));
    w.set(a + "attention.value_length", u32(s.head_dim));
  }
  if (s.is_moe()) {
    w.set(a + "expert_count", u32(s.n_expert));
    w.set(a + "expert_used_count", u32(s.n_expert_used));
    w.set(a + "expert_feed_forward_length", u32(s.n_ff_expert));
  }
}

}  // namespace tl::synthetic

// Hyper-parameters from metadata; see hparams.h. Defaults follow what converters leave
// out (no key_length: n_embd / n_head; no rope.dimension_count: the head size).
#include "model/hparams.h"

#include <cmath>
#include <cstdio>

#include "gguf/gguf.h"

namespace tl {
namespace {

struct Reader {
  const gguf::File& file;
  std::string prefix;  // "<arch>."

  Status fail(const std::string& key, const std::string& what) {
    return Status::error("[model] " + file.path() + ": key " + key + ": " + what);
  }
  // A positive integer key; `fallback` < 0 means required.
  Result<int64_t> count(const std::string& name, int64_t fallback = -1) {
    const std::string key = prefix + name;
    if (!file.find(key)) {
      if (fallback >= 0) return fallback;
      return fail(key, "missing (required for this architecture)");
    }
    Result<int64_t> v = file.get_i64(key);
    if (!v.ok()) return v.status();
    if (v.value() <= 0 || v.value() > (int64_t{1} << 31)) {
      return fail(key, "must be a positive count, found " + std::to_string(v.value()));
    }
    return v.value();
  }
  Result<float> real(const std::string& name, float fallback) {
    const std::string key = prefix + name;
    if (!file.find(key)) return fallback;
    Result<double> v = file.get_f64(key);
    if (!v.ok()) return v.status();
    if (!std::isfinite(v.value()) || v.value() <= 0) {
      return fail(key, "must be a positive finite number, found " + std::to_string(v.value()));
    }
    return static_cast<float>(v.value());
  }
};

#define TL_ASSIGN(lhs, expr)              \
  do {                                    \
    auto tl_r_ = (expr);                  \
    if (!tl_r_.ok()) return tl_r_.status(); \
    lhs = tl_r_.value();                  \
  } while (0)

}  // namespace

const char* arch_name(Arch a) {
  switch (a) {
    case Arch::Llama: return "llama";
    case Arch::Qwen2: return "qwen2";
    case Arch::Qwen3: return "qwen3";
    case Arch::Qwen3Moe: return "qwen3moe";
  }
  return "?";
}

Result<HParams> HParams::from_gguf(const gguf::File& file) {
  Result<std::string> arch = file.get_string("general.architecture");
  if (!arch.ok()) return Status::error("[model] " + file.path() + ": " + arch.error());
  HParams hp;
  if (arch.value() == "llama") {
    hp.arch = Arch::Llama;
  } else if (arch.value() == "qwen2") {
    hp.arch = Arch::Qwen2;
  } else if (arch.value() == "qwen3") {
    hp.arch = Arch::Qwen3;
  } else if (arch.value() == "qwen3moe") {
    hp.arch = Arch::Qwen3Moe;
  } else {
    return Status::error("[model] " + file.path() + ": architecture '" + arch.value() +
                         "' is not supported (supported: llama, qwen2, qwen3, qwen3moe)");
  }
  // Meta's llama layout rotates adjacent pairs; HF-converted qwen models keep
  // rotate-half order (NEOX style).
  hp.rope_style = hp.arch == Arch::Llama ? RopeStyle::Adjacent : RopeStyle::Neox;
  hp.qk_norm = hp.arch == Arch::Qwen3 || hp.arch == Arch::Qwen3Moe;

  Reader r{file, arch.value() + "."};
  TL_ASSIGN(hp.n_embd, r.count("embedding_length"));
  TL_ASSIGN(hp.n_layer, r.count("block_count"));
  TL_ASSIGN(hp.n_head, r.count("attention.head_count"));
  TL_ASSIGN(hp.n_head_kv, r.count("attention.head_count_kv", hp.n_head));
  TL_ASSIGN(hp.n_ctx_train, r.count("context_length", 4096));
  TL_ASSIGN(hp.head_dim, r.count("attention.key_length", hp.n_embd / hp.n_head));
  TL_ASSIGN(hp.head_dim_v, r.count("attention.value_length", hp.head_dim));
  TL_ASSIGN(hp.n_rot, r.count("rope.dimension_count", hp.head_dim));
  TL_ASSIGN(hp.rope_theta, r.real("rope.freq_base", 10000.0f));
  TL_ASSIGN(hp.rms_eps, r.real("attention.layer_norm_rms_epsilon", 1e-5f));
  TL_ASSIGN(hp.n_expert, r.count("expert_count", 0));
  if (hp.arch == Arch::Qwen3Moe && hp.n_expert == 0) {
    return r.fail(r.prefix + "expert_count", "missing (required for qwen3moe)");
  }
  if (hp.is_moe()) {
    TL_ASSIGN(hp.n_expert_used, r.count("expert_used_count"));
    TL_ASSIGN(hp.n_ff_expert, r.count("expert_feed_forward_length",
                                      hp.arch == Arch::Qwen3Moe ? -1 : 0));
    // GGUF has no key for this in qwen3moe files; every released Qwen3-MoE (and
    // llama.cpp's graph) renormalises. A future key would override it here.
    hp.expert_weights_norm = true;
    if (file.find(r.prefix + "expert_weights_norm")) {
      TL_ASSIGN(hp.expert_weights_norm, file.get_bool(r.prefix + "expert_weights_norm"));
    }
    if (hp.n_expert_used > hp.n_expert) {
      return r.fail(r.prefix + "expert_used_count", "larger than expert_count (" +
                                                    std::to_string(hp.n_expert) + ")");
    }
  } else {
    TL_ASSIGN(hp.n_ff, r.count("feed_forward_length"));
  }

  if (hp.n_head % hp.n_head_kv != 0) {
    return r.fail(r.prefix + "attention.head_count_kv",
                  std::to_string(hp.n_head_kv) + " does not divide head_count " + std::to_string(hp.n_head));
  }
  if (hp.n_rot > hp.head_dim || hp.n_rot % 2 != 0) {
    return r.fail(r.prefix + "rope.dimension_count",
                  std::to_string(hp.n_rot) + " must be even and at most the head size " +
                      std::to_string(hp.head_dim));
  }

  const gguf::TensorInfo* embd = file.find_tensor("token_embd.weight");
  if (!embd) return Status::error("[model] " + file.path() + ": tensor token_embd.weight is missing");
  hp.n_vocab = embd->ne[1];
  return hp;
}

std::string HParams::to_string() const {
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "arch %s, vocab %lld, embd %lld, layers %lld, heads %lld/%lld, head dim %lld, ffn %lld, "
                "rope %s theta %g dims %lld, rms eps %g",
                arch_name(arch), static_cast<long long>(n_vocab), static_cast<long long>(n_embd),
                static_cast<long long>(n_layer), static_cast<long long>(n_head),
                static_cast<long long>(n_head_kv), static_cast<long long>(head_dim),
                static_cast<long long>(n_ff), rope_style == RopeStyle::Neox ? "neox" : "adjacent",
                rope_theta, static_cast<long long>(n_rot), rms_eps);
  std::string s = buf;
  if (is_moe()) {
    std::snprintf(buf, sizeof buf, ", experts %lld (%lld used, ffn %lld, renorm %s)",
                  static_cast<long long>(n_expert), static_cast<long long>(n_expert_used),
                  static_cast<long long>(n_ff_expert), expert_weights_norm ? "yes" : "no");
    s += buf;
  }
  return s;
}

}  // namespace tl

// The preset table. Full-size shapes follow the models' Hugging Face configs; the tiny
// ones keep every matrix dimension a multiple of 256 so every block type fits.
#include "synthetic/preset.h"

namespace tl::synthetic {

const std::vector<Preset>& presets() {
  static const std::vector<Preset> kPresets = [] {
    std::vector<Preset> p;
    Shape llama;
    llama.arch = "llama";
    llama.n_embd = 4096;
    llama.n_ff = 14336;
    llama.n_layer = 32;
    llama.n_head = 32;
    llama.n_head_kv = 8;
    llama.head_dim = 128;
    llama.n_vocab = 128256;
    llama.n_ctx_train = 8192;
    llama.rope_theta = 500000.0;
    llama.rms_eps = 1e-5;
    p.push_back({"llama3-8b", "Meta-Llama-3-8B", llama});

    Shape moe;
    moe.arch = "qwen3moe";
    moe.n_embd = 2048;
    moe.n_ff = 6144;
    moe.n_layer = 48;
    moe.n_head = 32;
    moe.n_head_kv = 4;
    moe.head_dim = 128;
    moe.n_vocab = 151936;
    moe.n_ctx_train = 40960;
    moe.rope_theta = 1e6;
    moe.rms_eps = 1e-6;
    moe.qk_norm = true;
    moe.n_expert = 128;
    moe.n_expert_used = 8;
    moe.n_ff_expert = 768;
    p.push_back({"qwen3-30b-a3b", "Qwen3-30B-A3B", moe});

    Shape tiny = llama;
    tiny.n_embd = 256;
    tiny.n_ff = 512;
    tiny.n_layer = 2;
    tiny.n_head = 4;
    tiny.n_head_kv = 2;
    tiny.head_dim = 64;
    tiny.n_vocab = 512;
    tiny.n_ctx_train = 256;
    p.push_back({"tiny-llama", "a 2-layer llama for tests", tiny});

    // qwen2 and qwen3 as their GGUFs have them: NEOX RoPE (from the architecture), qwen2
    // with q/k/v biases, qwen3 with per-head q/k norms; otherwise tiny-llama's shape.
    const auto tiny_qwen = [&tiny](const char* arch) {
      Shape s = tiny;
      s.arch = arch;
      s.rope_theta = 1e6;
      s.rms_eps = 1e-6;
      return s;
    };
    Shape tiny_qwen2 = tiny_qwen("qwen2");
    tiny_qwen2.qkv_bias = true;
    p.push_back({"tiny-qwen2", "a 2-layer qwen2 for tests", tiny_qwen2});
    Shape tiny_qwen3 = tiny_qwen("qwen3");
    tiny_qwen3.qk_norm = true;
    p.push_back({"tiny-qwen3", "a 2-layer qwen3 for tests", tiny_qwen3});

    Shape tiny_moe = moe;
    tiny_moe.n_embd = 256;
    tiny_moe.n_ff = 512;
    tiny_moe.n_layer = 2;
    tiny_moe.n_head = 4;
    tiny_moe.n_head_kv = 2;
    tiny_moe.head_dim = 64;
    tiny_moe.n_vocab = 512;
    tiny_moe.n_ctx_train = 256;
    tiny_moe.n_expert = 8;
    tiny_moe.n_expert_used = 2;
    tiny_moe.n_ff_expert = 256;
    p.push_back({"tiny-qwen3moe", "a 2-layer qwen3moe for tests", tiny_moe});
    return p;
  }();
  return kPresets;
}

const Preset* find_preset(std::string_view name) {
  for (const Preset& p : presets()) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::string preset_names() {
  std::string s;
  for (const Preset& p : presets()) s += (s.empty() ? "" : ", ") + std::string(p.name);
  return s;
}

}  // namespace tl::synthetic

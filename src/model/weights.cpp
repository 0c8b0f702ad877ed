// The tensor table of each architecture: names, shapes, consuming ops; and the binding of
// placed tensors to LayerWeights.
#include "model/weights.h"

#include <string>

#include "gguf/gguf.h"

namespace tl {
namespace {

struct Expected {
  std::string name;
  std::vector<int64_t> ne;
  uint32_t ops;
  bool required;
};

std::string blk(int64_t il, const char* name) { return "blk." + std::to_string(il) + "." + name; }

std::vector<Expected> expected_tensors(const HParams& hp, bool has_output) {
  const int64_t q_dim = hp.n_head * hp.head_dim;
  const int64_t k_dim = hp.n_head_kv * hp.head_dim;
  const int64_t v_dim = hp.n_head_kv * hp.head_dim_v;
  std::vector<Expected> e;
  e.push_back({"token_embd.weight", {hp.n_embd, hp.n_vocab}, has_output ? kOpGetRows : kOpGetRows | kOpMatmul, true});
  e.push_back({"output_norm.weight", {hp.n_embd}, kOpVector, true});
  if (has_output) e.push_back({"output.weight", {hp.n_embd, hp.n_vocab}, kOpMatmul, true});
  for (int64_t il = 0; il < hp.n_layer; ++il) {
    e.push_back({blk(il, "attn_norm.weight"), {hp.n_embd}, kOpVector, true});
    e.push_back({blk(il, "attn_q.weight"), {hp.n_embd, q_dim}, kOpMatmul, true});
    e.push_back({blk(il, "attn_k.weight"), {hp.n_embd, k_dim}, kOpMatmul, true});
    e.push_back({blk(il, "attn_v.weight"), {hp.n_embd, v_dim}, kOpMatmul, true});
    e.push_back({blk(il, "attn_output.weight"), {hp.n_head * hp.head_dim_v, hp.n_embd}, kOpMatmul, true});
    // Biases are optional for every architecture (qwen2 has them).
    e.push_back({blk(il, "attn_q.bias"), {q_dim}, kOpVector, false});
    e.push_back({blk(il, "attn_k.bias"), {k_dim}, kOpVector, false});
    e.push_back({blk(il, "attn_v.bias"), {v_dim}, kOpVector, false});
    if (hp.qk_norm) {
      e.push_back({blk(il, "attn_q_norm.weight"), {hp.head_dim}, kOpVector, true});
      e.push_back({blk(il, "attn_k_norm.weight"), {hp.head_dim}, kOpVector, true});
    }
    e.push_back({blk(il, "ffn_norm.weight"), {hp.n_embd}, kOpVector, true});
    if (hp.is_moe()) {
      e.push_back({blk(il, "ffn_gate_inp.weight"), {hp.n_embd, hp.n_expert}, kOpRouter, true});
      e.push_back({blk(il, "ffn_gate_exps.weight"), {hp.n_embd, hp.n_ff_expert, hp.n_expert}, kOpExpertMatmul, true});
      e.push_back({blk(il, "ffn_up_exps.weight"), {hp.n_embd, hp.n_ff_expert, hp.n_expert}, kOpExpertMatmul, true});
      e.push_back({blk(il, "ffn_down_exps.weight"), {hp.n_ff_expert, hp.n_embd, hp.n_expert}, kOpExpertMatmul, true});
    } else {
      e.push_back({blk(il, "ffn_gate.weight"), {hp.n_embd, hp.n_ff}, kOpMatmul, true});
      e.push_back({blk(il, "ffn_up.weight"), {hp.n_embd, hp.n_ff}, kOpMatmul, true});
      e.push_back({blk(il, "ffn_down.weight"), {hp.n_ff, hp.n_embd}, kOpMatmul, true});
    }
  }
  return e;
}

std::string shape_string(const std::vector<int64_t>& ne) {
  std::string s = "[";
  for (size_t i = 0; i < ne.size(); ++i) s += (i ? ", " : "") + std::to_string(ne[i]);
  return s + "]";
}

MatmulWeight matmul_weight(const PlacedTensor* t) {
  MatmulWeight w;
  if (!t) return w;
  w.view = WeightView{t->data, t->row_stride, t->type, t->info->ne[0], t->info->ne[1]};
  w.expert_stride = t->expert_stride;
  w.n_expert = t->info->ne[2];
  w.kernel = t->kernel;
  return w;
}

const float* vector_data(const PlacedTensor* t) {
  return t ? reinterpret_cast<const float*>(t->data) : nullptr;
}

}  // namespace

Result<std::vector<TensorUse>> plan_tensor_uses(const gguf::File& file, const HParams& hp) {
  const bool has_output = file.find_tensor("output.weight") != nullptr;
  std::vector<TensorUse> uses;
  for (const Expected& e : expected_tensors(hp, has_output)) {
    const gguf::TensorInfo* info = file.find_tensor(e.name);
    if (!info) {
      if (!e.required) continue;
      return Status::error("[model] " + file.path() + ": tensor " + e.name + " is missing (" +
                           arch_name(hp.arch) + " needs it)");
    }
    bool same = info->n_dims == e.ne.size();
    for (size_t d = 0; same && d < e.ne.size(); ++d) same = info->ne[d] == e.ne[d];
    if (!same) {
      return Status::error("[model] " + file.path() + ": tensor " + e.name + " has shape " +
                           info->shape_string() + ", expected " + shape_string(e.ne));
    }
    uses.push_back(TensorUse{info, e.ops});
  }
  return uses;
}

ModelWeights bind_weights(const Placement& p, const HParams& hp) {
  ModelWeights w;
  const PlacedTensor* embd = p.find("token_embd.weight");
  w.token_embd = WeightView{embd->data, embd->row_stride, embd->type, embd->info->ne[0], embd->info->ne[1]};
  w.output_norm = vector_data(p.find("output_norm.weight"));
  const PlacedTensor* output = p.find("output.weight");
  w.tied_output = output == nullptr;
  w.output = matmul_weight(output ? output : embd);
  w.layers.resize(static_cast<size_t>(hp.n_layer));
  for (int64_t il = 0; il < hp.n_layer; ++il) {
    LayerWeights& l = w.layers[static_cast<size_t>(il)];
    auto t = [&](const char* name) { return p.find(blk(il, name)); };
    l.attn_norm = vector_data(t("attn_norm.weight"));
    l.wq = matmul_weight(t("attn_q.weight"));
    l.wk = matmul_weight(t("attn_k.weight"));
    l.wv = matmul_weight(t("attn_v.weight"));
    l.wo = matmul_weight(t("attn_output.weight"));
    l.bq = vector_data(t("attn_q.bias"));
    l.bk = vector_data(t("attn_k.bias"));
    l.bv = vector_data(t("attn_v.bias"));
    l.q_norm = vector_data(t("attn_q_norm.weight"));
    l.k_norm = vector_data(t("attn_k_norm.weight"));
    l.ffn_norm = vector_data(t("ffn_norm.weight"));
    l.ffn_gate = matmul_weight(t("ffn_gate.weight"));
    l.ffn_up = matmul_weight(t("ffn_up.weight"));
    l.ffn_down = matmul_weight(t("ffn_down.weight"));
    l.router = matmul_weight(t("ffn_gate_inp.weight"));
    l.gate_exps = matmul_weight(t("ffn_gate_exps.weight"));
    l.up_exps = matmul_weight(t("ffn_up_exps.weight"));
    l.down_exps = matmul_weight(t("ffn_down_exps.weight"));
  }
  return w;
}

}  // namespace tl

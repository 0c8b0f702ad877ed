// The tensor table of the llama, qwen2, qwen3 and qwen3moe layouts; offsets as gguf::Writer lays them.
#include "synthetic/tensor_plan.h"

#include <utility>

namespace tl::synthetic {
namespace {

uint64_t align_up(uint64_t x, uint64_t a) { return (x + a - 1) / a * a; }

std::string blk(int64_t il, const char* name) { return "blk." + std::to_string(il) + "." + name; }

}  // namespace

int64_t PlannedTensor::n_elements() const {
  int64_t n = 1;
  for (int64_t d : ne) n *= d;
  return n;
}

std::vector<PlannedTensor> plan_tensors(const Spec& spec) {
  const Shape& s = spec.shape;
  const DType w = spec.type;
  const int64_t q_dim = s.n_head * s.head_dim;
  const int64_t kv_dim = s.n_head_kv * s.head_dim;
  std::vector<PlannedTensor> plan;
  auto add = [&](std::string name, DType type, std::vector<int64_t> ne, Role role = Role::Weight) {
    PlannedTensor t;
    t.name = std::move(name);
    t.type = type;
    t.ne = std::move(ne);
    t.role = role;
    plan.push_back(std::move(t));
  };

  add("token_embd.weight", spec.embedding_type(), {s.n_embd, s.n_vocab});
  for (int64_t il = 0; il < s.n_layer; ++il) {
    add(blk(il, "attn_norm.weight"), DType::F32, {s.n_embd}, Role::Norm);
    add(blk(il, "attn_q.weight"), w, {s.n_embd, q_dim});
    add(blk(il, "attn_k.weight"), w, {s.n_embd, kv_dim});
    add(blk(il, "attn_v.weight"), w, {s.n_embd, kv_dim});
    add(blk(il, "attn_output.weight"), w, {q_dim, s.n_embd});
    if (s.qkv_bias) {
      add(blk(il, "attn_q.bias"), DType::F32, {q_dim});
      add(blk(il, "attn_k.bias"), DType::F32, {kv_dim});
      add(blk(il, "attn_v.bias"), DType::F32, {kv_dim});
    }
    if (s.qk_norm) {
      add(blk(il, "attn_q_norm.weight"), DType::F32, {s.head_dim}, Role::Norm);
      add(blk(il, "attn_k_norm.weight"), DType::F32, {s.head_dim}, Role::Norm);
    }
    add(blk(il, "ffn_norm.weight"), DType::F32, {s.n_embd}, Role::Norm);
    if (s.is_moe()) {
      add(blk(il, "ffn_gate_inp.weight"), DType::F32, {s.n_embd, s.n_expert});
      add(blk(il, "ffn_gate_exps.weight"), w, {s.n_embd, s.n_ff_expert, s.n_expert});
      add(blk(il, "ffn_up_exps.weight"), w, {s.n_embd, s.n_ff_expert, s.n_expert});
      add(blk(il, "ffn_down_exps.weight"), w, {s.n_ff_expert, s.n_embd, s.n_expert});
    } else {
      add(blk(il, "ffn_gate.weight"), w, {s.n_embd, s.n_ff});
      add(blk(il, "ffn_up.weight"), w, {s.n_embd, s.n_ff});
      add(blk(il, "ffn_down.weight"), w, {s.n_ff, s.n_embd});
    }
  }
  add("output_norm.weight", DType::F32, {s.n_embd}, Role::Norm);
  add("output.weight", w, {s.n_embd, s.n_vocab});

  uint64_t at = 0;
  for (PlannedTensor& t : plan) {
    t.n_bytes = row_bytes(t.type, t.ne[0]) * static_cast<uint64_t>(t.n_elements() / t.ne[0]);
    t.offset = at;
    at = align_up(at + t.n_bytes, kAlignment);
  }
  return plan;
}

uint64_t data_section_bytes(const std::vector<PlannedTensor>& plan) {
  if (plan.empty()) return 0;
  return align_up(plan.back().offset + plan.back().n_bytes, kAlignment);
}

}  // namespace tl::synthetic

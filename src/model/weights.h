// The model's weights as the forward pass reads them, bound from placed tensors.
// Shapes in comments are GGUF ne order: (K, N) is N rows of K.
#pragma once

#include <vector>

#include "model/hparams.h"
#include "ops/matmul.h"
#include "placement/placement.h"

namespace tl {

struct LayerWeights {
  const float* attn_norm = nullptr;  // (n_embd)
  MatmulWeight wq;                   // (n_embd, n_head * head_dim)
  MatmulWeight wk;                   // (n_embd, n_head_kv * head_dim)
  MatmulWeight wv;                   // (n_embd, n_head_kv * head_dim_v)
  MatmulWeight wo;                   // (n_head * head_dim_v, n_embd)
  const float* bq = nullptr;         // optional biases (qwen2)
  const float* bk = nullptr;
  const float* bv = nullptr;
  const float* q_norm = nullptr;     // (head_dim), qwen3
  const float* k_norm = nullptr;
  const float* ffn_norm = nullptr;   // (n_embd)
  // Dense FFN.
  MatmulWeight ffn_gate;             // (n_embd, n_ff)
  MatmulWeight ffn_up;               // (n_embd, n_ff)
  MatmulWeight ffn_down;             // (n_ff, n_embd)
  // Mixture of experts.
  MatmulWeight router;               // (n_embd, n_expert)
  MatmulWeight gate_exps;            // (n_embd, n_ff_expert, n_expert)
  MatmulWeight up_exps;              // (n_embd, n_ff_expert, n_expert)
  MatmulWeight down_exps;            // (n_ff_expert, n_embd, n_expert)
};

struct ModelWeights {
  WeightView token_embd;             // (n_embd, n_vocab), rows looked up by id
  const float* output_norm = nullptr;
  MatmulWeight output;               // (n_embd, n_vocab); token_embd when tied
  bool tied_output = false;
  std::vector<LayerWeights> layers;
};

// The tensors the model reads, each with its expected shape and consuming ops. Missing
// required tensors and wrong shapes are errors naming the tensor.
Result<std::vector<TensorUse>> plan_tensor_uses(const gguf::File& file, const HParams& hp);

// Binds placed tensors to the forward pass's view.
ModelWeights bind_weights(const Placement& placement, const HParams& hp);

}  // namespace tl

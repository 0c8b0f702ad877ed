// The forward pass, top to bottom: embeddings, then per layer attention and FFN (dense
// or mixture of experts) with residual adds, then the output norm and logits.
#include "model/context.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "ops/attention.h"
#include "ops/row_ops.h"

namespace tl {
namespace {

size_t sz(int64_t n) { return static_cast<size_t>(n); }

}  // namespace

Context::Context(const Model& model, ThreadPool& pool, const ContextOptions& options)
    : model_(model),
      pool_(pool),
      ops_{pool, model.row_kernels(), model.attention_kernel()},
      n_batch_(std::max<int64_t>(1, options.n_batch)),
      cache_(model.hparams(), options.n_ctx > 0 ? options.n_ctx : std::min<int64_t>(model.hparams().n_ctx_train, 4096)) {
  const HParams& hp = model.hparams();
  inv_freq_.resize(sz(hp.n_rot / 2));
  for (int64_t i = 0; i < hp.n_rot / 2; ++i) {
    inv_freq_[sz(i)] = static_cast<float>(std::pow(static_cast<double>(hp.rope_theta), -2.0 * i / hp.n_rot));
  }
  const int64_t B = n_batch_;
  const int64_t slots = hp.is_moe() ? hp.n_expert_used : 1;
  const int64_t ff = hp.is_moe() ? hp.n_ff_expert : hp.n_ff;
  pos_.resize(sz(B));
  rope_cs_.resize(sz(B * hp.n_rot));
  x_.resize(sz(B * hp.n_embd));
  cur_.resize(sz(B * hp.n_embd));
  q_.resize(sz(B * hp.n_head * hp.head_dim));
  k_.resize(sz(B * hp.n_head_kv * hp.head_dim));
  v_.resize(sz(B * hp.n_head_kv * hp.head_dim_v));
  attn_.resize(sz(B * hp.n_head * hp.head_dim_v));
  out_.resize(sz(B * hp.n_embd));
  gate_.resize(sz(B * slots * ff));
  up_.resize(sz(B * slots * ff));
  down_.resize(sz(B * slots * hp.n_embd));
  router_.resize(sz(B * std::max<int64_t>(hp.n_expert, 1)));
}

Status Context::decode(std::span<const int32_t> tokens, bool all_logits, std::vector<float>* logits) {
  const HParams& hp = model_.hparams();
  if (tokens.empty()) return Status::error("[model] decode: no tokens");
  if (n_past_ + static_cast<int64_t>(tokens.size()) > cache_.n_ctx()) {
    return Status::error("[model] decode: " + std::to_string(n_past_ + tokens.size()) +
                         " positions exceed the context size " + std::to_string(cache_.n_ctx()) +
                         " (raise -c)");
  }
  for (int32_t t : tokens) {
    if (t < 0 || t >= hp.n_vocab) {
      return Status::error("[model] decode: token id " + std::to_string(t) + " outside the vocabulary (" +
                           std::to_string(hp.n_vocab) + ")");
    }
  }
  const int64_t n = static_cast<int64_t>(tokens.size());
  logits->assign(sz((all_logits ? n : 1) * hp.n_vocab), 0.0f);
  for (int64_t start = 0; start < n; start += n_batch_) {
    const int64_t T = std::min(n_batch_, n - start);
    const bool last_batch = start + T == n;
    float* out = nullptr;
    int64_t out_first = T;  // no logits wanted from this batch
    if (all_logits) {
      out = logits->data() + start * hp.n_vocab;
      out_first = 0;
    } else if (last_batch) {
      out = logits->data();
      out_first = T - 1;
    }
    forward(tokens.subspan(sz(start), sz(T)), out_first, out);
  }
  return Status();
}

void Context::forward(std::span<const int32_t> tokens, int64_t out_first, float* logits) {
  const HParams& hp = model_.hparams();
  const ModelWeights& w = model_.weights();
  const int64_t T = static_cast<int64_t>(tokens.size());
  for (int64_t t = 0; t < T; ++t) pos_[sz(t)] = static_cast<int32_t>(n_past_ + t);

  lap_.start(profile_);
  get_rows(ops_, w.token_embd, tokens.data(), T, x_.data());
  lap_(Section::Embed);
  rope_angles(ops_, pos_.data(), T, rope_params(), rope_cs_.data());
  lap_(Section::RopeCache);
  for (int64_t il = 0; il < hp.n_layer; ++il) {
    attention_block(il, T);
    if (hp.is_moe()) {
      moe_block(il, T);
    } else {
      ffn_block(il, T);
    }
  }
  n_past_ += T;

  // Logits only for the rows asked for.
  const int64_t n_out = T - out_first;
  if (n_out <= 0) return;
  const float* last = x_.data() + out_first * hp.n_embd;
  rms_norm_rows(ops_, last, w.output_norm, cur_.data(), n_out, hp.n_embd, hp.rms_eps);
  lap_(Section::Norms);
  matmul(ops_, w.output, cur_.data(), hp.n_embd, logits, hp.n_vocab, n_out);
  lap_(Section::OutputMatmul);
}

void Context::for_tokens(int64_t T, const std::function<void(int64_t t0, int64_t t1)>& fn) {
  if (T < kParallelTokens) {
    fn(0, T);
    return;
  }
  ops_.pool.parallel_for(T, [&](int64_t t0, int64_t t1, int) {
    if (t0 < t1) fn(t0, t1);
  });
}

RopeParams Context::rope_params() const {
  const HParams& hp = model_.hparams();
  return RopeParams{hp.n_rot, inv_freq_.data(), hp.rope_style};
}

void Context::attention_block(int64_t il, int64_t T) {
  const HParams& hp = model_.hparams();
  const LayerWeights& l = model_.weights().layers[sz(il)];
  const int64_t E = hp.n_embd;
  const int64_t q_dim = hp.n_head * hp.head_dim;
  const int64_t k_dim = hp.n_head_kv * hp.head_dim;
  const int64_t v_dim = hp.n_head_kv * hp.head_dim_v;

  rms_norm_rows(ops_, x_.data(), l.attn_norm, cur_.data(), T, E, hp.rms_eps);
  lap_(Section::Norms);
  const MatmulOut qkv[] = {{&l.wq, q_.data(), q_dim}, {&l.wk, k_.data(), k_dim}, {&l.wv, v_.data(), v_dim}};
  matmul_shared_src(ops_, qkv, cur_.data(), E, T);
  lap_(Section::QkvMatmul);
  if (l.bq) add_bias_rows(ops_, l.bq, q_.data(), T, q_dim);
  if (l.bk) add_bias_rows(ops_, l.bk, k_.data(), T, k_dim);
  if (l.bv) add_bias_rows(ops_, l.bv, v_.data(), T, v_dim);
  if (hp.qk_norm) {
    rms_norm_rows(ops_, q_.data(), l.q_norm, q_.data(), T * hp.n_head, hp.head_dim, hp.rms_eps);
    rms_norm_rows(ops_, k_.data(), l.k_norm, k_.data(), T * hp.n_head_kv, hp.head_dim, hp.rms_eps);
  }
  lap_(Section::Norms);
  rope_rows(ops_, q_.data(), T, hp.n_head, hp.head_dim, rope_cs_.data(), rope_params());
  rope_rows(ops_, k_.data(), T, hp.n_head_kv, hp.head_dim, rope_cs_.data(), rope_params());

  // The new keys and values join the cache at their positions (on all threads for a
  // prompt: 2 MiB per layer at 512 tokens of Qwen3-30B-A3B).
  for_tokens(T, [&](int64_t t0, int64_t t1) {
    std::copy(k_.begin() + t0 * k_dim, k_.begin() + t1 * k_dim, cache_.k(il) + (n_past_ + t0) * k_dim);
    std::copy(v_.begin() + t0 * v_dim, v_.begin() + t1 * v_dim, cache_.v(il) + (n_past_ + t0) * v_dim);
  });
  lap_(Section::RopeCache);

  const AttentionShape shape{hp.n_head, hp.n_head_kv, hp.head_dim, hp.head_dim_v,
                             static_cast<float>(1.0 / std::sqrt(static_cast<double>(hp.head_dim)))};
  attention(ops_, shape, q_.data(), cache_.k(il), cache_.v(il), pos_.data(), T, attn_.data());
  lap_(Section::Attention);
  matmul(ops_, l.wo, attn_.data(), hp.n_head * hp.head_dim_v, out_.data(), E, T);
  lap_(Section::OutMatmul);
  add_rows(ops_, out_.data(), x_.data(), T, E);
  lap_(Section::Norms);
}

void Context::ffn_block(int64_t il, int64_t T) {
  const HParams& hp = model_.hparams();
  const LayerWeights& l = model_.weights().layers[sz(il)];
  const int64_t E = hp.n_embd;
  rms_norm_rows(ops_, x_.data(), l.ffn_norm, cur_.data(), T, E, hp.rms_eps);
  lap_(Section::Norms);
  matmul_swiglu(ops_, l.ffn_gate, l.ffn_up, cur_.data(), E, gate_.data(), up_.data(), hp.n_ff, T);
  lap_(Section::FfnGateUp);
  matmul(ops_, l.ffn_down, gate_.data(), hp.n_ff, out_.data(), E, T);
  lap_(Section::FfnDown);
  add_rows(ops_, out_.data(), x_.data(), T, E);
  lap_(Section::Norms);
}

void Context::moe_block(int64_t il, int64_t T) {
  const HParams& hp = model_.hparams();
  const LayerWeights& l = model_.weights().layers[sz(il)];
  const int64_t E = hp.n_embd;
  const int64_t n_exp = hp.n_expert;
  const int64_t k = hp.n_expert_used;
  const int64_t ff = hp.n_ff_expert;

  rms_norm_rows(ops_, x_.data(), l.ffn_norm, cur_.data(), T, E, hp.rms_eps);
  lap_(Section::Norms);
  matmul(ops_, l.router, cur_.data(), E, router_.data(), n_exp, T);

  // Router: softmax over all experts, the top k (ties: lower index), optionally
  // renormalised, per token on all threads (one thread spent ~1 ms per layer on 512
  // tokens). Slot s of token t (t*k + s) then gets a row of the per-slot buffers, the
  // rows of each expert consecutive (a counting sort), so that the expert matmuls write
  // and read them in place instead of through gathered copies.
  std::vector<float> slot_weight(sz(T * k));
  std::vector<int64_t> slot_expert(sz(T * k));
  for_tokens(T, [&](int64_t t0, int64_t t1) {
    std::vector<int64_t> order(sz(n_exp));
    for (int64_t t = t0; t < t1; ++t) {
      float* probs = router_.data() + t * n_exp;
      model_.row_kernels().softmax(probs, n_exp);
      std::iota(order.begin(), order.end(), 0);
      std::partial_sort(order.begin(), order.begin() + k, order.end(), [&](int64_t a, int64_t b) {
        return probs[a] > probs[b] || (probs[a] == probs[b] && a < b);
      });
      float sum = 0.0f;
      for (int64_t s = 0; s < k; ++s) sum += probs[order[sz(s)]];
      for (int64_t s = 0; s < k; ++s) {
        const int64_t e = order[sz(s)];
        slot_expert[sz(t * k + s)] = e;
        slot_weight[sz(t * k + s)] = hp.expert_weights_norm ? probs[e] / sum : probs[e];
      }
    }
  });
  std::vector<ExpertRows> groups(sz(n_exp));
  std::vector<int64_t> next_row(sz(n_exp) + 1, 0);  // per expert: its next slot row
  for (int64_t slot = 0; slot < T * k; ++slot) ++next_row[sz(slot_expert[sz(slot)]) + 1];
  for (int64_t e = 0; e < n_exp; ++e) {
    groups[sz(e)].expert = e;
    next_row[sz(e) + 1] += next_row[sz(e)];
  }
  std::vector<int64_t> slot_row(sz(T * k));
  for (int64_t slot = 0; slot < T * k; ++slot) {
    const int64_t e = slot_expert[sz(slot)];
    slot_row[sz(slot)] = next_row[sz(e)]++;
    groups[sz(e)].src_rows.push_back(slot / k);
    groups[sz(e)].dst_rows.push_back(slot_row[sz(slot)]);
  }
  std::erase_if(groups, [](const ExpertRows& g) { return g.src_rows.empty(); });
  lap_(Section::Router);

  const MatmulOut gate_up[] = {{&l.gate_exps, gate_.data(), ff}, {&l.up_exps, up_.data(), ff}};
  matmul_experts(ops_, gate_up, groups, cur_.data(), E);
  lap_(Section::ExpertGateUp);
  swiglu_rows(ops_, gate_.data(), up_.data(), gate_.data(), T * k, ff);
  lap_(Section::Norms);
  // Down projection reads and writes per-slot rows.
  for (ExpertRows& g : groups) g.src_rows = g.dst_rows;
  matmul_experts(ops_, l.down_exps, groups, gate_.data(), ff, down_.data(), E);
  lap_(Section::ExpertDown);

  // The weighted sum of each token's experts into the residual stream.
  weighted_sum_rows(ops_, down_.data(), slot_row.data(), slot_weight.data(), k, x_.data(), T, E);
  lap_(Section::ExpertCombine);
}

}  // namespace tl

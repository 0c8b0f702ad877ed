// The generation loop; see generate.h.
#include "generate/generate.h"

#include <chrono>

namespace tl {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

Result<GenerateStats> generate(Context& ctx, const Tokenizer& tok, std::string_view prompt,
                               const GenerateOptions& options,
                               const std::function<void(std::string_view text)>& on_text) {
  GenerateStats stats;
  stats.prompt_tokens = tok.encode(prompt, options.encode);
  if (stats.prompt_tokens.empty()) {
    return Status::error("[generate] the prompt has no tokens (empty prompt and no BOS): give -p TEXT");
  }
  stats.n_prompt = static_cast<int64_t>(stats.prompt_tokens.size());
  Sampler sampler(options.sampling, tok.n_vocab());
  for (int32_t t : stats.prompt_tokens) sampler.accept(t);

  std::vector<float> logits;
  auto start = std::chrono::steady_clock::now();
  Status s = ctx.decode(stats.prompt_tokens, /*all_logits=*/false, &logits);
  if (!s.ok()) return s;
  stats.prompt_seconds = seconds_since(start);

  // The text of a token that directly follows BOS loses the space the SPM dummy prefix
  // stands for, as in decode(): an empty prompt's story starts with "Once", not " Once".
  bool after_bos = stats.prompt_tokens.back() == tok.bos();
  start = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < options.n_predict; ++i) {
    const int32_t next = sampler.sample(logits);
    if (!options.ignore_eos && tok.is_end_of_generation(next)) break;
    sampler.accept(next);
    stats.tokens.push_back(next);
    std::string piece = tok.token_to_piece(next);
    if (after_bos && !piece.empty() && piece[0] == ' ') piece.erase(0, 1);
    after_bos = false;
    on_text(piece);
    if (i + 1 == options.n_predict) break;  // the last token needs no evaluation
    if (ctx.n_past() >= ctx.n_ctx()) break;
    s = ctx.decode(std::span<const int32_t>(&next, 1), /*all_logits=*/false, &logits);
    if (!s.ok()) return s;
  }
  stats.generate_seconds = seconds_since(start);
  stats.n_generated = static_cast<int64_t>(stats.tokens.size());
  return stats;
}

}  // namespace tl

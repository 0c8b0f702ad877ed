// Choosing the next token from logits: greedy, or temperature with top-k, top-p, min-p
// and a repetition penalty. A seed makes every run reproducible.
#pragma once

#include <cstdint>
#include <deque>
#include <random>
#include <span>
#include <vector>

namespace tl {

struct SamplerParams {
  float temperature = 0.8f;   // <= 0: greedy (argmax, lowest id wins ties)
  int32_t top_k = 40;         // <= 0: off
  float top_p = 0.95f;        // >= 1: off
  float min_p = 0.05f;        // <= 0: off
  float repeat_penalty = 1.0f;  // 1: off; llama.cpp's rule (divide positive logits, multiply negative)
  int32_t repeat_last_n = 64;   // how many recent tokens the penalty looks at
  uint64_t seed = 0;
};

// One token of the distribution a draw is made from, probability normalised.
struct TokenProb {
  int32_t id = 0;
  float p = 0.0f;
};

class Sampler {
 public:
  Sampler(const SamplerParams& params, int32_t n_vocab);
  // Picks a token; does not record it (call accept()).
  int32_t sample(std::span<const float> logits);
  // Records a token (prompt or generated) for the repetition penalty.
  void accept(int32_t token);
  // The tokens sample() would choose among and their probabilities (after every filter,
  // renormalised), most likely first when a filter sorted them, else in id order.
  // Consumes no randomness. Greedy: the argmax with p = 1.
  std::vector<TokenProb> distribution(std::span<const float> logits);
  const SamplerParams& params() const { return params_; }

 private:
  SamplerParams params_;
  int32_t n_vocab_;
  std::mt19937_64 rng_;
  std::deque<int32_t> recent_;
  // Fills candidates_ with the kept tokens as (unnormalised probability, id); returns
  // their total. temperature must be > 0.
  double build_distribution(std::span<const float> logits);
  // candidates_ = (logit, id) for every token, repetition penalty applied.
  void load_logits(std::span<const float> logits);
  int32_t greedy(std::span<const float> logits);

  std::vector<std::pair<float, int32_t>> candidates_;  // scratch: (logit or prob, id)
  std::vector<int32_t> penalized_;                      // scratch: distinct recent tokens
};

}  // namespace tl

// The timed tests, as llama-bench runs them: pp<p> times one decode of p tokens, tg<n>
// times n single-token decodes; every run (warm-up included) starts from an empty KV
// cache. Token ids are random (seeded), since speed does not depend on meaning.
#pragma once

#include <cstdint>
#include <vector>

#include "model/context.h"

namespace tl::bench {

struct TimingOptions {
  int repetitions = 5;
  bool warmup = true;   // one untimed run first (tg: a single token, as llama-bench does)
  uint64_t seed = 1;    // token ids
};

// Tokens per second of each repetition. The context needs n_ctx >= p (resp. n).
Result<std::vector<double>> time_prompt(Context& ctx, int64_t n_prompt, const TimingOptions& options);
Result<std::vector<double>> time_generation(Context& ctx, int64_t n_gen, const TimingOptions& options);

}  // namespace tl::bench

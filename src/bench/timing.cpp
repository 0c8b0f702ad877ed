// time_prompt / time_generation: wall-clock around decode calls, nothing else inside
// the timed region (ids are drawn before it).
#include "bench/timing.h"

#include <chrono>

#include "synthetic/rng.h"

namespace tl::bench {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<int32_t> random_tokens(int64_t n, int64_t n_vocab, uint64_t seed) {
  synthetic::BlockRng rng(seed, 0);
  std::vector<int32_t> ids(static_cast<size_t>(n));
  for (int32_t& id : ids) id = static_cast<int32_t>(rng.next() % static_cast<uint64_t>(n_vocab));
  return ids;
}

}  // namespace

Result<std::vector<double>> time_prompt(Context& ctx, int64_t n_prompt, const TimingOptions& options) {
  const std::vector<int32_t> ids = random_tokens(n_prompt, ctx.model().hparams().n_vocab, options.seed);
  std::vector<float> logits;
  std::vector<double> samples;
  for (int rep = options.warmup ? -1 : 0; rep < options.repetitions; ++rep) {
    ctx.clear();
    const auto t0 = Clock::now();
    TL_RETURN_IF_ERROR(ctx.decode(ids, /*all_logits=*/false, &logits));
    const double s = std::chrono::duration<double>(Clock::now() - t0).count();
    if (rep >= 0) samples.push_back(static_cast<double>(n_prompt) / s);
  }
  return samples;
}

Result<std::vector<double>> time_generation(Context& ctx, int64_t n_gen, const TimingOptions& options) {
  const std::vector<int32_t> ids = random_tokens(n_gen, ctx.model().hparams().n_vocab, options.seed);
  std::vector<float> logits;
  std::vector<double> samples;
  for (int rep = options.warmup ? -1 : 0; rep < options.repetitions; ++rep) {
    ctx.clear();
    const int64_t n = rep < 0 ? 1 : n_gen;
    const auto t0 = Clock::now();
    for (int64_t i = 0; i < n; ++i) {
      TL_RETURN_IF_ERROR(ctx.decode(std::span<const int32_t>(&ids[static_cast<size_t>(i)], 1), false, &logits));
    }
    const double s = std::chrono::duration<double>(Clock::now() - t0).count();
    if (rep >= 0) samples.push_back(static_cast<double>(n_gen) / s);
  }
  return samples;
}

}  // namespace tl::bench

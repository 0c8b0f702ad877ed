// Sampler filters (top-k, top-p, min-p, their order): the kept set and probabilities
// from distribution(), checked exactly, and many draws that never leave that set.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <set>
#include <vector>

#include "sampler_test_util.h"
#include "sampling/sampler.h"

namespace tl {
namespace {

using test::plain_params;

// Softmax at t = 1 gives exactly these (up to float rounding of log/exp).
const std::vector<double> kProbs = {0.5, 0.3, 0.15, 0.05};
constexpr double kTol = 1e-5;  // float exp/log round trip, far below any filter's effect

std::set<int32_t> ids(const std::vector<TokenProb>& dist) {
  std::set<int32_t> s;
  for (const TokenProb& t : dist) s.insert(t.id);
  return s;
}

// Draws many tokens and returns the set of ids seen.
std::set<int32_t> drawn(Sampler& s, const std::vector<float>& logits, int draws) {
  std::set<int32_t> seen;
  for (int i = 0; i < draws; ++i) seen.insert(s.sample(logits));
  return seen;
}

TEST(SamplerFilters, TopK) {
  SamplerParams p = plain_params(1.0f);
  p.top_k = 2;
  Sampler s(p, 4);
  const std::vector<float> logits = test::logits_for(kProbs);
  const std::vector<TokenProb> dist = s.distribution(logits);
  ASSERT_EQ(dist.size(), 2u);
  EXPECT_EQ(dist[0].id, 0);
  EXPECT_NEAR(dist[0].p, 0.5 / 0.8, kTol);
  EXPECT_EQ(dist[1].id, 1);
  EXPECT_NEAR(dist[1].p, 0.3 / 0.8, kTol);
  EXPECT_EQ(drawn(s, logits, 20000), (std::set<int32_t>{0, 1}));
}

TEST(SamplerFilters, TopKTiesKeepLowerIds) {
  SamplerParams p = plain_params(1.0f);
  p.top_k = 2;
  Sampler s(p, 4);
  EXPECT_EQ(ids(s.distribution(std::vector<float>{1.0f, 2.0f, 2.0f, 2.0f})),
            (std::set<int32_t>{1, 2}));
}

TEST(SamplerFilters, TopPKeepsTheSmallestSufficientSet) {
  SamplerParams p = plain_params(1.0f);
  p.top_p = 0.75f;  // 0.5 < 0.75 <= 0.5 + 0.3
  Sampler s(p, 4);
  const std::vector<float> logits = test::logits_for(kProbs);
  const std::vector<TokenProb> dist = s.distribution(logits);
  ASSERT_EQ(dist.size(), 2u);
  EXPECT_EQ(dist[0].id, 0);
  EXPECT_NEAR(dist[0].p, 0.625, kTol);
  EXPECT_EQ(drawn(s, logits, 20000), (std::set<int32_t>{0, 1}));

  p.top_p = 0.85f;  // needs the third token
  Sampler wider(p, 4);
  EXPECT_EQ(ids(wider.distribution(logits)), (std::set<int32_t>{0, 1, 2}));
}

TEST(SamplerFilters, TopPKeepsAtLeastOne) {
  for (float top_p : {0.0f, 1e-6f, 0.3f}) {
    SamplerParams p = plain_params(1.0f);
    p.top_p = top_p;
    Sampler s(p, 4);
    const std::vector<float> logits = test::logits_for(kProbs);
    EXPECT_EQ(ids(s.distribution(logits)), (std::set<int32_t>{0})) << top_p;
    EXPECT_EQ(drawn(s, logits, 1000), (std::set<int32_t>{0}));
  }
}

TEST(SamplerFilters, MinP) {
  SamplerParams p = plain_params(1.0f);
  p.min_p = 0.2f;  // threshold 0.2 * 0.5 = 0.1: only the 0.05 token goes
  Sampler s(p, 4);
  const std::vector<float> logits = test::logits_for(kProbs);
  const std::vector<TokenProb> dist = s.distribution(logits);
  EXPECT_EQ(ids(dist), (std::set<int32_t>{0, 1, 2}));
  for (const TokenProb& t : dist) EXPECT_NEAR(t.p, kProbs[t.id] / 0.95, kTol);
  EXPECT_EQ(drawn(s, logits, 20000), (std::set<int32_t>{0, 1, 2}));

  p.min_p = 5.0f;  // above 1: everything but the most likely token
  Sampler strict(p, 4);
  EXPECT_EQ(drawn(strict, logits, 1000), (std::set<int32_t>{0}));
}

// The order is top-k, temperature, top-p, min-p: top-p sees the tempered distribution.
// At t = 0.5 the probabilities become p^2 / sum = {0.685, 0.247, 0.062, 0.007}, so
// top-p 0.6 keeps token 0 alone, where at t = 1 it would keep {0, 1}.
TEST(SamplerFilters, TopPSeesTheTemperature) {
  const std::vector<float> logits = test::logits_for(kProbs);
  SamplerParams p = plain_params(1.0f);
  p.top_p = 0.6f;
  Sampler warm(p, 4);
  EXPECT_EQ(ids(warm.distribution(logits)), (std::set<int32_t>{0, 1}));
  p.temperature = 0.5f;
  Sampler cool(p, 4);
  EXPECT_EQ(ids(cool.distribution(logits)), (std::set<int32_t>{0}));

  // min-p after temperature: at t = 0.5, 0.062 < 0.1 * 0.685 drops token 2.
  SamplerParams m = plain_params(0.5f);
  m.min_p = 0.1f;
  Sampler cool_min(m, 4);
  EXPECT_EQ(ids(cool_min.distribution(logits)), (std::set<int32_t>{0, 1}));
}

// Reference nucleus by brute force: full sort, then the shortest prefix reaching p.
std::set<int32_t> reference_top_p(const std::vector<float>& logits, double top_p) {
  const std::vector<double> probs = test::softmax(logits, 1.0);
  std::vector<int32_t> order(logits.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) { return probs[a] > probs[b]; });
  std::set<int32_t> keep;
  double mass = 0.0;
  for (int32_t id : order) {
    keep.insert(id);
    mass += probs[id];
    if (mass >= top_p) break;
  }
  return keep;
}

// A Qwen-sized vocabulary without top-k: the sampler sorts only a growing prefix, so
// check both a peaked case (small prefix) and a flat one (grows to a full sort).
TEST(SamplerFilters, TopPOnALargeVocabularyMatchesAFullSort) {
  const size_t n_vocab = 151936;
  for (float spread : {40.0f, 4.0f}) {
    const std::vector<float> logits = test::random_logits(n_vocab, 11, -spread, spread);
    SamplerParams p = plain_params(1.0f);
    p.top_p = 0.9f;
    Sampler s(p, static_cast<int32_t>(n_vocab));
    const std::vector<TokenProb> dist = s.distribution(logits);
    const std::set<int32_t> expected = reference_top_p(logits, 0.9);
    EXPECT_EQ(ids(dist), expected) << "spread " << spread;
    EXPECT_TRUE(std::is_sorted(dist.begin(), dist.end(),
                               [](const TokenProb& a, const TokenProb& b) { return a.p > b.p; }));
    std::printf("spread %.0f: top-p 0.9 keeps %zu of %zu tokens\n", spread, dist.size(), n_vocab);
    for (int i = 0; i < 50; ++i) EXPECT_TRUE(expected.count(s.sample(logits)));
  }
}

}  // namespace
}  // namespace tl

// Greedy sampling and the repetition penalty: exact, so checked by argmax alone.
#include <gtest/gtest.h>

#include <vector>

#include "sampler_test_util.h"
#include "sampling/sampler.h"

namespace tl {
namespace {

using test::plain_params;

TEST(SamplerGreedy, PicksArgmaxLowestIdOnTies) {
  for (float t : {0.0f, -1.0f}) {
    Sampler s(plain_params(t), 5);
    EXPECT_EQ(s.sample(std::vector<float>{1.0f, 3.0f, 3.0f, 2.0f, -1.0f}), 1);
    EXPECT_EQ(s.sample(std::vector<float>{7.0f, 7.0f, 7.0f, 7.0f, 7.0f}), 0);
    EXPECT_EQ(s.sample(std::vector<float>{-9.0f, -8.0f, -3.0f, -3.0f, -4.0f}), 2);
  }
}

TEST(SamplerGreedy, TopKOneEqualsGreedy) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    std::vector<float> logits = test::random_logits(1000, seed);
    logits[seed * 37] = logits[seed * 41] = 9.0f;  // a tie at the top: lowest id wins
    SamplerParams p = plain_params(1.3f, seed);
    p.top_k = 1;
    Sampler top1(p, 1000);
    Sampler greedy(plain_params(0.0f), 1000);
    const int32_t expected = static_cast<int32_t>(seed * 37);
    for (int i = 0; i < 5; ++i) {
      EXPECT_EQ(top1.sample(logits), expected);
      EXPECT_EQ(greedy.sample(logits), expected);
    }
  }
}

TEST(SamplerPenalty, DividesPositiveLogits) {
  SamplerParams p = plain_params(0.0f);
  p.repeat_penalty = 2.0f;
  Sampler s(p, 2);
  const std::vector<float> logits = {1.0f, 0.8f};
  EXPECT_EQ(s.sample(logits), 0);
  s.accept(0);  // 1.0 / 2 = 0.5 < 0.8
  EXPECT_EQ(s.sample(logits), 1);
}

TEST(SamplerPenalty, MultipliesNegativeLogits) {
  // Dividing -1 by 2 would raise it to -0.5 and keep token 0; multiplying gives -2.
  SamplerParams p = plain_params(0.0f);
  p.repeat_penalty = 2.0f;
  Sampler s(p, 2);
  const std::vector<float> logits = {-1.0f, -1.5f};
  EXPECT_EQ(s.sample(logits), 0);
  s.accept(0);
  EXPECT_EQ(s.sample(logits), 1);

  p.repeat_penalty = 1.2f;  // -1.2 is still above -1.5
  Sampler mild(p, 2);
  mild.accept(0);
  EXPECT_EQ(mild.sample(logits), 0);
}

TEST(SamplerPenalty, EachDistinctTokenOnce) {
  // Applied three times, 1.0 / 2^3 = 0.125 < 0.3; applied once, 0.5 > 0.3.
  SamplerParams p = plain_params(0.0f);
  p.repeat_penalty = 2.0f;
  Sampler s(p, 2);
  for (int i = 0; i < 3; ++i) s.accept(0);
  EXPECT_EQ(s.sample(std::vector<float>{1.0f, 0.3f}), 0);
}

TEST(SamplerPenalty, LooksOnlyAtTheLastN) {
  SamplerParams p = plain_params(0.0f);
  p.repeat_penalty = 2.0f;
  p.repeat_last_n = 2;
  Sampler s(p, 4);
  const std::vector<float> logits = {1.0f, 0.8f, -5.0f, -5.0f};
  s.accept(0);
  EXPECT_EQ(s.sample(logits), 1);
  s.accept(2);
  EXPECT_EQ(s.sample(logits), 1) << "0 is still among the last 2";
  s.accept(3);
  EXPECT_EQ(s.sample(logits), 0) << "0 has left the window";

  p.repeat_last_n = 0;  // off
  Sampler off(p, 4);
  off.accept(0);
  EXPECT_EQ(off.sample(logits), 0);
}

TEST(SamplerPenalty, ShiftsTheSampledDistribution) {
  // Penalty 2 on token 0 of {1, 1}: logits {0.5, 1}, so p0 = 1 / (1 + e^0.5).
  SamplerParams p = plain_params(1.0f, 7);
  p.repeat_penalty = 2.0f;
  Sampler s(p, 2);
  s.accept(0);
  const std::vector<TokenProb> dist = s.distribution(std::vector<float>{1.0f, 1.0f});
  ASSERT_EQ(dist.size(), 2u);
  EXPECT_NEAR(dist[0].p, 1.0 / (1.0 + std::exp(0.5)), 1e-6);
}

TEST(SamplerDeathTest, LogitsMustMatchTheVocabulary) {
  Sampler s(plain_params(1.0f), 4);
  const std::vector<float> short_logits = {1.0f, 2.0f, 3.0f};
  EXPECT_DEATH(s.sample(short_logits), "logits size differs from n_vocab");
  const std::vector<float> long_logits = {1.0f, 2.0f, 3.0f, 4.0f, 5.0f};
  EXPECT_DEATH(s.sample(long_logits), "logits size differs from n_vocab");
  Sampler g(plain_params(0.0f), 4);
  EXPECT_DEATH(g.sample(short_logits), "logits size differs from n_vocab");
  EXPECT_DEATH(s.accept(4), "accepted token id out of range");
  EXPECT_DEATH(s.accept(-1), "accepted token id out of range");
}

}  // namespace
}  // namespace tl

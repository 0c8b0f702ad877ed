// Helpers shared by the sampler tests: parameter presets, softmax, empirical frequencies.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "sampling/sampler.h"

namespace tl::test {

// Temperature t with every filter and the penalty off.
inline SamplerParams plain_params(float temperature, uint64_t seed = 1) {
  SamplerParams p;
  p.temperature = temperature;
  p.top_k = 0;
  p.top_p = 1.0f;
  p.min_p = 0.0f;
  p.repeat_penalty = 1.0f;
  p.seed = seed;
  return p;
}

// The reference distribution: softmax(logits / t) in double.
inline std::vector<double> softmax(const std::vector<float>& logits, double t) {
  double max = logits[0];
  for (float l : logits) max = std::max(max, static_cast<double>(l));
  std::vector<double> p(logits.size());
  double sum = 0.0;
  for (size_t i = 0; i < logits.size(); ++i) sum += p[i] = std::exp((logits[i] - max) / t);
  for (double& x : p) x /= sum;
  return p;
}

// Logits from a softmax: log(p) (the sampler's softmax at t = 1 gives p back).
inline std::vector<float> logits_for(const std::vector<double>& probs) {
  std::vector<float> l;
  for (double p : probs) l.push_back(static_cast<float>(std::log(p)));
  return l;
}

// Seeded uniform logits in [lo, hi), for random but reproducible cases.
inline std::vector<float> random_logits(size_t n, uint64_t seed, float lo = -5.0f, float hi = 5.0f) {
  std::mt19937_64 rng(seed);
  std::vector<float> l(n);
  for (float& x : l) x = lo + (hi - lo) * static_cast<float>((rng() >> 40) * 0x1.0p-24);
  return l;
}

// Fraction of `draws` samples that picked each token.
inline std::vector<double> frequencies(Sampler& s, const std::vector<float>& logits, int draws) {
  std::vector<double> f(logits.size(), 0.0);
  for (int i = 0; i < draws; ++i) f[static_cast<size_t>(s.sample(logits))] += 1.0;
  for (double& x : f) x /= draws;
  return f;
}

}  // namespace tl::test

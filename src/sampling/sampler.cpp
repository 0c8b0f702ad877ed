// Sampler: repetition penalty, top-k, temperature softmax, top-p, min-p, seeded draw.
#include "sampling/sampler.h"

#include <algorithm>
#include <cmath>

#include "util/check.h"

namespace tl {
namespace {

using Candidate = std::pair<float, int32_t>;

// A strict total order (larger value first, then lower id), so which tokens survive a
// cut and the order of the draw never depend on how a library's sort handles ties.
bool before(const Candidate& a, const Candidate& b) {
  return a.first > b.first || (a.first == b.first && a.second < b.second);
}

// The top 53 bits of one engine output as a double in [0, 1), exactly. Not
// std::uniform_real_distribution / discrete_distribution: their algorithms are
// implementation-defined, so the same seed would give other tokens with another
// standard library. mt19937_64's output sequence itself is fixed by the standard.
double to_unit(uint64_t bits) { return static_cast<double>(bits >> 11) * 0x1.0p-53; }

}  // namespace

Sampler::Sampler(const SamplerParams& params, int32_t n_vocab)
    : params_(params), n_vocab_(n_vocab), rng_(params.seed) {
  TL_CHECK(n_vocab > 0, "a sampler needs a vocabulary");
  candidates_.reserve(static_cast<size_t>(n_vocab));
}

void Sampler::accept(int32_t token) {
  TL_CHECK(token >= 0 && token < n_vocab_, "accepted token id out of range");
  if (params_.repeat_last_n <= 0) return;
  recent_.push_back(token);
  while (recent_.size() > static_cast<size_t>(params_.repeat_last_n)) recent_.pop_front();
}

void Sampler::load_logits(std::span<const float> logits) {
  candidates_.resize(logits.size());
  for (size_t i = 0; i < logits.size(); ++i) candidates_[i] = {logits[i], static_cast<int32_t>(i)};
  const float penalty = params_.repeat_penalty;
  if (penalty == 1.0f || recent_.empty()) return;
  // Each distinct token once, however often it was repeated (llama.cpp's rule).
  penalized_.assign(recent_.begin(), recent_.end());
  std::sort(penalized_.begin(), penalized_.end());
  penalized_.erase(std::unique(penalized_.begin(), penalized_.end()), penalized_.end());
  for (int32_t id : penalized_) {
    // Dividing a negative logit would raise it, so negatives are multiplied instead.
    float& logit = candidates_[static_cast<size_t>(id)].first;
    logit = logit > 0.0f ? logit / penalty : logit * penalty;
  }
}

int32_t Sampler::greedy(std::span<const float> logits) {
  const bool penalize = params_.repeat_penalty != 1.0f && !recent_.empty();
  if (penalize) {
    load_logits(logits);
    // The first of the maximal ones in the total order: the lowest id among ties.
    return std::min_element(candidates_.begin(), candidates_.end(), before)->second;
  }
  // Strict > keeps the lowest id among ties; no copy of the vocabulary.
  size_t best = 0;
  for (size_t i = 1; i < logits.size(); ++i) {
    if (logits[i] > logits[best]) best = i;
  }
  return static_cast<int32_t>(best);
}

double Sampler::build_distribution(std::span<const float> logits) {
  load_logits(logits);
  size_t n_sorted = 0;  // length of the prefix known to be in descending order

  // top-k: partial_sort costs n log k, not n log n, on a 152k vocabulary.
  const size_t k = params_.top_k > 0 ? static_cast<size_t>(params_.top_k) : 0;
  if (k > 0 && k < candidates_.size()) {
    std::partial_sort(candidates_.begin(), candidates_.begin() + k, candidates_.end(), before);
    candidates_.resize(k);
    n_sorted = k;
  }

  // Softmax at the temperature, shifted by the max so exp never overflows; the max
  // token gets exactly 1, and the sum normalises later.
  const float max_logit =
      n_sorted > 0 ? candidates_[0].first
                   : std::min_element(candidates_.begin(), candidates_.end(), before)->first;
  const float inv_temp = 1.0f / params_.temperature;
  double total = 0.0;
  for (Candidate& c : candidates_) {
    c.first = std::exp((c.first - max_logit) * inv_temp);
    total += c.first;
  }

  // top-p: the smallest most-likely-first prefix whose mass reaches top_p. Without
  // top-k, sorting 152k tokens would cost more than the rest of sampling, so select
  // the top m (nth_element, linear), growing m until it holds enough mass, and sort
  // only those.
  if (params_.top_p < 1.0f) {
    const double target = static_cast<double>(params_.top_p) * total;
    const size_t n = candidates_.size();
    if (n_sorted < n) {
      const auto first = candidates_.begin();
      size_t m = 0;
      double mass = 0.0;
      while (m < n && mass < target) {
        const size_t grown = std::min(n, std::max<size_t>(256, m * 2));
        // The top `grown` are the top m (already in front) plus the best of the rest.
        std::nth_element(first + m, first + (grown - 1), candidates_.end(), before);
        for (size_t i = m; i < grown; ++i) mass += candidates_[i].first;
        m = grown;
      }
      std::sort(first, first + m, before);
      n_sorted = m;
    }
    // Bounded by the sorted prefix: it holds the target mass (up to summation order).
    size_t keep = 0;
    double mass = 0.0;
    while (keep < n_sorted) {
      mass += candidates_[keep++].first;
      if (mass >= target) break;
    }
    candidates_.resize(std::max<size_t>(keep, 1));
  }

  // min-p: drop tokens less likely than min_p times the most likely one (which stays).
  if (params_.min_p > 0.0f) {
    float max_p = 0.0f;
    for (const Candidate& c : candidates_) max_p = std::max(max_p, c.first);
    const float threshold = std::min(params_.min_p * max_p, max_p);
    std::erase_if(candidates_, [threshold](const Candidate& c) { return c.first < threshold; });
  }

  total = 0.0;
  for (const Candidate& c : candidates_) total += c.first;
  return total;
}

int32_t Sampler::sample(std::span<const float> logits) {
  TL_CHECK(logits.size() == static_cast<size_t>(n_vocab_), "logits size differs from n_vocab");
  if (params_.temperature <= 0.0f) return greedy(logits);
  const double total = build_distribution(logits);
  const double u = to_unit(rng_()) * total;
  double mass = 0.0;
  int32_t last_possible = candidates_.front().second;
  for (const Candidate& c : candidates_) {
    if (c.first <= 0.0f) continue;  // underflowed to zero: never drawn
    mass += c.first;
    last_possible = c.second;
    if (u < mass) return c.second;
  }
  return last_possible;  // u rounded up to the total
}

std::vector<TokenProb> Sampler::distribution(std::span<const float> logits) {
  TL_CHECK(logits.size() == static_cast<size_t>(n_vocab_), "logits size differs from n_vocab");
  if (params_.temperature <= 0.0f) return {TokenProb{greedy(logits), 1.0f}};
  const double total = build_distribution(logits);
  std::vector<TokenProb> out;
  out.reserve(candidates_.size());
  for (const Candidate& c : candidates_) {
    out.push_back({c.second, static_cast<float>(c.first / total)});
  }
  return out;
}

}  // namespace tl

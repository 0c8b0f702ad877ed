// Helpers for end-to-end model tests: load with given kernel options, evaluate
// sequences, compare logits with a stated tolerance and report the worst element.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "model/context.h"
#include "model/model.h"

namespace tl::test {

struct LoadedForTest {
  std::unique_ptr<ThreadPool> pool;
  std::unique_ptr<Model> model;
};

inline LoadedForTest load_for_test(const std::string& path, const ModelOptions& options = {}, int threads = 2) {
  LoadedForTest t;
  t.pool = std::make_unique<ThreadPool>(threads);
  Result<std::unique_ptr<Model>> m = Model::load(path, options, *t.pool);
  EXPECT_TRUE(m.ok()) << m.error();
  if (m.ok()) t.model = std::move(m).value();
  return t;
}

// Max |a - b| over all elements; the worst position goes into *where.
inline double max_abs_diff(std::span<const float> a, std::span<const float> b, size_t* where = nullptr) {
  double worst = 0;
  size_t at = 0;
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    const double d = std::fabs(static_cast<double>(a[i]) - b[i]);
    if (!(d <= worst)) {  // also catches NaN
      worst = std::isnan(d) ? INFINITY : d;
      at = i;
    }
  }
  if (where) *where = at;
  return worst;
}

inline int32_t argmax(std::span<const float> row) {
  int32_t best = 0;
  for (size_t i = 1; i < row.size(); ++i) {
    if (row[i] > row[static_cast<size_t>(best)]) best = static_cast<int32_t>(i);
  }
  return best;
}

// Expects every logit within `tol` of the golden, naming the worst (position, id).
inline void expect_logits_near(std::span<const float> actual, std::span<const float> golden, int64_t n_vocab,
                               double tol, const std::string& what) {
  ASSERT_EQ(actual.size(), golden.size()) << what;
  size_t at = 0;
  const double worst = max_abs_diff(actual, golden, &at);
  EXPECT_LE(worst, tol) << what << ": worst |logit - golden| = " << worst << " at position " << at / n_vocab
                        << ", id " << at % n_vocab << " (expected " << golden[at] << ", got " << actual[at]
                        << "), tolerance " << tol;
}

}  // namespace tl::test

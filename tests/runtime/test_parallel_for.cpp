// parallel_for tests: ranges cover [0, n) exactly once, for n below, at and far above
// the thread count, and n = 0.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <mutex>
#include <utility>
#include <vector>

#include "runtime/thread_pool.h"

namespace tl {
namespace {

struct Range {
  int64_t begin, end;
  int ith;
};

std::vector<Range> ranges_of(ThreadPool& pool, int64_t n) {
  std::mutex mutex;
  std::vector<Range> ranges;
  pool.parallel_for(n, [&](int64_t begin, int64_t end, int ith) {
    std::lock_guard<std::mutex> lock(mutex);
    ranges.push_back({begin, end, ith});
  });
  std::sort(ranges.begin(), ranges.end(), [](const Range& a, const Range& b) { return a.begin < b.begin; });
  return ranges;
}

TEST(ParallelFor, RangesTileZeroToN) {
  for (int nth : {1, 2, 3, 8}) {
    ThreadPool pool(nth);
    for (int64_t n : {int64_t{1}, int64_t{2}, int64_t{5}, int64_t{7}, int64_t{8}, int64_t{9},
                      int64_t{1000}, int64_t{1} << 40, std::numeric_limits<int64_t>::max()}) {
      const std::vector<Range> ranges = ranges_of(pool, n);
      ASSERT_FALSE(ranges.empty());
      EXPECT_EQ(ranges.front().begin, 0) << "nth=" << nth << " n=" << n;
      EXPECT_EQ(ranges.back().end, n) << "nth=" << nth << " n=" << n;
      EXPECT_EQ(ranges.size(), static_cast<size_t>(std::min<int64_t>(n, nth)));
      std::vector<bool> thread_seen(nth, false);
      for (size_t i = 0; i < ranges.size(); ++i) {
        EXPECT_LT(ranges[i].begin, ranges[i].end) << "empty ranges are not reported";
        if (i > 0) {
          EXPECT_EQ(ranges[i].begin, ranges[i - 1].end) << "gap or overlap, n=" << n;
        }
        ASSERT_GE(ranges[i].ith, 0);
        ASSERT_LT(ranges[i].ith, nth);
        EXPECT_FALSE(thread_seen[ranges[i].ith]) << "one range per thread";
        thread_seen[ranges[i].ith] = true;
        // Balanced: sizes differ by at most one.
        const int64_t size = ranges[i].end - ranges[i].begin;
        EXPECT_GE(size - n / nth, 0);
        EXPECT_LE(size - n / nth, 1);
      }
    }
  }
}

TEST(ParallelFor, ZeroItemsCallsNothing) {
  ThreadPool pool(3);
  int calls = 0;
  pool.parallel_for(0, [&](int64_t, int64_t, int) { ++calls; });
  pool.parallel_for(-5, [&](int64_t, int64_t, int) { ++calls; });
  EXPECT_EQ(calls, 0);
}

// Every element touched exactly once, with plain writes (overlaps race under TSan).
TEST(ParallelFor, EachIndexOnce) {
  for (int nth : {1, 2, 3, 8}) {
    ThreadPool pool(nth);
    for (int64_t n : {int64_t{1}, int64_t{2}, int64_t{3}, int64_t{1'000'003}}) {
      std::vector<uint8_t> hits(static_cast<size_t>(n), 0);
      pool.parallel_for(n, [&](int64_t begin, int64_t end, int) {
        for (int64_t i = begin; i < end; ++i) hits[static_cast<size_t>(i)] += 1;
      });
      const auto wrong = std::count_if(hits.begin(), hits.end(), [](uint8_t h) { return h != 1; });
      EXPECT_EQ(wrong, 0) << "nth=" << nth << " n=" << n;
    }
  }
}

}  // namespace
}  // namespace tl

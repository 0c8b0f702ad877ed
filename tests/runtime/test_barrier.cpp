// Barrier tests: phases and sums that fail when a barrier lets a thread through early,
// checked first against a do-nothing barrier to prove they can fail.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "runtime/thread_pool.h"

namespace tl {
namespace {

// The bug these tests exist for: a barrier that returns at once.
struct NoOpBarrier {
  void wait() {}
};

// nth threads run `phases` rounds: in round p each writes slots[ith] = p, waits, checks
// that every slot reads p, and waits again (so nobody writes p + 1 while others check).
// Returns the number of wrong reads. Slots are relaxed atomics so that a broken barrier
// gives wrong values rather than undefined behaviour.
template <class B>
int64_t phase_errors(B& barrier, int nth, int phases) {
  std::vector<std::atomic<int>> slots(nth);
  for (auto& s : slots) s.store(-1);
  std::atomic<int64_t> errors{0};
  auto body = [&](int ith) {
    for (int p = 0; p < phases; ++p) {
      slots[ith].store(p, std::memory_order_relaxed);
      barrier.wait();
      for (int j = 0; j < nth; ++j) {
        if (slots[j].load(std::memory_order_relaxed) != p) errors.fetch_add(1);
      }
      barrier.wait();
    }
  };
  std::vector<std::thread> threads;
  for (int ith = 1; ith < nth; ++ith) threads.emplace_back(body, ith);
  body(0);
  for (auto& t : threads) t.join();
  return errors.load();
}

// Each round every thread adds ith + 1 to a shared counter, waits, and checks the total
// is exactly round * (1 + ... + nth), then waits again. Returns the wrong totals seen.
template <class B>
int64_t counter_errors(B& barrier, int nth, int phases) {
  std::atomic<int64_t> counter{0};
  std::atomic<int64_t> errors{0};
  const int64_t per_phase = int64_t{nth} * (nth + 1) / 2;
  auto body = [&](int ith) {
    for (int p = 1; p <= phases; ++p) {
      counter.fetch_add(ith + 1, std::memory_order_relaxed);
      barrier.wait();
      if (counter.load(std::memory_order_relaxed) != p * per_phase) errors.fetch_add(1);
      barrier.wait();
    }
  };
  std::vector<std::thread> threads;
  for (int ith = 1; ith < nth; ++ith) threads.emplace_back(body, ith);
  body(0);
  for (auto& t : threads) t.join();
  return errors.load();
}

TEST(Barrier, TestsCatchANoOpBarrier) {
  NoOpBarrier broken;
  // Threads start tens of microseconds apart and a phase takes nanoseconds, so without
  // a barrier the first thread runs far ahead and reads stale slots.
  EXPECT_GT(phase_errors(broken, 2, 20000), 0);
  EXPECT_GT(counter_errors(broken, 2, 20000), 0);
}

TEST(Barrier, PhasesSeeEveryThreadsWrite) {
  for (int nth : {1, 2, 3, 8}) {
    Barrier barrier(nth);
    const int phases = nth > 4 ? 500 : 3000;
    EXPECT_EQ(phase_errors(barrier, nth, phases), 0) << "nth=" << nth;
  }
}

TEST(Barrier, NoSpinVariantIsCorrectToo) {
  Barrier barrier(3, /*spin_ns=*/0);
  EXPECT_EQ(phase_errors(barrier, 3, 1000), 0);
}

// Plain (non-atomic) data: only the barrier orders these writes and reads, so a barrier
// that lacks acquire/release shows up as a data race under ThreadSanitizer.
TEST(Barrier, PublishesPlainWrites) {
  const int nth = 3;
  const int phases = 1000;
  Barrier barrier(nth);
  std::vector<int> slots(nth, -1);
  std::vector<int64_t> errors(nth, 0);
  auto body = [&](int ith) {
    for (int p = 0; p < phases; ++p) {
      slots[ith] = p;
      barrier.wait();
      for (int j = 0; j < nth; ++j) errors[ith] += slots[j] != p;
      barrier.wait();
    }
  };
  std::vector<std::thread> threads;
  for (int ith = 1; ith < nth; ++ith) threads.emplace_back(body, ith);
  body(0);
  for (auto& t : threads) t.join();
  for (int ith = 0; ith < nth; ++ith) EXPECT_EQ(errors[ith], 0) << "thread " << ith;
}

TEST(Barrier, CounterSumsMatchEveryPhase) {
  for (int nth : {2, 3, 8}) {
    Barrier barrier(nth);
    EXPECT_EQ(counter_errors(barrier, nth, nth > 4 ? 500 : 2000), 0) << "nth=" << nth;
  }
}

}  // namespace
}  // namespace tl

// ThreadPool tests: every thread runs every job once, run() waits for the slowest and
// publishes plain writes, barriers inside jobs, oversubscription, idling, pinning.
#include <gtest/gtest.h>

#include <time.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "runtime/affinity.h"
#include "runtime/thread_pool.h"

namespace tl {
namespace {

const int kSizes[] = {1, 2, 3, 8};  // 8 oversubscribes the 2-core CI machines

double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

TEST(ThreadPool, EveryThreadRunsEachJobOnce) {
  for (int nth : kSizes) {
    ThreadPool pool(nth);
    ASSERT_EQ(pool.size(), nth);
    std::vector<int> hits(nth, 0);  // plain ints: run() must order them (TSan checks)
    std::atomic<int> bad_nth{0};
    pool.run([&](int ith, int n) {
      hits[ith] += 1;
      if (n != nth) bad_nth.fetch_add(1);
    });
    for (int ith = 0; ith < nth; ++ith) EXPECT_EQ(hits[ith], 1) << "nth=" << nth << " ith=" << ith;
    EXPECT_EQ(bad_nth.load(), 0);
  }
}

// Thousands of back-to-back jobs: each must see the previous job's results (run() only
// returns when all threads are done) and no thread may skip or repeat a job.
TEST(ThreadPool, ThousandsOfRunsInARow) {
  for (int nth : kSizes) {
    ThreadPool pool(nth);
    const int runs = nth > 4 ? 3000 : 20000;
    std::vector<int64_t> count(nth, 0);
    std::vector<int> last(nth, -1);
    int64_t stale = 0;
    for (int r = 0; r < runs; ++r) {
      pool.run([&](int ith, int) {
        count[ith] += 1;
        last[ith] = r;
      });
      for (int ith = 0; ith < nth; ++ith) stale += last[ith] != r;
    }
    EXPECT_EQ(stale, 0) << "nth=" << nth;
    for (int ith = 0; ith < nth; ++ith) EXPECT_EQ(count[ith], runs) << "nth=" << nth;
  }
}

TEST(ThreadPool, RunWaitsForTheSlowestThread) {
  for (int nth : {2, 3, 8}) {
    ThreadPool pool(nth);
    std::vector<int> done(nth, 0);
    int64_t missing = 0;
    for (int r = 0; r < 100; ++r) {
      pool.run([&](int ith, int) {
        // Odd threads (and, on alternate runs, the caller) are slow, so run() must
        // wait for workers that finish long after thread 0.
        if (ith % 2 == 1 || (ith == 0 && r % 2 == 0)) {
          std::this_thread::sleep_for(std::chrono::microseconds(300));
        }
        done[ith] = r + 1;
      });
      for (int ith = 0; ith < nth; ++ith) missing += done[ith] != r + 1;
    }
    EXPECT_EQ(missing, 0) << "nth=" << nth;
  }
}

// Barriers inside jobs, with plain data: in phase p each thread writes its slot, waits,
// checks all slots, waits again. Uneven work (sleeps) makes early arrivals wait.
TEST(ThreadPool, BarrierInsideRun) {
  for (int nth : kSizes) {
    ThreadPool pool(nth);
    std::vector<int> slots(nth, -1);
    std::vector<int64_t> errors(nth, 0);
    const int phases = nth > 4 ? 200 : 1000;
    for (int r = 0; r < 5; ++r) {
      pool.run([&](int ith, int n) {
        for (int p = 0; p < phases; ++p) {
          if (ith == (p % n) && p % 50 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
          slots[ith] = r * phases + p;
          pool.barrier();
          for (int j = 0; j < n; ++j) errors[ith] += slots[j] != r * phases + p;
          pool.barrier();
        }
      });
    }
    for (int ith = 0; ith < nth; ++ith) EXPECT_EQ(errors[ith], 0) << "nth=" << nth << " ith=" << ith;
  }
}

// With more threads than cores, spinners must give their core away; a run with two
// barriers must still take microseconds to a millisecond, not a scheduler tick each.
TEST(ThreadPool, OversubscribedPoolStaysFast) {
  const int nth = static_cast<int>(allowed_cpus().size()) * 4;
  ThreadPool pool(std::max(nth, 8));
  std::atomic<int64_t> sum{0};
  const int runs = 1000;
  const auto start = std::chrono::steady_clock::now();
  for (int r = 0; r < runs; ++r) {
    pool.run([&](int ith, int) {
      sum.fetch_add(ith, std::memory_order_relaxed);
      pool.barrier();
      pool.barrier();
    });
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const int n = pool.size();
  EXPECT_EQ(sum.load(), int64_t{runs} * n * (n - 1) / 2);
  // Measured ~0.1 s on 2 cores; the bound leaves room for sanitizers and a busy machine.
  EXPECT_LT(seconds, 20.0) << runs << " runs of " << n << " threads took " << seconds << " s";
  std::printf("oversubscribed: %d runs x %d threads with 2 barriers: %.3f s\n", runs, n, seconds);
}

// Workers spin only briefly after a job, then sleep: an idle pool burns no CPU.
TEST(ThreadPool, IdlePoolSleeps) {
  ThreadPool pool(static_cast<int>(std::max<size_t>(2, allowed_cpus().size())));
  pool.run([](int, int) {});
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // past the spin window
  const double cpu_before = process_cpu_seconds();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const double cpu_used = process_cpu_seconds() - cpu_before;
  // Spinning workers would use ~0.3 s each; sleeping ones use ~nothing.
  EXPECT_LT(cpu_used, 0.05) << "idle pool used " << cpu_used << " s of CPU in 0.3 s";
}

TEST(ThreadPool, DestroyedWhileIdle) {
  for (int nth : kSizes) {
    { ThreadPool never_ran(nth); }
    {
      ThreadPool spinning(nth);  // destroyed while its workers still spin
      spinning.run([](int, int) {});
    }
    {
      ThreadPool sleeping(nth);  // destroyed after its workers went to sleep
      sleeping.run([](int, int) {});
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  for (int i = 0; i < 100; ++i) {
    ThreadPool pool(3);
    if (i % 2 == 0) pool.run([](int, int) {});
  }
}

TEST(ThreadPool, PinsEachThreadToItsOwnCpu) {
  const std::vector<int> cpus = allowed_cpus();
  ASSERT_FALSE(cpus.empty());
  const int nth = static_cast<int>(std::min<size_t>(cpus.size(), 4));
  {
    ThreadPool pool(nth, /*pin=*/true);
    EXPECT_TRUE(pool.pinned());
    std::vector<std::vector<int>> masks(nth);
    pool.run([&](int ith, int) { masks[ith] = allowed_cpus(); });
    for (int ith = 0; ith < nth; ++ith) {
      EXPECT_EQ(masks[ith], std::vector<int>{cpus[ith]}) << "thread " << ith;
    }
  }
  EXPECT_EQ(allowed_cpus(), cpus) << "the caller's affinity is restored";
}

TEST(ThreadPool, PinSkippedWhenCpusAreTooFew) {
  const std::vector<int> cpus = allowed_cpus();
  ThreadPool pool(static_cast<int>(cpus.size()) + 1, /*pin=*/true);
  EXPECT_FALSE(pool.pinned());
  std::atomic<int> ran{0};
  pool.run([&](int, int) { ran.fetch_add(1); });
  EXPECT_EQ(ran.load(), pool.size());
  EXPECT_EQ(allowed_cpus(), cpus);
}

TEST(Affinity, PhysicalCoreCount) {
  const int cores = physical_core_count();
  std::printf("physical cores: %d of %zu allowed CPUs\n", cores, allowed_cpus().size());
  EXPECT_GE(cores, 1);
  EXPECT_LE(cores, static_cast<int>(allowed_cpus().size()));
}

}  // namespace
}  // namespace tl

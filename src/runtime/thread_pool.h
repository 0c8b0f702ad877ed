// One persistent pool of pinned worker threads and the barrier they share.
//
// The caller of run() is thread 0 and works too; workers 1..n-1 wait between jobs
// (spin with pause for a while, then sleep on a futex), so an op costs a wake-up, not a
// thread start. Owned by the engine context; never a global.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <thread>
#include <vector>

#include "runtime/affinity.h"
#include "runtime/spin_wait.h"

namespace tl {

// A reusable barrier for a fixed number of threads: an atomic arrival counter and a
// generation number, so a thread cannot pass a barrier before all have reached it,
// and a fast thread cannot run into the next barrier's count.
class Barrier {
 public:
  // spin_ns: how long a waiter spins before it sleeps; by default default_spin_ns().
  explicit Barrier(int n_threads, int64_t spin_ns = -1);
  Barrier(const Barrier&) = delete;
  Barrier& operator=(const Barrier&) = delete;
  void wait();
  int size() const { return n_; }

 private:
  const int n_;
  const int64_t spin_ns_;
  alignas(64) std::atomic<int> arrived_{0};
  alignas(64) WaitWord generation_;  // bumped by the last arriver of each round
};

class ThreadPool {
 public:
  // n_threads counts the calling thread. pin: bind thread i to the i-th CPU of the
  // process's allowed set (thread 0 is the constructing thread, whose old affinity the
  // destructor restores); skipped silently if the set has fewer CPUs than threads.
  explicit ThreadPool(int n_threads, bool pin = false);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;
  ThreadPool(ThreadPool&&) = delete;
  ThreadPool& operator=(ThreadPool&&) = delete;

  int size() const { return n_threads_; }
  // Whether the threads were actually pinned (pin was asked and there were enough CPUs).
  bool pinned() const { return pinned_; }

  // Runs fn(ith, nth) once on every thread (the caller is ith 0) and returns when all
  // have finished; their writes are then visible to the caller. Not reentrant: fn must
  // not call run(). fn must not throw (a throw would strand the others at a barrier),
  // so an escaping exception terminates.
  void run(const std::function<void(int ith, int nth)>& fn);

  // For use inside run(): all nth threads wait here for each other.
  void barrier() { barrier_.wait(); }

  // Splits [0, n) into contiguous ranges, one per thread, and runs fn(begin, end, ith)
  // for each non-empty range (so for n < nth some threads get nothing).
  void parallel_for(int64_t n, const std::function<void(int64_t begin, int64_t end, int ith)>& fn);

 private:
  void worker_main(int ith, int cpu);
  void wait_for_workers();

  const int n_threads_;
  const int64_t spin_ns_;
  Barrier barrier_;
  bool pinned_ = false;
  std::vector<int> caller_cpus_;  // thread 0's affinity before pinning, restored at exit
  std::thread::id caller_id_;
  // Written by run() before the job_generation_ bump that publishes it; read by workers
  // after they see the bump, and not again until the next one.
  const std::function<void(int, int)>* job_ = nullptr;
  alignas(64) WaitWord job_generation_;  // bumped once per run(), and once to stop
  alignas(64) WaitWord pending_;         // workers still running the current job
  std::atomic<bool> stop_{false};
  std::vector<std::thread> workers_;  // last: started once everything above exists
};

}  // namespace tl

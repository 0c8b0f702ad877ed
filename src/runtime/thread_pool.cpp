// ThreadPool: persistent workers woken by a job generation counter.
#include "runtime/thread_pool.h"

#include <algorithm>
#include <thread>

#include "util/check.h"

namespace tl {
namespace {

// noexcept: an exception escaping one thread of a job would leave the others waiting
// at a barrier forever, so it terminates here instead, with a clear stack.
void run_job(const std::function<void(int, int)>& fn, int ith, int nth) noexcept {
  fn(ith, nth);
}

}  // namespace

ThreadPool::ThreadPool(int n_threads, bool pin)
    : n_threads_(n_threads), spin_ns_(default_spin_ns(n_threads)), barrier_(n_threads, spin_ns_) {
  TL_CHECK(n_threads >= 1, "a thread pool needs at least one thread");
  std::vector<int> cpus;
  if (pin) {
    cpus = allowed_cpus();
    if (cpus.size() >= static_cast<size_t>(n_threads)) {
      caller_cpus_ = cpus;
      caller_id_ = std::this_thread::get_id();
      pinned_ = set_current_thread_cpus({cpus[0]});
    } else {
      cpus.clear();  // too few CPUs to give each thread its own: leave placement to the OS
    }
  }
  workers_.reserve(n_threads - 1);
  for (int ith = 1; ith < n_threads; ++ith) {
    const int cpu = cpus.empty() ? -1 : cpus[ith];
    workers_.emplace_back([this, ith, cpu] { worker_main(ith, cpu); });
  }
}

ThreadPool::~ThreadPool() {
  stop_.store(true, std::memory_order_relaxed);  // published by the bump below
  job_generation_.value.fetch_add(1, std::memory_order_seq_cst);
  wake_all(job_generation_);
  for (std::thread& t : workers_) t.join();
  if (pinned_ && std::this_thread::get_id() == caller_id_) set_current_thread_cpus(caller_cpus_);
}

void ThreadPool::worker_main(int ith, int cpu) {
  if (cpu >= 0) set_current_thread_cpus({cpu});
  uint32_t seen = 0;  // the generation the pool was built with
  for (;;) {
    seen = wait_for_change(job_generation_, seen, spin_ns_);
    if (stop_.load(std::memory_order_relaxed)) return;
    run_job(*job_, ith, n_threads_);
    // The RMW releases this thread's writes to the caller's acquire load of zero.
    if (pending_.value.fetch_sub(1, std::memory_order_seq_cst) == 1) wake_all(pending_);
  }
}

void ThreadPool::wait_for_workers() {
  uint32_t left = pending_.value.load(std::memory_order_acquire);
  while (left != 0) left = wait_for_change(pending_, left, spin_ns_);
}

void ThreadPool::run(const std::function<void(int, int)>& fn) {
  if (n_threads_ == 1) {
    run_job(fn, 0, 1);
    return;
  }
  TL_DCHECK(pending_.value.load(std::memory_order_relaxed) == 0, "ThreadPool::run is not reentrant");
  job_ = &fn;
  pending_.value.store(static_cast<uint32_t>(n_threads_ - 1), std::memory_order_relaxed);
  // The bump releases job_ and pending_ to the workers that see it.
  job_generation_.value.fetch_add(1, std::memory_order_seq_cst);
  wake_all(job_generation_);
  run_job(fn, 0, n_threads_);
  wait_for_workers();
}

void ThreadPool::parallel_for(int64_t n,
                              const std::function<void(int64_t, int64_t, int)>& fn) {
  if (n <= 0) return;
  run([n, &fn](int ith, int nth) {
    // The first n % nth threads take one extra item; no n * ith product, so no overflow.
    const int64_t chunk = n / nth;
    const int64_t extra = n % nth;
    const int64_t begin = ith * chunk + std::min<int64_t>(ith, extra);
    const int64_t end = begin + chunk + (ith < extra ? 1 : 0);
    if (begin < end) fn(begin, end, ith);
  });
}

}  // namespace tl

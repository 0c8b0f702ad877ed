// Spin-then-futex waiting on a WaitWord (see spin_wait.h).
#include "runtime/spin_wait.h"

#include <linux/futex.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <climits>
#include <thread>

#include "runtime/affinity.h"

namespace tl {
namespace {

// _mm_pause without <immintrin.h>: baseline x86-64 (SSE2), so no -m flag is needed. It
// tells the core we are spinning (saves power, frees the sibling hyper-thread).
inline void cpu_pause() { __builtin_ia32_pause(); }

int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// std::atomic<uint32_t> is a plain 32-bit word (asserted below), so the kernel may
// compare it; FUTEX_PRIVATE because pools never share words across processes.
static_assert(sizeof(std::atomic<uint32_t>) == sizeof(uint32_t));
static_assert(std::atomic<uint32_t>::is_always_lock_free);

void futex_wait(const std::atomic<uint32_t>& word, uint32_t expected) {
  // Returns at once (EAGAIN) if the word no longer holds expected; spurious returns
  // and EINTR are fine, the caller re-checks.
  syscall(SYS_futex, reinterpret_cast<const uint32_t*>(&word), FUTEX_WAIT_PRIVATE,
          expected, nullptr, nullptr, 0);
}

void futex_wake_all(const std::atomic<uint32_t>& word) {
  syscall(SYS_futex, reinterpret_cast<const uint32_t*>(&word), FUTEX_WAKE_PRIVATE,
          INT_MAX, nullptr, nullptr, 0);
}

}  // namespace

int64_t default_spin_ns(int n_threads) {
  size_t n_cpus = allowed_cpus().size();
  if (n_cpus == 0) n_cpus = std::thread::hardware_concurrency();
  return static_cast<size_t>(n_threads) > n_cpus ? 0 : kDefaultSpinNs;
}

uint32_t wait_for_change(WaitWord& w, uint32_t old, int64_t spin_ns) {
  uint32_t v = w.value.load(std::memory_order_acquire);
  if (v != old) return v;
  // Reading the clock costs ~20 ns, so look at it only every 64 pauses.
  const int64_t deadline = spin_ns > 0 ? now_ns() + spin_ns : 0;
  for (int i = 1; spin_ns > 0; ++i) {
    cpu_pause();
    v = w.value.load(std::memory_order_acquire);
    if (v != old) return v;
    if ((i & 63) == 0 && now_ns() >= deadline) break;
  }
  // A yield gives the core to a thread we may be waiting for when the pool has more
  // threads than cores; the futex then stops us burning CPU if the wait is long.
  sched_yield();
  for (;;) {
    v = w.value.load(std::memory_order_acquire);
    if (v != old) return v;
    w.sleepers.fetch_add(1, std::memory_order_seq_cst);
    // Re-check after announcing ourselves: a waker that changed the value before our
    // increment may have seen no sleepers and skipped the wake.
    if (w.value.load(std::memory_order_seq_cst) == old) futex_wait(w.value, old);
    w.sleepers.fetch_sub(1, std::memory_order_relaxed);
  }
}

void wake_all(WaitWord& w) {
  if (w.sleepers.load(std::memory_order_seq_cst) != 0) futex_wake_all(w.value);
}

}  // namespace tl

// Waiting for a 32-bit atomic word to change: spin with pause first, then sleep on a
// Linux futex, so short waits cost no syscall and long waits cost no CPU.
#pragma once

#include <atomic>
#include <cstdint>

namespace tl {

// How long a waiter spins before it sleeps. Ops of a forward pass come back to back
// (a few microseconds apart), so waiting threads should usually catch the next job
// while still spinning; a pool left idle longer than this stops burning its cores.
inline constexpr int64_t kDefaultSpinNs = 50'000;

// kDefaultSpinNs, or 0 when n_threads outnumber this process's CPUs: then a spinner
// holds the very core that the thread it waits for needs, so it should sleep at once.
int64_t default_spin_ns(int n_threads);

// A word threads wait on, with a count of the ones asleep on it, so that waking costs
// a syscall only when someone actually sleeps.
struct WaitWord {
  std::atomic<uint32_t> value{0};
  std::atomic<uint32_t> sleepers{0};
};

// Returns the first value of w.value seen that differs from old (acquire ordering, so
// writes made before the change are visible). Spins for about spin_ns, then sleeps.
uint32_t wait_for_change(WaitWord& w, uint32_t old, int64_t spin_ns);

// Wakes every thread asleep in wait_for_change(w). Call after changing w.value with
// seq_cst ordering: the waiter's sleepers increment and the waker's check form a
// Dekker pair, which only a total order makes race-free.
void wake_all(WaitWord& w);

}  // namespace tl

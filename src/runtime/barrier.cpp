// Barrier: arrival counter plus generation, waiting by spin-then-futex.
#include "runtime/thread_pool.h"
#include "util/check.h"

namespace tl {

Barrier::Barrier(int n_threads, int64_t spin_ns)
    : n_(n_threads), spin_ns_(spin_ns >= 0 ? spin_ns : default_spin_ns(n_threads)) {
  TL_CHECK(n_threads >= 1, "a barrier needs at least one thread");
}

void Barrier::wait() {
  if (n_ == 1) return;
  // Read before arriving: this round cannot end without us, so the generation cannot
  // move between this load and our arrival.
  const uint32_t gen = generation_.value.load(std::memory_order_acquire);
  // acq_rel: the last arriver acquires every earlier arriver's writes (one release
  // sequence of RMWs) and passes them on with the generation bump below.
  if (arrived_.fetch_add(1, std::memory_order_acq_rel) == n_ - 1) {
    // Reset before the bump: others arrive at the next barrier only after seeing it.
    arrived_.store(0, std::memory_order_relaxed);
    generation_.value.fetch_add(1, std::memory_order_seq_cst);
    wake_all(generation_);
    return;
  }
  wait_for_change(generation_, gen, spin_ns_);
}

}  // namespace tl

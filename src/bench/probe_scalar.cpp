// The ref level's peak: scalar f32 multiply then add (the reference kernels never fuse:
// the build has -ffp-contract=off), 12 chains to cover both latencies.
#include "bench/probe_loops.h"

namespace tl::bench {

uint64_t peak_loop_scalar(uint64_t iters, float* sink) {
  float a0 = 0.1f, a1 = 0.2f, a2 = 0.3f, a3 = 0.4f, a4 = 0.5f, a5 = 0.6f;
  float a6 = 0.7f, a7 = 0.8f, a8 = 0.9f, a9 = 1.0f, a10 = 1.1f, a11 = 1.2f;
  const float m = 0.999f, c = 1e-3f;
  for (uint64_t i = 0; i < iters; ++i) {
    a0 = a0 * m + c, a1 = a1 * m + c, a2 = a2 * m + c, a3 = a3 * m + c;
    a4 = a4 * m + c, a5 = a5 * m + c, a6 = a6 * m + c, a7 = a7 * m + c;
    a8 = a8 * m + c, a9 = a9 * m + c, a10 = a10 * m + c, a11 = a11 * m + c;
    // Keeps each chain a scalar in its own register: no vectorizer may pack them.
    asm volatile("" : "+x"(a0), "+x"(a1), "+x"(a2), "+x"(a3), "+x"(a4), "+x"(a5), "+x"(a6), "+x"(a7),
                 "+x"(a8), "+x"(a9), "+x"(a10), "+x"(a11));
  }
  *sink = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
  return iters * 12;
}

}  // namespace tl::bench

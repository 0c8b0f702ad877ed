// The avx2 level's peak: vfmadd on ymm (8 f32 MACs), 12 accumulators so two FMA ports
// with 4-cycle latency stay busy. Compiled with -mavx2 -mfma (this file only).
#include <immintrin.h>

#include "bench/probe_loops.h"

namespace tl::bench {

uint64_t peak_loop_avx2_fma(uint64_t iters, float* sink) {
  constexpr int kAcc = 12;
  __m256 acc[kAcc];
  for (int j = 0; j < kAcc; ++j) acc[j] = _mm256_set1_ps(0.1f * static_cast<float>(j + 1));
  const __m256 m = _mm256_set1_ps(0.999f), c = _mm256_set1_ps(1e-3f);
  for (uint64_t i = 0; i < iters; ++i) {
#pragma GCC unroll 16
    for (int j = 0; j < kAcc; ++j) acc[j] = _mm256_fmadd_ps(acc[j], m, c);
  }
  __m256 sum = acc[0];
  for (int j = 1; j < kAcc; ++j) sum = _mm256_add_ps(sum, acc[j]);
  *sink = _mm256_cvtss_f32(sum);
  return iters * kAcc * 8;
}

}  // namespace tl::bench

// The avx512 level's peak: vpdpbusd on zmm (64 u8 x s8 MACs into int32), the
// instruction int8 kernels are built on; f32 FMA on CPUs without VNNI. 12 accumulators
// cover latency on two ports. Compiled with -mavx512f -mavx512bw -mavx512vl
// -mavx512vnni (this file only).
#include <immintrin.h>

#include "bench/probe_loops.h"

namespace tl::bench {

uint64_t peak_loop_avx512_vnni(uint64_t iters, float* sink) {
  constexpr int kAcc = 12;
  __m512i acc[kAcc];
  for (int j = 0; j < kAcc; ++j) acc[j] = _mm512_set1_epi32(j);
  const __m512i a = _mm512_set1_epi8(3), b = _mm512_set1_epi8(-2);
  for (uint64_t i = 0; i < iters; ++i) {
#pragma GCC unroll 16
    for (int j = 0; j < kAcc; ++j) acc[j] = _mm512_dpbusd_epi32(acc[j], a, b);
  }
  __m512i sum = acc[0];
  for (int j = 1; j < kAcc; ++j) sum = _mm512_add_epi32(sum, acc[j]);
  *sink = static_cast<float>(_mm512_reduce_add_epi32(sum));
  return iters * kAcc * 64;
}

uint64_t peak_loop_avx512_fma(uint64_t iters, float* sink) {
  constexpr int kAcc = 12;
  __m512 acc[kAcc];
  for (int j = 0; j < kAcc; ++j) acc[j] = _mm512_set1_ps(0.1f * static_cast<float>(j + 1));
  const __m512 m = _mm512_set1_ps(0.999f), c = _mm512_set1_ps(1e-3f);
  for (uint64_t i = 0; i < iters; ++i) {
#pragma GCC unroll 16
    for (int j = 0; j < kAcc; ++j) acc[j] = _mm512_fmadd_ps(acc[j], m, c);
  }
  __m512 sum = acc[0];
  for (int j = 1; j < kAcc; ++j) sum = _mm512_add_ps(sum, acc[j]);
  *sink = _mm512_reduce_add_ps(sum);
  return iters * kAcc * 16;
}

}  // namespace tl::bench

// measure_peak: picks the level's loop, calibrates it to min_seconds on one thread, then
// times it on all threads (best of three).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <vector>

#include "bench/probe_loops.h"
#include "bench/probes.h"

namespace tl::bench {
namespace {

using Clock = std::chrono::steady_clock;
using Loop = uint64_t (*)(uint64_t, float*);

struct Choice {
  Loop loop;
  const char* what;
};

Choice choose(Isa isa) {
  const CpuFeatures& cpu = cpu_features();
  switch (isa) {
    case Isa::Amx: return {peak_loop_amx_int8, "int8 tdpbssd (AMX tiles)"};
    case Isa::Avx512:
      if (cpu.avx512vnni) return {peak_loop_avx512_vnni, "int8 vpdpbusd zmm"};
      return {peak_loop_avx512_fma, "f32 vfmadd zmm (no VNNI)"};
    case Isa::Avx2: return {peak_loop_avx2_fma, "f32 vfmadd ymm"};
    case Isa::Ref:
    case Isa::AmxEmu: break;
  }
  return {peak_loop_scalar, "f32 scalar mul+add"};
}

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

}  // namespace

PeakProbe measure_peak(Isa isa, ThreadPool& pool, double min_seconds) {
  const Choice c = choose(isa);
  float sink = 0;
  // Calibrate on thread 0 alone: double the rounds until the loop takes min_seconds.
  uint64_t iters = 1 << 12;
  while (true) {
    const auto t0 = Clock::now();
    pool.run([&](int ith, int) {
      if (ith == 0) c.loop(iters, &sink);
    });
    if (seconds_since(t0) >= min_seconds || iters >= (uint64_t{1} << 40)) break;
    iters *= 2;
  }
  std::vector<uint64_t> macs(static_cast<size_t>(pool.size()));
  std::vector<float> sinks(static_cast<size_t>(pool.size()));
  PeakProbe best;
  best.what = c.what;
  for (int rep = 0; rep < 3; ++rep) {
    const auto t0 = Clock::now();
    pool.run([&](int ith, int) { macs[static_cast<size_t>(ith)] = c.loop(iters, &sinks[static_cast<size_t>(ith)]); });
    const double s = seconds_since(t0);
    uint64_t total = 0;
    for (uint64_t m : macs) total += m;
    best.macs_per_s = std::max(best.macs_per_s, static_cast<double>(total) / s);
  }
  // The sinks are results nobody reads; an atomic store keeps them (and the loops) alive.
  static std::atomic<float> keep;
  keep.store(sink + sinks[0], std::memory_order_relaxed);
  return best;
}

}  // namespace tl::bench

// The roofline's two ceilings, measured on this machine with the benchmark's threads:
// memory read bandwidth, and the peak multiply-accumulate rate of an ISA level.
#pragma once

#include <cstddef>
#include <string>

#include "runtime/isa.h"
#include "runtime/thread_pool.h"
#include "util/status.h"

namespace tl::bench {

struct BandwidthProbe {
  double bytes_per_s = 0;  // best of a few runs
  size_t buffer_bytes = 0;
};

// Sums a buffer of max(1 GiB, 4 x the last-level cache) (at most 4 GiB, and at most
// half the available memory), each thread its own slice, first touched by that thread.
// buffer_bytes != 0 forces the size (tests use small ones).
Result<BandwidthProbe> measure_read_bandwidth(ThreadPool& pool, size_t buffer_bytes = 0);

struct PeakProbe {
  double macs_per_s = 0;  // multiply-accumulates per second, all threads
  std::string what;       // the instruction timed, e.g. "int8 vpdpbusd zmm"
};

// Times a tight loop of the level's multiply instruction with enough independent
// accumulators to hide its latency, on every thread of the pool: amx: tdpbssd;
// avx512: vpdpbusd (VNNI; else f32 FMA); avx2: f32 FMA; ref and amx-emu: scalar f32
// multiply and add. The caller has checked that the level can run here.
// min_seconds: the time one thread's loop is calibrated to run.
PeakProbe measure_peak(Isa isa, ThreadPool& pool, double min_seconds = 0.1);

}  // namespace tl::bench

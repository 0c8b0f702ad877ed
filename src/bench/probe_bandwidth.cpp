// measure_read_bandwidth: a STREAM-like read of a buffer much larger than the caches.
// Generic code (16-byte vector loads, four accumulators) already reads faster than one
// core's share of DRAM bandwidth, so no ISA-specific version is needed.
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "bench/probes.h"

namespace tl::bench {
namespace {

using Clock = std::chrono::steady_clock;
typedef uint64_t V2 __attribute__((vector_size(16)));

uint64_t read_sum(const uint8_t* p, size_t n) {
  const V2* v = reinterpret_cast<const V2*>(p);
  V2 s0 = {0, 0}, s1 = s0, s2 = s0, s3 = s0;
  for (size_t i = 0; i + 4 <= n / sizeof(V2); i += 4) {
    s0 += v[i];
    s1 += v[i + 1];
    s2 += v[i + 2];
    s3 += v[i + 3];
  }
  const V2 s = s0 + s1 + s2 + s3;
  return s[0] + s[1];
}

uint64_t meminfo_bytes(const char* key) {
  std::FILE* f = std::fopen("/proc/meminfo", "r");
  if (!f) return 0;
  char line[256];
  unsigned long long kb = 0;
  const size_t len = std::strlen(key);
  while (std::fgets(line, sizeof line, f)) {
    if (std::strncmp(line, key, len) == 0 && std::sscanf(line + len, ": %llu kB", &kb) == 1) break;
  }
  std::fclose(f);
  return static_cast<uint64_t>(kb) * 1024;
}

size_t default_buffer_bytes() {
  const long llc = sysconf(_SC_LEVEL3_CACHE_SIZE);
  size_t bytes = std::max<size_t>(size_t{1} << 30, llc > 0 ? 4 * static_cast<size_t>(llc) : 0);
  bytes = std::min<size_t>(bytes, size_t{4} << 30);
  const uint64_t available = meminfo_bytes("MemAvailable");
  if (available > 0) bytes = std::min<size_t>(bytes, available / 2);
  return std::max<size_t>(bytes, size_t{64} << 20);
}

}  // namespace

Result<BandwidthProbe> measure_read_bandwidth(ThreadPool& pool, size_t buffer_bytes) {
  BandwidthProbe probe;
  const int nth = pool.size();
  // Whole 4 KiB pages per thread, so every slice is first touched by its reader.
  const size_t wanted = buffer_bytes ? buffer_bytes : default_buffer_bytes();
  const size_t slice = std::max<size_t>(4096, wanted / static_cast<size_t>(nth) / 4096 * 4096);
  const size_t bytes = slice * static_cast<size_t>(nth);
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    return Status::error("[bench] cannot allocate " + std::to_string(bytes >> 20) + " MiB for the bandwidth probe");
  }
  madvise(p, bytes, MADV_HUGEPAGE);
  uint8_t* buf = static_cast<uint8_t*>(p);
  pool.run([&](int ith, int) { std::memset(buf + slice * static_cast<size_t>(ith), ith + 1, slice); });
  std::vector<uint64_t> sums(static_cast<size_t>(nth));
  // Best of 8: a VM's neighbours and page placement make single runs vary by 30%.
  for (int rep = 0; rep < 8; ++rep) {
    const auto t0 = Clock::now();
    pool.run([&](int ith, int) {
      sums[static_cast<size_t>(ith)] = read_sum(buf + slice * static_cast<size_t>(ith), slice);
    });
    const double s = std::chrono::duration<double>(Clock::now() - t0).count();
    probe.bytes_per_s = std::max(probe.bytes_per_s, static_cast<double>(bytes) / s);
  }
  static std::atomic<uint64_t> keep;
  keep.store(sums[0], std::memory_order_relaxed);
  munmap(p, bytes);
  probe.buffer_bytes = bytes;
  return probe;
}

}  // namespace tl::bench

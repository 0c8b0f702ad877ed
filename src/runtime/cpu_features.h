// What the CPU and the OS allow: CPUID feature bits, XCR0 state, AMX permission.
#pragma once

#include <string>

namespace tl {

struct CpuFeatures {
  bool avx2 = false;
  bool fma = false;
  bool f16c = false;
  bool avx512f = false;
  bool avx512bw = false;
  bool avx512vl = false;
  bool avx512dq = false;
  bool avx512vnni = false;
  bool avx512bf16 = false;
  bool avx_vnni = false;
  bool amx_tile = false;
  bool amx_int8 = false;
  bool amx_bf16 = false;
  bool amx_state = false;  // CPUID 0xD: XSAVE can manage tile state (XTILECFG, XTILEDATA)
  bool os_avx = false;     // XCR0 has SSE/AVX state
  bool os_avx512 = false;  // XCR0 has opmask/ZMM state
  std::string brand;       // CPU brand string

  bool has_avx2_level() const { return avx2 && fma && f16c && os_avx; }
  bool has_avx512_level() const {
    return avx512f && avx512bw && avx512vl && avx512dq && os_avx512;
  }
  std::string to_string() const;  // one line: brand and the flags that matter
};

// Reads CPUID and XGETBV now; cpu_features() keeps the first result.
CpuFeatures detect_cpu_features();

// Read once (CPUID and XGETBV); cheap to call again.
const CpuFeatures& cpu_features();

// Asks Linux for permission to use AMX tile data in this process
// (arch_prctl(ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA)). Returns true if AMX can be used;
// otherwise false and the reason in *why (may be null). Idempotent and thread-safe: the
// first call asks, later calls return the cached answer.
bool request_amx_permission(std::string* why);

}  // namespace tl

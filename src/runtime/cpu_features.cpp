// CPUID / XGETBV feature detection and the Linux AMX permission request.
#include "runtime/cpu_features.h"

#include <cpuid.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <utility>

namespace tl {
namespace {

struct Regs {
  uint32_t eax = 0, ebx = 0, ecx = 0, edx = 0;
};

// Zeros when the leaf is beyond the CPU's maximum, so absent leaves read as "no feature".
Regs cpuid(uint32_t leaf, uint32_t subleaf) {
  Regs r;
  const uint32_t max_leaf = __get_cpuid_max(leaf & 0x80000000u, nullptr);
  if (max_leaf < leaf) return r;
  __cpuid_count(leaf, subleaf, r.eax, r.ebx, r.ecx, r.edx);
  return r;
}

bool bit(uint32_t reg, int n) { return (reg >> n) & 1u; }

// XGETBV by opcode rather than _xgetbv(), which needs -mxsave on this file; only call it
// when CPUID says the OS enabled XSAVE (OSXSAVE), or it faults.
uint64_t read_xcr0() {
  uint32_t eax = 0, edx = 0;
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return (static_cast<uint64_t>(edx) << 32) | eax;
}

std::string read_brand() {
  if (__get_cpuid_max(0x80000000u, nullptr) < 0x80000004u) return "unknown CPU";
  char text[49] = {};
  for (uint32_t i = 0; i < 3; ++i) {
    const Regs r = cpuid(0x80000002u + i, 0);
    std::memcpy(text + 16 * i, &r, 16);  // eax, ebx, ecx, edx in order
  }
  std::string brand(text);
  const size_t first = brand.find_first_not_of(' ');
  const size_t last = brand.find_last_not_of(' ');
  return first == std::string::npos ? "unknown CPU" : brand.substr(first, last - first + 1);
}

// Linux arch_prctl codes (asm/prctl.h) and the XSAVE component number of tile data.
constexpr int kArchGetXcompPerm = 0x1022;
constexpr int kArchReqXcompPerm = 0x1023;
constexpr int kXfeatureXtiledata = 18;

bool ask_linux_for_amx(std::string* why) {
  if (!cpu_features().amx_tile) {
    *why = "CPU has no AMX";
    return false;
  }
  if (syscall(SYS_arch_prctl, kArchReqXcompPerm, kXfeatureXtiledata) != 0) {
    *why = std::string("arch_prctl(ARCH_REQ_XCOMP_PERM, XTILEDATA) failed: ") + std::strerror(errno);
    return false;
  }
  unsigned long permitted = 0;
  if (syscall(SYS_arch_prctl, kArchGetXcompPerm, &permitted) != 0) {
    *why = std::string("arch_prctl(ARCH_GET_XCOMP_PERM) failed: ") + std::strerror(errno);
    return false;
  }
  if (!((permitted >> kXfeatureXtiledata) & 1ul)) {
    *why = "Linux accepted the AMX request but did not grant tile data (XCOMP_PERM bit 18 clear)";
    return false;
  }
  return true;
}

}  // namespace

CpuFeatures detect_cpu_features() {
  CpuFeatures f;
  const Regs l1 = cpuid(1, 0);
  const Regs l7 = cpuid(7, 0);
  // Subleaf 1 exists only if subleaf 0 reports it (EAX = highest subleaf).
  const Regs l7s1 = l7.eax >= 1 ? cpuid(7, 1) : Regs{};
  const Regs ld = cpuid(0xD, 0);  // EAX: XCR0 bits the CPU's XSAVE supports (low half)

  f.fma = bit(l1.ecx, 12);
  f.f16c = bit(l1.ecx, 29);
  f.avx2 = bit(l7.ebx, 5);
  f.avx512f = bit(l7.ebx, 16);
  f.avx512dq = bit(l7.ebx, 17);
  f.avx512bw = bit(l7.ebx, 30);
  f.avx512vl = bit(l7.ebx, 31);
  f.avx512vnni = bit(l7.ecx, 11);
  f.amx_bf16 = bit(l7.edx, 22);
  f.amx_tile = bit(l7.edx, 24);
  f.amx_int8 = bit(l7.edx, 25);
  f.avx_vnni = bit(l7s1.eax, 4);
  f.avx512bf16 = bit(l7s1.eax, 5);
  f.amx_state = bit(ld.eax, 17) && bit(ld.eax, 18);

  const bool osxsave = bit(l1.ecx, 27);
  if (osxsave) {
    const uint64_t xcr0 = read_xcr0();
    f.os_avx = (xcr0 & 0x6) == 0x6;                // XMM (1) and YMM (2) state
    f.os_avx512 = f.os_avx && (xcr0 & 0xE0) == 0xE0;  // opmask (5), ZMM_Hi256 (6), Hi16_ZMM (7)
  }
  f.brand = read_brand();
  return f;
}

const CpuFeatures& cpu_features() {
  static const CpuFeatures features = detect_cpu_features();  // C++ makes this thread-safe
  return features;
}

std::string CpuFeatures::to_string() const {
  std::string s = brand + ":";
  const std::pair<const char*, bool> flags[] = {
      {"avx2", avx2},         {"fma", fma},           {"f16c", f16c},
      {"avx_vnni", avx_vnni}, {"avx512f", avx512f},   {"avx512bw", avx512bw},
      {"avx512vl", avx512vl}, {"avx512dq", avx512dq}, {"avx512vnni", avx512vnni},
      {"avx512bf16", avx512bf16}, {"amx_tile", amx_tile}, {"amx_int8", amx_int8},
      {"amx_bf16", amx_bf16}};
  for (const auto& [name, on] : flags) {
    if (on) s += std::string(" ") + name;
  }
  s += std::string(" | os:") + (os_avx ? " avx" : " no-avx") + (os_avx512 ? " avx512" : " no-avx512");
  if (amx_tile) s += amx_state ? " tile-state" : " no-tile-state";
  return s;
}

bool request_amx_permission(std::string* why) {
  // Linux grants XCOMP permission to the whole process (all threads, present and
  // future), so asking once is enough; call_once also keeps two threads from racing.
  static std::once_flag once;
  static bool permitted = false;
  static std::string reason;
  std::call_once(once, [] { permitted = ask_linux_for_amx(&reason); });
  if (!permitted && why != nullptr) *why = reason;
  return permitted;
}

}  // namespace tl

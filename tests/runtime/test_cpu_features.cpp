// CPU feature tests: internal consistency of CPUID/XCR0 results, agreement with the
// kernel's own reading (/proc/cpuinfo flags), and the AMX permission rules. Nothing
// about this machine is hard-coded, so the same tests run on AMX and non-AMX hosts.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "runtime/cpu_features.h"

namespace tl {
namespace {

// The "flags" line of the first CPU in /proc/cpuinfo: Linux's view of CPUID, minus
// what the kernel disabled. Empty if unreadable.
std::set<std::string> kernel_cpu_flags() {
  std::ifstream f("/proc/cpuinfo");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("flags", 0) != 0) continue;
    std::istringstream words(line.substr(line.find(':') + 1));
    std::set<std::string> flags;
    for (std::string w; words >> w;) flags.insert(w);
    return flags;
  }
  return {};
}

TEST(CpuFeatures, PrintsTheFeatureLine) {
  const CpuFeatures& f = cpu_features();
  std::printf("cpu: %s\n", f.to_string().c_str());
  EXPECT_FALSE(f.brand.empty());
  EXPECT_NE(f.to_string().find(f.brand), std::string::npos);
  EXPECT_EQ(&f, &cpu_features()) << "detected once";
}

TEST(CpuFeatures, InternallyConsistent) {
  const CpuFeatures& f = cpu_features();
  EXPECT_TRUE(!f.os_avx512 || f.os_avx) << "ZMM state implies YMM state";
  EXPECT_TRUE(!f.has_avx512_level() || f.has_avx2_level()) << "every AVX-512 CPU has AVX2";
  for (bool ext : {f.avx512bw, f.avx512vl, f.avx512dq, f.avx512vnni, f.avx512bf16}) {
    EXPECT_TRUE(!ext || f.avx512f) << "AVX-512 extensions imply avx512f";
  }
  EXPECT_TRUE(!f.avx_vnni || f.avx2);
  EXPECT_TRUE(!(f.amx_int8 || f.amx_bf16) || f.amx_tile) << "AMX compute implies tiles";
  EXPECT_TRUE(!f.amx_tile || f.amx_state) << "AMX CPUs let XSAVE manage tile state";
}

TEST(CpuFeatures, AgreesWithTheKernel) {
  const std::set<std::string> flags = kernel_cpu_flags();
  ASSERT_FALSE(flags.empty()) << "no flags line in /proc/cpuinfo";
  const CpuFeatures& f = cpu_features();
  const std::pair<const char*, bool> ours[] = {
      {"avx2", f.avx2},           {"fma", f.fma},
      {"f16c", f.f16c},           {"avx512f", f.avx512f},
      {"avx512bw", f.avx512bw},   {"avx512vl", f.avx512vl},
      {"avx512dq", f.avx512dq},   {"avx512_vnni", f.avx512vnni},
      {"avx512_bf16", f.avx512bf16}, {"avx_vnni", f.avx_vnni},
      {"amx_tile", f.amx_tile},   {"amx_int8", f.amx_int8},
      {"amx_bf16", f.amx_bf16}};
  // The kernel never reports a flag CPUID lacks (it may hide ones it does not support
  // or disabled, and old kernels lack names for new ones), so flag => our bit.
  for (const auto& [name, have] : ours) {
    if (flags.count(name)) {
      EXPECT_TRUE(have) << name << " is in /proc/cpuinfo";
    }
  }
  // Names every kernel knows, shown whenever the OS enabled their register state.
  if (f.os_avx) {
    EXPECT_EQ(flags.count("avx2") == 1, f.avx2);
    EXPECT_EQ(flags.count("fma") == 1, f.fma);
    EXPECT_EQ(flags.count("f16c") == 1, f.f16c);
  }
  if (f.os_avx512) {
    EXPECT_EQ(flags.count("avx512f") == 1, f.avx512f);
    EXPECT_EQ(flags.count("avx512bw") == 1, f.avx512bw);
  }
}

TEST(CpuFeatures, DetectionIsStable) {
  const CpuFeatures again = detect_cpu_features();
  EXPECT_EQ(again.to_string(), cpu_features().to_string());
}

TEST(AmxPermission, RefusedWithAReasonWithoutAmx) {
  std::string why;
  const bool permitted = request_amx_permission(&why);
  std::printf("amx permission: %s%s\n", permitted ? "granted" : "refused: ", why.c_str());
  if (!cpu_features().amx_tile) {
    EXPECT_FALSE(permitted);
    EXPECT_EQ(why, "CPU has no AMX");
  } else if (!permitted) {
    EXPECT_FALSE(why.empty()) << "a refusal names its reason";
  }
  std::string why_again;
  EXPECT_EQ(request_amx_permission(&why_again), permitted) << "cached";
  EXPECT_EQ(why_again, why);
  EXPECT_EQ(request_amx_permission(nullptr), permitted);
}

}  // namespace
}  // namespace tl

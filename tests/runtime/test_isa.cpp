// ISA tests: --isa names both ways, the automatic choice on synthetic CPUs, and the
// error a forced level gives when the CPU or OS cannot run it.
#include <gtest/gtest.h>

#include <string>

#include "runtime/isa.h"

namespace tl {
namespace {

CpuFeatures avx2_cpu() {
  CpuFeatures c;
  c.avx2 = c.fma = c.f16c = c.os_avx = true;
  return c;
}

CpuFeatures avx512_cpu() {
  CpuFeatures c = avx2_cpu();
  c.avx512f = c.avx512bw = c.avx512vl = c.avx512dq = c.os_avx512 = true;
  return c;
}

CpuFeatures amx_cpu() {
  CpuFeatures c = avx512_cpu();
  c.amx_tile = c.amx_int8 = c.amx_bf16 = c.amx_state = true;
  return c;
}

TEST(Isa, NamesRoundTrip) {
  for (Isa isa : {Isa::Ref, Isa::Avx2, Isa::Avx512, Isa::AmxEmu, Isa::Amx}) {
    const Result<Isa> parsed = parse_isa(isa_name(isa));
    ASSERT_TRUE(parsed.ok()) << isa_name(isa);
    EXPECT_EQ(parsed.value(), isa);
  }
  EXPECT_STREQ(isa_name(Isa::AmxEmu), "amx-emu");
  EXPECT_EQ(isa_from_name("avx512"), Isa::Avx512);
}

TEST(Isa, RejectsUnknownNames) {
  for (const char* bad : {"", "AVX2", "amx_emu", "avx-512", "avx512 ", "sse"}) {
    const Result<Isa> parsed = parse_isa(bad);
    ASSERT_FALSE(parsed.ok()) << "'" << bad << "'";
    EXPECT_EQ(parsed.error(), "[runtime] unknown --isa '" + std::string(bad) +
                                  "' (expected ref, avx2, avx512, amx-emu or amx)");
    EXPECT_FALSE(isa_from_name(bad).has_value());
  }
}

TEST(Isa, BestIsTheFastestUsableLevel) {
  EXPECT_EQ(best_isa(CpuFeatures{}, false), Isa::Ref);
  EXPECT_EQ(best_isa(avx2_cpu(), false), Isa::Avx2);
  EXPECT_EQ(best_isa(avx512_cpu(), false), Isa::Avx512);
  EXPECT_EQ(best_isa(amx_cpu(), true), Isa::Amx);
  EXPECT_EQ(best_isa(amx_cpu(), false), Isa::Avx512) << "AMX needs the OS's permission";
  EXPECT_EQ(best_isa(avx512_cpu(), true), Isa::Avx512) << "permission without tiles";

  CpuFeatures no_f16c = avx2_cpu();
  no_f16c.f16c = false;
  EXPECT_EQ(best_isa(no_f16c, false), Isa::Ref) << "the AVX2 level needs FMA and F16C";

  CpuFeatures os_without_zmm = avx512_cpu();
  os_without_zmm.os_avx512 = false;
  EXPECT_EQ(best_isa(os_without_zmm, false), Isa::Avx2) << "XCR0 without ZMM state";

  CpuFeatures os_without_ymm = avx512_cpu();
  os_without_ymm.os_avx = os_without_ymm.os_avx512 = false;
  EXPECT_EQ(best_isa(os_without_ymm, false), Isa::Ref);
}

TEST(Isa, ForcedLevelErrorsSayWhatIsMissing) {
  CpuFeatures no_bw = avx512_cpu();
  no_bw.avx512bw = false;
  EXPECT_EQ(isa_available(Isa::Avx512, no_bw, false).message(),
            "[runtime] --isa avx512: this CPU lacks avx512bw");
  EXPECT_EQ(isa_available(Isa::Avx512, avx2_cpu(), false).message(),
            "[runtime] --isa avx512: this CPU lacks avx512f, avx512bw, avx512vl, avx512dq");
  EXPECT_EQ(isa_available(Isa::Avx2, CpuFeatures{}, false).message(),
            "[runtime] --isa avx2: this CPU lacks avx2, fma, f16c");
  EXPECT_EQ(isa_available(Isa::Amx, avx512_cpu(), true).message(),
            "[runtime] --isa amx: this CPU lacks amx_tile, amx_int8");

  CpuFeatures os_without_zmm = avx512_cpu();
  os_without_zmm.os_avx512 = false;
  EXPECT_EQ(isa_available(Isa::Avx512, os_without_zmm, false).message(),
            "[runtime] --isa avx512: the OS has not enabled AVX-512 state (XCR0)");

  EXPECT_EQ(isa_available(Isa::Amx, amx_cpu(), false, "Operation not permitted").message(),
            "[runtime] --isa amx: Linux did not grant AMX tile permission (Operation not permitted)");
}

TEST(Isa, WhatEachLevelAccepts) {
  EXPECT_TRUE(isa_available(Isa::Ref, CpuFeatures{}, false).ok()) << "ref runs anywhere";
  EXPECT_TRUE(isa_available(Isa::AmxEmu, avx512_cpu(), false).ok()) << "emulation needs no tiles";
  EXPECT_TRUE(isa_available(Isa::AmxEmu, avx2_cpu(), false).ok()) << "nor AVX-512 (plain C++)";
  EXPECT_TRUE(isa_available(Isa::AmxEmu, CpuFeatures{}, false).ok()) << "it runs on any x86-64";
  EXPECT_TRUE(isa_available(Isa::Amx, amx_cpu(), true).ok());
  EXPECT_TRUE(isa_available(Isa::Avx2, amx_cpu(), false).ok()) << "lower levels stay usable";
}

// On this machine: the automatic choice is always available, and a forced level is
// available exactly when the rules above say so for the detected features.
TEST(Isa, ThisMachine) {
  std::string refusal;
  const bool amx_permitted = request_amx_permission(&refusal);
  const Isa best = best_isa(cpu_features(), amx_permitted);
  std::printf("best isa: %s\n", isa_name(best));
  EXPECT_TRUE(check_isa_available(best).ok());
  EXPECT_TRUE(check_isa_available(Isa::Ref).ok());
  for (Isa isa : {Isa::Avx2, Isa::Avx512, Isa::AmxEmu, Isa::Amx}) {
    std::string why;
    const Status status = check_isa_available(isa, &why);
    const Status expected = isa_available(isa, cpu_features(), amx_permitted, refusal);
    EXPECT_EQ(status.ok(), expected.ok()) << isa_name(isa);
    EXPECT_EQ(status.message(), expected.message());
    EXPECT_EQ(why, status.message());
    if (!status.ok()) std::printf("  %s\n", status.message().c_str());
  }
  EXPECT_EQ(check_isa_available(Isa::Avx512).ok(), cpu_features().has_avx512_level());
}

}  // namespace
}  // namespace tl

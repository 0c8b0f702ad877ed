// ISA names, the automatic choice, and the checks behind a forced --isa.
#include "runtime/isa.h"

#include <utility>
#include <vector>

namespace tl {
namespace {

struct IsaName {
  Isa isa;
  const char* name;
};
constexpr IsaName kNames[] = {{Isa::Ref, "ref"},
                              {Isa::Avx2, "avx2"},
                              {Isa::Avx512, "avx512"},
                              {Isa::AmxEmu, "amx-emu"},
                              {Isa::Amx, "amx"}};

// The CPUID features a level's kernels use, by the names users see in to_string().
std::vector<std::pair<const char*, bool>> required_features(Isa isa, const CpuFeatures& c) {
  std::vector<std::pair<const char*, bool>> need;
  // The emulated AMX kernels are plain C++ (kernels/amx/matmul_emu.cpp), and the other
  // levels' kernels serve amx-emu only up to what this CPU runs (kernels/registry.cpp),
  // so amx-emu runs on any x86-64.
  if (isa == Isa::Ref || isa == Isa::AmxEmu) return need;
  need = {{"avx2", c.avx2}, {"fma", c.fma}, {"f16c", c.f16c}};
  if (isa == Isa::Avx2) return need;
  // Real AMX kernels take their few-row path and finish tiles with AVX-512.
  need.insert(need.end(), {{"avx512f", c.avx512f},
                           {"avx512bw", c.avx512bw},
                           {"avx512vl", c.avx512vl},
                           {"avx512dq", c.avx512dq}});
  if (isa == Isa::Amx) {
    need.insert(need.end(), {{"amx_tile", c.amx_tile}, {"amx_int8", c.amx_int8}});
  }
  return need;
}

}  // namespace

const char* isa_name(Isa isa) {
  for (const IsaName& n : kNames) {
    if (n.isa == isa) return n.name;
  }
  return "unknown";
}

std::optional<Isa> isa_from_name(std::string_view name) {
  for (const IsaName& n : kNames) {
    if (name == n.name) return n.isa;
  }
  return std::nullopt;
}

Result<Isa> parse_isa(std::string_view name) {
  if (const std::optional<Isa> isa = isa_from_name(name)) return *isa;
  return Status::error("[runtime] unknown --isa '" + std::string(name) +
                       "' (expected ref, avx2, avx512, amx-emu or amx)");
}

Isa best_isa(const CpuFeatures& cpu, bool amx_permitted) {
  for (Isa isa : {Isa::Amx, Isa::Avx512, Isa::Avx2}) {
    if (isa_available(isa, cpu, amx_permitted).ok()) return isa;
  }
  return Isa::Ref;
}

Status isa_available(Isa isa, const CpuFeatures& cpu, bool amx_permitted,
                     std::string_view amx_refusal) {
  const std::string prefix = std::string("[runtime] --isa ") + isa_name(isa) + ": ";
  std::string missing;
  for (const auto& [name, present] : required_features(isa, cpu)) {
    if (!present) missing += (missing.empty() ? "" : ", ") + std::string(name);
  }
  if (!missing.empty()) return Status::error(prefix + "this CPU lacks " + missing);
  // CPUID bits say what the silicon has; XCR0 says whether the OS saves the registers.
  if (isa != Isa::Ref && isa != Isa::AmxEmu && !cpu.os_avx) {
    return Status::error(prefix + "the OS has not enabled AVX state (XCR0)");
  }
  if ((isa == Isa::Avx512 || isa == Isa::Amx) && !cpu.os_avx512) {
    return Status::error(prefix + "the OS has not enabled AVX-512 state (XCR0)");
  }
  if (isa == Isa::Amx && !amx_permitted) {
    const std::string reason = amx_refusal.empty() ? "no reason given" : std::string(amx_refusal);
    return Status::error(prefix + "Linux did not grant AMX tile permission (" + reason + ")");
  }
  return Status::ok_status();
}

Status check_isa_available(Isa isa, std::string* why) {
  bool amx_permitted = false;
  std::string refusal;
  if (isa == Isa::Amx) amx_permitted = request_amx_permission(&refusal);
  Status status = isa_available(isa, cpu_features(), amx_permitted, refusal);
  if (!status.ok() && why != nullptr) *why = status.message();
  return status;
}

}  // namespace tl

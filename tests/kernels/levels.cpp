// The levels kernel tests run against.
#include "levels.h"

#include "kernels/registry.h"
#include "runtime/isa.h"

namespace tl::test {
namespace {

Isa isa_of(Level level) {
  switch (level) {
    case Level::Ref: return Isa::Ref;
    case Level::Avx2: return Isa::Avx2;
    case Level::Avx512: return Isa::Avx512;
    case Level::Avx512Emu: return Isa::Avx2;  // what the emulation itself runs on
  }
  return Isa::Ref;
}

}  // namespace

std::string level_name(Level level) {
  return level == Level::Avx512Emu ? "avx512_emu" : isa_name(isa_of(level));
}

std::optional<std::string> level_unavailable(Level level) {
  std::string why;
  if (check_isa_available(isa_of(level), &why).ok()) return std::nullopt;
  return why + " (CPU: " + cpu_features().to_string() + ")";
}

const MatmulKernel* level_matmul(Level level, const MatmulProblem& p, std::string* why) {
  if (level == Level::Avx512Emu) {
    const MatmulKernel* k = emu512_matmul(p.type);
    if (!k) *why = "no emulated kernel for this type";
    return k && k->accepts(p, why) ? k : nullptr;
  }
  const MatmulKernel* k = KernelRegistry::instance().choose_matmul(p, isa_of(level), why);
  if (k && k->isa != isa_of(level)) {
    *why += std::string("the registry fell back to ") + k->name;
    return nullptr;
  }
  return k;
}

const RowKernels& level_rows(Level level) {
  if (level == Level::Avx512Emu) return emu512_rows();
  return KernelRegistry::instance().row_kernels(isa_of(level));
}

}  // namespace tl::test

// The kernel registry: built once from every level's register_<isa>() function.
#include "kernels/registry.h"

#include "util/check.h"

namespace tl {
namespace {

// Whether a kernel of level `kernel` may serve a call at level `max`. The order is
// ref < avx2 < avx512 < amx-emu < amx, but amx-emu does not imply the CPU has AVX-512
// (it runs on any x86-64, CI included): under amx-emu the other levels' kernels are
// capped at the best level this CPU runs. The emulated AMX kernels serve amx-emu only,
// never a real amx run (that would be silently slow).
bool eligible(Isa kernel, Isa max) {
  if (static_cast<int>(kernel) > static_cast<int>(max)) return false;
  if (kernel == Isa::AmxEmu) return max == Isa::AmxEmu;
  if (max != Isa::AmxEmu) return true;
  static const Isa host = best_isa(cpu_features(), false);  // at most avx512
  return static_cast<int>(kernel) <= static_cast<int>(host);
}

}  // namespace

const char* weight_layout_name(WeightLayout layout) {
  switch (layout) {
    case WeightLayout::Rows:
      return "rows";
    case WeightLayout::AmxPanels:
      return "amx-panels";
    case WeightLayout::VnniPanels:
      return "vnni-panels";
  }
  return "?";
}

const KernelRegistry& KernelRegistry::instance() {
  static const KernelRegistry registry = [] {
    KernelRegistry r;
    // Best level first: choose_matmul takes the first kernel that accepts.
    register_amx(r);
    register_amx_emu(r);
    register_avx512(r);
    register_avx2(r);
    register_ref(r);
    return r;
  }();
  return registry;
}

const MatmulKernel* KernelRegistry::choose_matmul(const MatmulProblem& p, Isa max_isa,
                                                  std::string* why) const {
  for (const MatmulKernel& k : matmul_) {
    if (!eligible(k.isa, max_isa)) continue;
    std::string reason;
    if (k.accepts(p, &reason)) return &k;
    if (why) *why += std::string(k.name) + ": " + reason + "\n";
  }
  return nullptr;
}

const WeightPacker* KernelRegistry::choose_packer(DType type, int64_t K, int64_t N, Isa max_isa,
                                                  std::string* why) const {
  return choose_packer_among(type, K, N, max_isa, false, why);
}

const WeightPacker* KernelRegistry::choose_amx_packer(DType type, int64_t K, int64_t N, Isa max_isa,
                                                      std::string* why) const {
  return choose_packer_among(type, K, N, max_isa, true, why);
}

const WeightPacker* KernelRegistry::choose_packer_among(DType type, int64_t K, int64_t N, Isa max_isa, bool amx,
                                                        std::string* why) const {
  for (const WeightPacker& p : packers_) {
    if (static_cast<int>(p.isa) > static_cast<int>(max_isa)) continue;
    // AMX layouts (packers of the AMX levels) belong to the amx buffer type alone.
    if ((static_cast<int>(p.isa) >= static_cast<int>(Isa::AmxEmu)) != amx) continue;
    std::string reason;
    if (!p.accepts(type, K, N, &reason)) {
      if (why) *why += std::string(p.name) + ": " + reason + "\n";
      continue;
    }
    // Only worth packing if a kernel at this level reads the packed layout.
    if (choose_matmul(MatmulProblem{type, p.layout, K, N}, max_isa, nullptr)) return &p;
    if (why) *why += std::string(p.name) + ": no kernel at this level reads its layout\n";
  }
  if (why && packers_.empty()) *why += "no packed layouts in this build\n";
  return nullptr;
}

const AttentionKernel* KernelRegistry::choose_attention(Isa max_isa, std::string* why) const {
  for (const AttentionKernel& k : attention_) {
    if (!eligible(k.isa, max_isa)) continue;
    std::string reason;
    if (k.accepts(&reason)) return &k;
    if (why) *why += std::string(k.name) + ": " + reason + "\n";
  }
  return nullptr;
}

const RowKernels& KernelRegistry::row_kernels(Isa max_isa) const {
  const RowKernels* best = nullptr;
  for (const RowKernels& k : rows_) {
    if (!eligible(k.isa, max_isa)) continue;
    if (!best || static_cast<int>(k.isa) > static_cast<int>(best->isa)) best = &k;
  }
  TL_CHECK(best != nullptr, "no row kernels registered (ref must always be)");
  return *best;
}

}  // namespace tl

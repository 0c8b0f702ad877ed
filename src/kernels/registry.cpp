// The kernel registry: built once from every level's register_<isa>() function.
#include "kernels/registry.h"

#include "util/check.h"

namespace tl {

const char* weight_layout_name(WeightLayout layout) {
  switch (layout) {
    case WeightLayout::Rows:
      return "rows";
  }
  return "?";
}

const KernelRegistry& KernelRegistry::instance() {
  static const KernelRegistry registry = [] {
    KernelRegistry r;
    // Best level first: choose_matmul takes the first kernel that accepts.
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
    if (static_cast<int>(k.isa) > static_cast<int>(max_isa)) continue;
    std::string reason;
    if (k.accepts(p, &reason)) return &k;
    if (why) *why += std::string(k.name) + ": " + reason + "\n";
  }
  return nullptr;
}

const WeightPacker* KernelRegistry::choose_packer(DType type, int64_t K, int64_t N, Isa max_isa,
                                                  std::string* why) const {
  for (const WeightPacker& p : packers_) {
    if (static_cast<int>(p.isa) > static_cast<int>(max_isa)) continue;
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

const RowKernels& KernelRegistry::row_kernels(Isa max_isa) const {
  const RowKernels* best = nullptr;
  for (const RowKernels& k : rows_) {
    if (static_cast<int>(k.isa) > static_cast<int>(max_isa)) continue;
    if (!best || static_cast<int>(k.isa) > static_cast<int>(best->isa)) best = &k;
  }
  TL_CHECK(best != nullptr, "no row kernels registered (ref must always be)");
  return *best;
}

}  // namespace tl

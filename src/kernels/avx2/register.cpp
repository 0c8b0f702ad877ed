// The avx2 level's kernels, one translation unit per family. This file is compiled
// without ISA flags, so it can ask the CPU before anything of the level runs.
#include "kernels/registry.h"
#include "runtime/cpu_features.h"

namespace tl {

void register_avx2_matmul_q32(KernelRegistry& r);
void register_avx2_matmul_q256(KernelRegistry& r);
void register_avx2_matmul_float(KernelRegistry& r);
void register_avx2_rows(KernelRegistry& r);
void register_avx2_matmul_panels(KernelRegistry& r);
void add_vnni_panel_packer(KernelRegistry& r);

void register_avx2(KernelRegistry& r) {
  // Nothing compiled with this level's flags may run on a CPU without it, not even
  // registration code (GCC uses the wider instructions anywhere in such a file, e.g.
  // for struct copies at -O0).
  if (!cpu_features().has_avx2_level()) return;
  register_avx2_matmul_q32(r);
  register_avx2_matmul_q256(r);
  register_avx2_matmul_float(r);
  register_avx2_rows(r);
  register_avx2_matmul_panels(r);
  add_vnni_panel_packer(r);
}

}  // namespace tl

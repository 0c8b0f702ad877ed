// The avx512 level's kernels, one translation unit per family. This file is compiled
// without ISA flags, so it can ask the CPU before anything of the level runs.
#include "kernels/registry.h"
#include "runtime/cpu_features.h"

namespace tl {

void register_avx512_matmul_q32(KernelRegistry& r);
void register_avx512_matmul_q256(KernelRegistry& r);
void register_avx512_matmul_float(KernelRegistry& r);
void register_avx512_rows(KernelRegistry& r);
void register_avx512_matmul_panels(KernelRegistry& r);

void register_avx512(KernelRegistry& r) {
  // Nothing compiled with this level's flags may run on a CPU without it, not even
  // registration code (GCC uses the wider instructions anywhere in such a file, e.g.
  // for struct copies at -O0).
  const CpuFeatures& cpu = cpu_features();
  if (!cpu.has_avx512_level()) return;
  register_avx512_matmul_float(r);
  register_avx512_rows(r);
  // The int8 kernels need VNNI (vpdpbusd, vpdpwssd) beyond the level's F/BW/VL/DQ; on
  // CPUs without it (Skylake-SP) the AVX2 int8 kernels serve the avx512 level.
  if (!cpu.avx512vnni) return;
  register_avx512_matmul_q32(r);
  register_avx512_matmul_q256(r);
  register_avx512_matmul_panels(r);
}

}  // namespace tl

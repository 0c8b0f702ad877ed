// The levels kernel tests run against: the registry's ISA levels, and the AVX-512 kernel
// bodies instantiated on an emulated vector policy (emu512_kernels.cpp), which runs on
// any AVX2 CPU, so the 512-bit logic is tested where AVX-512 is missing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kernels/matmul_kernel.h"
#include "kernels/row_kernels.h"

namespace tl::test {

enum class Level { Ref, Avx2, Avx512, Avx512Emu };

// The test-name form of a level: "ref", "avx2", "avx512", "avx512_emu".
std::string level_name(Level level);

// Why `level` cannot run here (the CPU or OS lacks it), or nullopt if it can. Ref always can.
std::optional<std::string> level_unavailable(Level level);

// The level's kernel for p, or nullptr with the reason in *why. For a registry level, a
// kernel of a lower level (the registry's fallback) counts as none.
const MatmulKernel* level_matmul(Level level, const MatmulProblem& p, std::string* why);
const RowKernels& level_rows(Level level);

// From emu512_kernels.cpp (compiled with AVX2 flags).
const MatmulKernel* emu512_matmul(DType type);
const RowKernels& emu512_rows();

}  // namespace tl::test

// Weight packers: turn a matrix in GGUF row layout into a kernel's own layout (rows
// interleaved so one load feeds several output rows, scales gathered, ...). The
// `cpu-repack` buffer type asks the registry for a packer; kernels that accept the
// packed layout then read it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "kernels/matmul_kernel.h"

namespace tl {

struct WeightPacker {
  const char* name;
  Isa isa;              // lowest level whose kernels read this layout
  WeightLayout layout;  // the layout it produces
  // True if it can pack an (K, N) matrix of `type`; otherwise false and why.
  bool (*accepts)(DType type, int64_t K, int64_t N, std::string* why);
  // Bytes of the packed matrix.
  size_t (*packed_bytes)(DType type, int64_t K, int64_t N);
  // Packs rows [n0, n1) of `src` (row layout) into `dst` (the whole packed matrix's
  // buffer). n0 and n1 are multiples of `row_group` (or n1 == N).
  void (*pack)(const WeightView& src, uint8_t* dst, int64_t n0, int64_t n1);
  int64_t row_group;    // rows packed together
};

}  // namespace tl

// The tensor table of a synthetic model: names, types and shapes as llama.cpp's
// converters write them, and where each tensor's bytes sit in the data section.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "synthetic/spec.h"

namespace tl::synthetic {

// How a tensor's values are drawn (see block_fill.h).
enum class Role {
  Weight,  // matrices, the router and biases: values spread evenly around 0
  Norm,    // RMSNorm weights: values near 1
};

struct PlannedTensor {
  std::string name;
  DType type = DType::F32;
  std::vector<int64_t> ne;  // GGUF order: ne[0] is contiguous
  Role role = Role::Weight;
  uint64_t n_bytes = 0;
  uint64_t offset = 0;      // from the start of the data section, aligned

  int64_t n_elements() const;
};

inline constexpr uint64_t kAlignment = 32;  // general.alignment, as llama.cpp writes it

// Tensors in the order convert_hf_to_gguf.py writes them: token_embd, the blocks,
// output_norm, output (untied). Norms, biases and the MoE router stay F32, as
// llama-quantize leaves them.
std::vector<PlannedTensor> plan_tensors(const Spec& spec);

// Bytes of the data section: every tensor padded to kAlignment, the last one too.
uint64_t data_section_bytes(const std::vector<PlannedTensor>& plan);

}  // namespace tl::synthetic

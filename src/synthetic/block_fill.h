// Random but valid blocks of every computable type, written straight into a tensor's
// bytes: fp16 scales of moderate size, random quants, valid K-quant sub-block scales.
#pragma once

#include <cstddef>
#include <cstdint>

#include "synthetic/tensor_plan.h"
#include "tensor/dtype.h"

namespace tl::synthetic {

// Weight values lie in about [-kAmplitude, kAmplitude] for every type: Q4_0 then has
// the fp16 scale ~0.01 of the anchor files (../shared/anchors.md), and a model gives
// finite activations through all its layers whatever the type.
inline constexpr float kAmplitude = 0.08f;
// Norm weights lie in [1 - kNormSpread, 1 + kNormSpread].
inline constexpr float kNormSpread = 0.1f;

// Elements per generation unit: the block size of block types; 32 for F32/F16/BF16
// (one random stream per element would cost more than the values).
int64_t unit_elems(DType type);
inline size_t unit_bytes(DType type) { return row_bytes(type, unit_elems(type)); }

// Writes units [first, first + n) of a tensor to dst (the bytes of unit `first`). Each
// unit's bytes depend only on (seed, unit index). Requires a computable type; Norm
// only with F32.
void fill_units(DType type, Role role, uint64_t seed, uint64_t first, uint64_t n, uint8_t* dst);

}  // namespace tl::synthetic

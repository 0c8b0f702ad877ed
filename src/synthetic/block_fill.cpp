// The dispatch from a type to its block maker, and the plain float types.
#include "synthetic/block_fill.h"

#include "synthetic/block_makers.h"
#include "tensor/quant.h"
#include "util/check.h"

namespace tl::synthetic {
namespace {

constexpr int64_t kPlainUnit = 32;

template <class Block>
void fill_blocks(uint64_t seed, uint64_t first, uint64_t n, uint8_t* dst) {
  Block* blocks = reinterpret_cast<Block*>(dst);
  for (uint64_t i = 0; i < n; ++i) {
    BlockRng r(seed, first + i);
    make_block(r, blocks[i]);
  }
}

float plain_value(BlockRng& r, Role role) {
  const float u = 2 * r.uniform() - 1;  // [-1, 1)
  return role == Role::Norm ? 1 + kNormSpread * u : kAmplitude * u;
}

void fill_plain(DType type, Role role, uint64_t seed, uint64_t first, uint64_t n, uint8_t* dst) {
  TL_CHECK(role == Role::Weight || type == DType::F32, "norm weights are F32");
  for (uint64_t i = 0; i < n; ++i) {
    BlockRng r(seed, first + i);
    for (int64_t k = 0; k < kPlainUnit; ++k) {
      const float v = plain_value(r, role);
      const size_t at = static_cast<size_t>(i * kPlainUnit + k);
      if (type == DType::F32) {
        reinterpret_cast<float*>(dst)[at] = v;
      } else if (type == DType::F16) {
        reinterpret_cast<uint16_t*>(dst)[at] = fp32_to_fp16(v);
      } else {
        reinterpret_cast<uint16_t*>(dst)[at] = fp32_to_bf16(v);
      }
    }
  }
}

}  // namespace

int64_t unit_elems(DType type) {
  const int64_t block = dtype_info(type).block_elems;
  return block == 1 ? kPlainUnit : block;
}

void fill_units(DType type, Role role, uint64_t seed, uint64_t first, uint64_t n, uint8_t* dst) {
  TL_CHECK(role == Role::Weight || type == DType::F32, "norm weights are F32");
  switch (type) {
    case DType::F32:
    case DType::F16:
    case DType::BF16: return fill_plain(type, role, seed, first, n, dst);
    case DType::Q4_0: return fill_blocks<BlockQ4_0>(seed, first, n, dst);
    case DType::Q4_1: return fill_blocks<BlockQ4_1>(seed, first, n, dst);
    case DType::Q5_0: return fill_blocks<BlockQ5_0>(seed, first, n, dst);
    case DType::Q5_1: return fill_blocks<BlockQ5_1>(seed, first, n, dst);
    case DType::Q8_0: return fill_blocks<BlockQ8_0>(seed, first, n, dst);
    case DType::IQ4_NL: return fill_blocks<BlockIQ4_NL>(seed, first, n, dst);
    case DType::Q2_K: return fill_blocks<BlockQ2_K>(seed, first, n, dst);
    case DType::Q3_K: return fill_blocks<BlockQ3_K>(seed, first, n, dst);
    case DType::Q4_K: return fill_blocks<BlockQ4_K>(seed, first, n, dst);
    case DType::Q5_K: return fill_blocks<BlockQ5_K>(seed, first, n, dst);
    case DType::Q6_K: return fill_blocks<BlockQ6_K>(seed, first, n, dst);
    case DType::IQ4_XS: return fill_blocks<BlockIQ4_XS>(seed, first, n, dst);
    default: TL_CHECK(false, "no synthetic blocks for this type");
  }
}

}  // namespace tl::synthetic

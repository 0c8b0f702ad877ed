// Row-level dequantize_row / quantize_row: the switch from a DType to its block struct.
#include "tensor/quant.h"

#include <cstring>

#include "tensor/blocks.h"

namespace tl {
namespace {

// Blocks are copied out with memcpy, so rows need no particular alignment (a row may
// start at any byte of a mapped file).
template <class Block>
void dequantize_blocks(const void* src, float* dst, int64_t n) {
  TL_CHECK(n % Block::kBlockElems == 0, "dequantize_row: n is not a multiple of the block size");
  const auto* bytes = static_cast<const uint8_t*>(src);
  for (int64_t i = 0; i < n / Block::kBlockElems; ++i) {
    Block b;
    std::memcpy(&b, bytes + i * sizeof(Block), sizeof(Block));
    Block::dequantize(b, dst + i * Block::kBlockElems);
  }
}

template <class Block>
void quantize_blocks(const float* src, void* dst, int64_t n) {
  TL_CHECK(n % Block::kBlockElems == 0, "quantize_row: n is not a multiple of the block size");
  auto* bytes = static_cast<uint8_t*>(dst);
  for (int64_t i = 0; i < n / Block::kBlockElems; ++i) {
    Block b;
    Block::quantize(src + i * Block::kBlockElems, b);
    std::memcpy(bytes + i * sizeof(Block), &b, sizeof(Block));
  }
}

}  // namespace

void dequantize_row(DType t, const void* src, float* dst, int64_t n) {
  switch (t) {
    case DType::F32: std::memcpy(dst, src, static_cast<size_t>(n) * sizeof(float)); return;
    case DType::F16: return dequantize_blocks<BlockF16>(src, dst, n);
    case DType::BF16: return dequantize_blocks<BlockBF16>(src, dst, n);
    case DType::Q4_0: return dequantize_blocks<BlockQ4_0>(src, dst, n);
    case DType::Q4_1: return dequantize_blocks<BlockQ4_1>(src, dst, n);
    case DType::Q5_0: return dequantize_blocks<BlockQ5_0>(src, dst, n);
    case DType::Q5_1: return dequantize_blocks<BlockQ5_1>(src, dst, n);
    case DType::Q8_0: return dequantize_blocks<BlockQ8_0>(src, dst, n);
    case DType::Q2_K: return dequantize_blocks<BlockQ2_K>(src, dst, n);
    case DType::Q3_K: return dequantize_blocks<BlockQ3_K>(src, dst, n);
    case DType::Q4_K: return dequantize_blocks<BlockQ4_K>(src, dst, n);
    case DType::Q5_K: return dequantize_blocks<BlockQ5_K>(src, dst, n);
    case DType::Q6_K: return dequantize_blocks<BlockQ6_K>(src, dst, n);
    case DType::IQ4_NL: return dequantize_blocks<BlockIQ4_NL>(src, dst, n);
    case DType::IQ4_XS: return dequantize_blocks<BlockIQ4_XS>(src, dst, n);
    default: break;
  }
  TL_CHECK(false, "dequantize_row: type is not computable");
}

bool can_quantize(DType t) {
  switch (t) {
    case DType::F32:
    case DType::F16:
    case DType::BF16:
    case DType::Q4_0:
    case DType::Q4_1:
    case DType::Q5_0:
    case DType::Q5_1:
    case DType::Q8_0:
    case DType::Q8_1:
    case DType::Q4_K:
    case DType::Q5_K:
    case DType::Q6_K:
    case DType::Q8_K:
    case DType::IQ4_NL:
    case DType::IQ4_XS: return true;
    default: return false;
  }
}

void quantize_row(DType t, const float* src, void* dst, int64_t n) {
  switch (t) {
    case DType::F32: std::memcpy(dst, src, static_cast<size_t>(n) * sizeof(float)); return;
    case DType::F16: return quantize_blocks<BlockF16>(src, dst, n);
    case DType::BF16: return quantize_blocks<BlockBF16>(src, dst, n);
    case DType::Q4_0: return quantize_blocks<BlockQ4_0>(src, dst, n);
    case DType::Q4_1: return quantize_blocks<BlockQ4_1>(src, dst, n);
    case DType::Q5_0: return quantize_blocks<BlockQ5_0>(src, dst, n);
    case DType::Q5_1: return quantize_blocks<BlockQ5_1>(src, dst, n);
    case DType::Q8_0: return quantize_blocks<BlockQ8_0>(src, dst, n);
    case DType::Q8_1: return quantize_blocks<BlockQ8_1>(src, dst, n);
    case DType::Q4_K: return quantize_blocks<BlockQ4_K>(src, dst, n);
    case DType::Q5_K: return quantize_blocks<BlockQ5_K>(src, dst, n);
    case DType::Q6_K: return quantize_blocks<BlockQ6_K>(src, dst, n);
    case DType::Q8_K: return quantize_blocks<BlockQ8_K>(src, dst, n);
    case DType::IQ4_NL: return quantize_blocks<BlockIQ4_NL>(src, dst, n);
    case DType::IQ4_XS: return quantize_blocks<BlockIQ4_XS>(src, dst, n);
    default: break;
  }
  TL_CHECK(false, "quantize_row: no reference quantizer for this type");
}

}  // namespace tl

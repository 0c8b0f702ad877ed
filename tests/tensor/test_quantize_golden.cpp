// Goldens for the quantizers without a fixture (K-quants, Q8_K, IQ4): a hash of the bytes
// written for one fixed input. The hashes come from a one-off scratch build of ggml's C
// reference (quantize_row_q{4,5,6,8}_K_ref, quantize_iq4_nl / _xs without imatrix,
// transcribed from ggml-quants.c, with F16C hardware fp16 conversions), which agreed
// byte for byte with these quantizers on this input and on 9 distributions of 2^20
// values. The input is built with integer arithmetic and powers of two only, so no libm
// difference can move it.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "tensor/dtype.h"
#include "tensor/quant.h"

namespace tl {
namespace {

// 64 super-blocks. Each value is a sum of four 8-bit uniforms (a bell shape), centred,
// times a per-block power of two from 2^-38 to 2^1 (|x| from ~1e-9 to ~1000), so that
// scales run from fp16 underflow to large. Some blocks hold a zero sub-block, one sign
// only, or a constant half.
std::vector<float> golden_input() {
  const int64_t n = 64 * 256;
  std::vector<float> x(static_cast<size_t>(n));
  uint32_t state = 12345;
  auto next = [&] {
    state = state * 1664525u + 1013904223u;  // Numerical Recipes LCG
    return state >> 24;                      // 8 bits
  };
  for (int64_t i = 0; i < n; ++i) {
    const int64_t block = i / 256;
    const int bell = static_cast<int>(next() + next() + next() + next()) - 510;  // [-510, 510]
    const float scale = std::ldexp(1.0f, static_cast<int>(block % 40) - 30 - 8);
    float v = static_cast<float>(bell) * scale;
    switch (block % 8) {
      case 5: v = (i % 256 < 64) ? 0.0f : v; break;           // a zero sub-block
      case 6: v = v < 0 ? -v : v; break;                      // non-negative
      case 7: v = (i % 256 < 128) ? 0.25f * scale * 256 : v;  // half constant
      default: break;
    }
    x[static_cast<size_t>(i)] = v;
  }
  return x;
}

uint64_t fnv1a(const std::vector<uint8_t>& bytes) {
  uint64_t h = 14695981039346656037ull;
  for (uint8_t b : bytes) {
    h ^= b;
    h *= 1099511628211ull;
  }
  return h;
}

struct Golden {
  DType type;
  uint64_t hash;
};

TEST(QuantizeGolden, BytesUnchanged) {
  const Golden goldens[] = {
      {DType::Q4_K, 0x697ef32436822ab9ull},   {DType::Q5_K, 0xd7e63fb2b1242060ull},
      {DType::Q6_K, 0x55446057ae33eacdull},   {DType::Q8_K, 0x3aa7a823c4d695fdull},
      {DType::IQ4_NL, 0x4112fd01df5ba7d2ull}, {DType::IQ4_XS, 0x461a54219ecf55edull},
  };
  const std::vector<float> x = golden_input();
  for (const Golden& g : goldens) {
    std::vector<uint8_t> q(row_bytes(g.type, static_cast<int64_t>(x.size())));
    quantize_row(g.type, x.data(), q.data(), static_cast<int64_t>(x.size()));
    EXPECT_EQ(fnv1a(q), g.hash) << dtype_name(g.type) << ": hash 0x" << std::hex << fnv1a(q);
  }
}

}  // namespace
}  // namespace tl

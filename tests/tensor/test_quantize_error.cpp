// Every reference quantizer on seeded random rows: the round-trip error stays under a
// per-type bound, outputs are finite, zero rows stay zero, and quantizing a dequantized
// row again is stable. For the K-quants, IQ4 and the activation blocks no fixture exists
// (gguf-py cannot quantize them), so this is their main check.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "quant_fixtures.h"
#include "tensor/blocks.h"
#include "tensor/quant.h"

namespace tl {
namespace {

using test::Dist;

// Bounds on sqrt(sum err^2 / sum x^2) over every distribution in kAllDists, and on how
// far a second quantization may move the values (drift, same measure against the first
// round trip). Rounding to a uniform grid of step s costs s / sqrt(12) rms; the comments
// give that estimate for gaussian rows and what the quantizer reaches. Each error bound
// is ~1.5x the worst row measured, which is the outlier row (one 30-sigma value per ~97
// coarsens its block's step), so a broken scale or search fails while a valid rounding
// change does not. Closed-form quantizers (max-based scale) are exactly stable; for the
// searched ones the search may settle on a neighbouring grid, so drift may be up to a
// quarter of their error bound (measured: up to ~1/10).
template <class Block>
struct ErrorBound;
// 11-bit significand: 2^-11 relative step -> ~1.5e-4..2.8e-4; measured 2.1e-4.
template <>
struct ErrorBound<BlockF16> {
  static constexpr double kMax = 4e-4, kMaxDrift = 0;
};
// 8-bit significand: ~1.2e-3..2.3e-3; measured 1.7e-3.
template <>
struct ErrorBound<BlockBF16> {
  static constexpr double kMax = 4e-3, kMaxDrift = 0;
};
// 16 levels, step amax/8 with amax ~2.3 sigma over 32: ~8%; measured 8.6%, 11% outliers.
template <>
struct ErrorBound<BlockQ4_0> {
  static constexpr double kMax = 0.17, kMaxDrift = 0;
};
// step (max - min)/15 ~ 0.3 sigma: ~8%; measured 7.9%, 12% outliers.
template <>
struct ErrorBound<BlockQ4_1> {
  static constexpr double kMax = 0.17, kMaxDrift = 0;
};
// 32 levels: half the 4-bit step, ~4%; measured 4.3% / 3.8%, 7.9% / 5.6% outliers.
template <>
struct ErrorBound<BlockQ5_0> {
  static constexpr double kMax = 0.12, kMaxDrift = 0;
};
template <>
struct ErrorBound<BlockQ5_1> {
  static constexpr double kMax = 0.12, kMaxDrift = 0;
};
// step amax/127: ~0.5%; measured 0.54%, 1.2% outliers.
template <>
struct ErrorBound<BlockQ8_0> {
  static constexpr double kMax = 0.018, kMaxDrift = 0;
};
template <>
struct ErrorBound<BlockQ8_1> {
  static constexpr double kMax = 0.018, kMaxDrift = 0;
};
// One scale per 256: amax ~2.9 sigma, ~0.66%; measured 0.67%, 2.8% outliers. Its f32 d
// is recomputed as 1/(-127/max), which may move by an ulp.
template <>
struct ErrorBound<BlockQ8_K> {
  static constexpr double kMax = 0.045, kMaxDrift = 1e-6;
};
// 16 levels per 32 on a fitted scale and min (6-bit each): ~8% before the search;
// measured 7.1%, 8.8% outliers.
template <>
struct ErrorBound<BlockQ4_K> {
  static constexpr double kMax = 0.13, kMaxDrift = 0.13 / 4;
};
// 32 levels: ~4%; measured 3.5%, 5.1% outliers.
template <>
struct ErrorBound<BlockQ5_K> {
  static constexpr double kMax = 0.075, kMaxDrift = 0.075 / 4;
};
// 64 levels per 16, symmetric, int8 sub-scales: ~1.7%; measured 1.8%, 3.2% outliers.
template <>
struct ErrorBound<BlockQ6_K> {
  static constexpr double kMax = 0.05, kMaxDrift = 0.05 / 4;
};
// 16 non-uniform levels (denser near zero) on a fitted scale: like 4-bit; measured 7.6%,
// 10% outliers.
template <>
struct ErrorBound<BlockIQ4_NL> {
  static constexpr double kMax = 0.15, kMaxDrift = 0.15 / 4;
};
template <>
struct ErrorBound<BlockIQ4_XS> {
  static constexpr double kMax = 0.15, kMaxDrift = 0.15 / 4;
};

constexpr int64_t kRowLen = 4096;  // 16 super-blocks, 128 legacy blocks

template <class Block>
std::vector<uint8_t> quantize(const std::vector<float>& x) {
  std::vector<uint8_t> out(x.size() / Block::kBlockElems * sizeof(Block));
  for (size_t i = 0; i < x.size() / Block::kBlockElems; ++i) {
    Block b;
    Block::quantize(x.data() + i * Block::kBlockElems, b);
    std::memcpy(out.data() + i * sizeof(Block), &b, sizeof(Block));
  }
  return out;
}

template <class Block>
std::vector<float> dequantize(const std::vector<uint8_t>& q) {
  std::vector<float> out(q.size() / sizeof(Block) * Block::kBlockElems);
  for (size_t i = 0; i < q.size() / sizeof(Block); ++i) {
    Block b;
    std::memcpy(&b, q.data() + i * sizeof(Block), sizeof(Block));
    Block::dequantize(b, out.data() + i * Block::kBlockElems);
  }
  return out;
}

template <class Block>
class QuantizeError : public ::testing::Test {};

using QuantizableBlocks = ::testing::Types<BlockF16, BlockBF16, BlockQ4_0, BlockQ4_1, BlockQ5_0,
                                           BlockQ5_1, BlockQ8_0, BlockQ8_1, BlockQ4_K, BlockQ5_K,
                                           BlockQ6_K, BlockQ8_K, BlockIQ4_NL, BlockIQ4_XS>;

class BlockNames {
 public:
  template <class Block>
  static std::string GetName(int) {
    return std::string(dtype_name(Block::kType));
  }
};
TYPED_TEST_SUITE(QuantizeError, QuantizableBlocks, BlockNames);

TYPED_TEST(QuantizeError, RelativeRmsErrorWithinBound) {
  using Block = TypeParam;
  for (Dist dist : test::kAllDists) {
    const std::vector<float> x =
        test::random_row(dist, kRowLen, 1234 + static_cast<uint32_t>(dist));
    const std::vector<float> y = dequantize<Block>(quantize<Block>(x));
    for (size_t i = 0; i < y.size(); ++i)
      ASSERT_TRUE(std::isfinite(y[i])) << test::dist_name(dist) << " at " << i;
    const double err = test::relative_rms_error(x, y);
    EXPECT_LE(err, ErrorBound<Block>::kMax) << test::dist_name(dist);
  }
}

TYPED_TEST(QuantizeError, ZeroRowsStayZero) {
  using Block = TypeParam;
  for (float zero : {0.0f, -0.0f}) {
    const std::vector<float> x(kRowLen, zero);
    const std::vector<float> y = dequantize<Block>(quantize<Block>(x));
    for (size_t i = 0; i < y.size(); ++i) ASSERT_EQ(y[i], 0.0f) << "element " << i;
  }
}

// Quantizing a dequantized row again lands on the same values (closed-form scales) or
// within kMaxDrift of them (searched scales): the grid a row was rounded to is (nearly)
// a fixed point of the quantizer. A search that wanders off its own optimum fails this.
// Bytes may differ while values do not: Q8_1's s keeps the f32 d, and Q8_K may pick the
// other of two tied |max| and flip the sign of d and every quant.
TYPED_TEST(QuantizeError, RequantizingIsStable) {
  using Block = TypeParam;
  for (Dist dist : test::kAllDists) {
    SCOPED_TRACE(test::dist_name(dist));
    const std::vector<float> x = test::random_row(dist, kRowLen, 99 + static_cast<uint32_t>(dist));
    const std::vector<float> y1 = dequantize<Block>(quantize<Block>(x));
    const std::vector<float> y2 = dequantize<Block>(quantize<Block>(y1));
    if (ErrorBound<Block>::kMaxDrift == 0) {
      EXPECT_TRUE(test::same_bits(y1.data(), y2.data(), y1.size(), Block::kBlockElems));
    } else {
      EXPECT_LE(test::relative_rms_error(y1, y2), ErrorBound<Block>::kMaxDrift);
    }
  }
}

// Values of 1e-5 put the fp16 super-block scales of the K-quants and IQ4_XS (about
// amax / (63 * 31) or amax / (32 * 127)) below fp16's 6e-8 resolution, so whole blocks
// lose their scale (ggml's bytes do the same: the scale underflows). Only ask for finite
// output here; kAllDists covers accuracy.
TYPED_TEST(QuantizeError, TinyValuesStayFinite) {
  using Block = TypeParam;
  const std::vector<float> x = test::random_row(Dist::kTiny, kRowLen, 5);
  const std::vector<float> y = dequantize<Block>(quantize<Block>(x));
  for (size_t i = 0; i < y.size(); ++i) {
    ASSERT_TRUE(std::isfinite(y[i])) << "element " << i;
    ASSERT_LE(std::fabs(y[i]), 1e-3f) << "element " << i;
  }
}

// quantize_row / dequantize_row are the block functions applied along the row.
TYPED_TEST(QuantizeError, RowFunctionsMatchBlockFunctions) {
  using Block = TypeParam;
  const std::vector<float> x = test::random_row(Dist::kGauss, kRowLen, 7);
  ASSERT_TRUE(can_quantize(Block::kType));
  std::vector<uint8_t> q(row_bytes(Block::kType, kRowLen));
  quantize_row(Block::kType, x.data(), q.data(), kRowLen);
  EXPECT_EQ(q, quantize<Block>(x));
  if (dtype_info(Block::kType).computable) {
    std::vector<float> y(kRowLen);
    dequantize_row(Block::kType, q.data(), y.data(), kRowLen);
    const std::vector<float> want = dequantize<Block>(q);
    EXPECT_TRUE(test::same_bits(want.data(), y.data(), y.size(), Block::kBlockElems));
  }
}

}  // namespace
}  // namespace tl

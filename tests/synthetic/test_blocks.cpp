// Generated blocks of every computable type dequantize (tensor/quant.h, the reference
// dequantizer) to finite values of the intended scale: |x| <= 2 * kAmplitude (sub-block
// scales and the per-block jitter stretch the nominal ±kAmplitude by at most 1.8x) and
// an RMS between 0.3 and 0.9 of kAmplitude (uniform values give 0.58).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "synthetic/block_fill.h"
#include "tensor/blocks.h"
#include "tensor/quant.h"

namespace tl::synthetic {
namespace {

std::vector<DType> computable_types() {
  std::vector<DType> types;
  for (uint32_t id = 0; id < 64; ++id) {
    const DTypeInfo* info = dtype_info(id);
    if (info && info->computable) types.push_back(info->type);
  }
  return types;
}

std::vector<float> generate(DType type, Role role, uint64_t seed, uint64_t first, uint64_t units) {
  std::vector<uint8_t> bytes(unit_bytes(type) * units);
  fill_units(type, role, seed, first, units, bytes.data());
  const int64_t n = unit_elems(type) * static_cast<int64_t>(units);
  std::vector<float> values(static_cast<size_t>(n));
  dequantize_row(type, bytes.data(), values.data(), n);
  return values;
}

TEST(SyntheticBlocks, EveryComputableTypeIsCovered) {
  // F32, F16, BF16, 5 legacy, IQ4_NL, 5 K-quants, IQ4_XS.
  EXPECT_EQ(computable_types().size(), 15u);
}

TEST(SyntheticBlocks, WeightsDequantizeToFiniteValuesOfTheExpectedScale) {
  for (DType type : computable_types()) {
    SCOPED_TRACE(std::string(dtype_name(type)));
    const std::vector<float> v = generate(type, Role::Weight, 11, 0, 256);
    double sum_sq = 0, max_abs = 0, sum = 0;
    for (float x : v) {
      ASSERT_TRUE(std::isfinite(x));
      sum += x;
      sum_sq += static_cast<double>(x) * x;
      max_abs = std::max(max_abs, static_cast<double>(std::fabs(x)));
    }
    const double rms = std::sqrt(sum_sq / static_cast<double>(v.size()));
    const double mean = sum / static_cast<double>(v.size());
    EXPECT_LE(max_abs, 2.0 * kAmplitude);
    EXPECT_GE(rms, 0.3 * kAmplitude);
    EXPECT_LE(rms, 0.9 * kAmplitude);
    // Centred: the mean is a small fraction of the spread.
    EXPECT_LE(std::fabs(mean), 0.1 * kAmplitude);
  }
}

TEST(SyntheticBlocks, NormsLieNearOne) {
  const std::vector<float> v = generate(DType::F32, Role::Norm, 3, 0, 64);
  for (float x : v) {
    EXPECT_GE(x, 1 - kNormSpread);
    EXPECT_LE(x, 1 + kNormSpread);
  }
}

TEST(SyntheticBlocks, EachUnitDependsOnlyOnSeedAndIndex) {
  for (DType type : computable_types()) {
    SCOPED_TRACE(std::string(dtype_name(type)));
    const size_t ub = unit_bytes(type);
    std::vector<uint8_t> all(ub * 10), one(ub), other(ub);
    fill_units(type, Role::Weight, 5, 0, 10, all.data());
    fill_units(type, Role::Weight, 5, 7, 1, one.data());
    EXPECT_EQ(0, std::memcmp(all.data() + 7 * ub, one.data(), ub));
    fill_units(type, Role::Weight, 6, 7, 1, other.data());
    EXPECT_NE(0, std::memcmp(other.data(), one.data(), ub));
  }
}

TEST(SyntheticBlocks, Q4_0ScalesAreAboutOneHundredth) {
  // The anchor files' Q4_0 blocks have fp16 scale 0.01 (../shared/anchors.md).
  std::vector<BlockQ4_0> blocks(100);
  fill_units(DType::Q4_0, Role::Weight, 1, 0, blocks.size(), reinterpret_cast<uint8_t*>(blocks.data()));
  for (const BlockQ4_0& b : blocks) {
    const float d = fp16_to_fp32(b.d);
    EXPECT_GE(d, 0.0075f);
    EXPECT_LE(d, 0.0125f);
  }
}

}  // namespace
}  // namespace tl::synthetic

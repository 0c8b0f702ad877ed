// dequantize_row against quants/dequant/: ggml's own decoded values for crafted blocks
// (special scales, all-0x00 / all-0xFF quants, random bytes; F16 and BF16 exhaustive),
// compared bit for bit: the sign of zero and NaN payloads included, since every product
// is exact and our operand grouping is ggml's (quants/README §3).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "quant_fixtures.h"
#include "tensor/dtype.h"
#include "tensor/quant.h"

namespace tl {
namespace {

// Every computable type but F32 (a copy, checked below) has a dequant fixture.
std::vector<DType> computable_types() {
  std::vector<DType> out;
  for (uint32_t id = 0; id < 64; ++id) {
    const DTypeInfo* info = dtype_info(id);
    if (info && info->computable && info->type != DType::F32) out.push_back(info->type);
  }
  return out;
}

class DequantFixture : public ::testing::TestWithParam<DType> {};

TEST_P(DequantFixture, MatchesGgmlBitForBit) {
  const DType t = GetParam();
  const nlohmann::json* fixture = test::find_quant_fixture("dequantize", t);
  ASSERT_NE(fixture, nullptr);
  const DTypeInfo& info = dtype_info(t);
  ASSERT_EQ((*fixture)["block_size"].get<int64_t>(), info.block_elems);
  ASSERT_EQ((*fixture)["type_size"].get<size_t>(), info.block_bytes);

  const std::vector<uint8_t> blocks = test::fixture_bytes(*fixture, "blocks");
  const std::vector<float> expected = test::fixture_floats(*fixture, "values");
  const int64_t n = (*fixture)["n_elements"].get<int64_t>();
  ASSERT_EQ(blocks.size(), row_bytes(t, n));
  ASSERT_EQ(expected.size(), static_cast<size_t>(n));

  std::vector<float> actual(static_cast<size_t>(n));
  dequantize_row(t, blocks.data(), actual.data(), n);
  EXPECT_TRUE(test::same_bits(expected.data(), actual.data(), expected.size(), info.block_elems));
}

INSTANTIATE_TEST_SUITE_P(AllComputable, DequantFixture, ::testing::ValuesIn(computable_types()),
                         [](const auto& p) { return std::string(dtype_name(p.param)); });

TEST(Dequant, ComputableSetIsTheBriefs) {
  // The types tilelm can run models with; a change here needs fixtures and kernels.
  const std::vector<DType> want = {DType::F16,    DType::Q4_0, DType::Q4_1, DType::Q5_0,
                                   DType::Q5_1,   DType::Q8_0, DType::Q2_K, DType::Q3_K,
                                   DType::Q4_K,   DType::Q5_K, DType::Q6_K, DType::IQ4_NL,
                                   DType::IQ4_XS, DType::BF16};
  EXPECT_EQ(computable_types(), want);
}

TEST(Dequant, F32IsACopy) {
  const std::vector<float> src = {1.5f, -0.0f, 3e38f, -1e-40f};
  std::vector<float> dst(src.size());
  dequantize_row(DType::F32, src.data(), dst.data(), static_cast<int64_t>(src.size()));
  EXPECT_TRUE(test::same_bits(src.data(), dst.data(), src.size(), 1));
}

// Rows start wherever a tensor's data does; the block structs must not need alignment.
TEST(Dequant, UnalignedSource) {
  const nlohmann::json* fixture = test::find_quant_fixture("dequantize", DType::Q4_K);
  ASSERT_NE(fixture, nullptr);
  const std::vector<uint8_t> blocks = test::fixture_bytes(*fixture, "blocks");
  const std::vector<float> expected = test::fixture_floats(*fixture, "values");
  std::vector<uint8_t> shifted(blocks.size() + 1);
  std::copy(blocks.begin(), blocks.end(), shifted.begin() + 1);
  std::vector<float> actual(expected.size());
  dequantize_row(DType::Q4_K, shifted.data() + 1, actual.data(),
                 static_cast<int64_t>(expected.size()));
  EXPECT_TRUE(test::same_bits(expected.data(), actual.data(), expected.size(), 256));
}

}  // namespace
}  // namespace tl

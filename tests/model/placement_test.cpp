// Placement invariants on real files of every architecture: each tensor the model reads
// is placed exactly once, float-vector tensors land where ops can read them as F32,
// matmul weights have a kernel, and the report's totals add up to the file's tensors.
#include <regex>
#include <set>

#include "common/testdata.h"
#include "gguf/gguf.h"
#include "model_test_util.h"

namespace tl::test {
namespace {

class PlacementInvariants : public ::testing::TestWithParam<std::string> {};

TEST_P(PlacementInvariants, EveryTensorPlacedOnceWhereItsOpsCanReadIt) {
  LoadedForTest t = load_for_test(testdata_path(GetParam()));
  ASSERT_NE(t.model, nullptr);
  const Placement& p = t.model->placement();
  const gguf::File& file = t.model->file();

  std::set<std::string> seen;
  size_t sum_bytes = 0;
  for (const PlacedTensor& pt : p.tensors()) {
    EXPECT_TRUE(seen.insert(pt.info->name).second) << pt.info->name << " placed twice";
    EXPECT_NE(pt.buffer, nullptr) << pt.info->name;
    if (pt.ops & kOpVector) EXPECT_EQ(pt.type, DType::F32) << pt.info->name << " is read as an F32 vector";
    if (pt.ops & (kOpMatmul | kOpExpertMatmul | kOpRouter)) EXPECT_NE(pt.kernel, nullptr) << pt.info->name;
    sum_bytes += pt.info->n_bytes;
  }
  // Every tensor of these files is read by the model.
  EXPECT_EQ(seen.size(), file.tensors().size());
  size_t file_bytes = 0;
  for (const gguf::TensorInfo& info : file.tensors()) file_bytes += info.n_bytes;
  EXPECT_EQ(sum_bytes, file_bytes);

  // The report's total line carries that tensor count, and verbose lists each tensor.
  const std::string report = p.report(true);
  EXPECT_TRUE(std::regex_search(report, std::regex("total +\\| +" + std::to_string(file.tensors().size()) + " ")))
      << report;
  for (const gguf::TensorInfo& info : file.tensors()) {
    EXPECT_NE(report.find(info.name), std::string::npos) << info.name << " missing from the verbose report";
  }
}

INSTANTIATE_TEST_SUITE_P(Files, PlacementInvariants,
                         ::testing::Values("stories260K.gguf", "llama-2-tiny-random.gguf",
                                           "hf-tiny/llama/model.f32.gguf", "hf-tiny/qwen2/model.f32.gguf",
                                           "hf-tiny/qwen3/model.f32.gguf", "hf-tiny/qwen3moe/model.f32.gguf",
                                           "hf-tiny/qwen3moe/model.f16.gguf"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return std::regex_replace(info.param, std::regex("[^A-Za-z0-9]"), "_");
                         });

TEST(Placement, OverrideMovesAVectorIntoTheF32CopyType) {
  ModelOptions options;
  options.placement.overrides.push_back({"output_norm", "cpu-f32"});
  LoadedForTest t = load_for_test(testdata_path("hf-tiny/llama/model.f32.gguf"), options);
  ASSERT_NE(t.model, nullptr);
  const PlacedTensor* norm = t.model->placement().find("output_norm.weight");
  ASSERT_NE(norm, nullptr);
  EXPECT_EQ(norm->buffer->name(), "cpu-f32");
  EXPECT_EQ(norm->reason, "override");
  EXPECT_GT(norm->owned_bytes, 0u);
}

TEST(Placement, BadOverrideTextIsRejected) {
  EXPECT_FALSE(parse_tensor_override("no-equals-sign").ok());
  EXPECT_FALSE(parse_tensor_override("attn_q=nowhere").ok());
  EXPECT_FALSE(parse_tensor_override("([=mapped").ok());
  EXPECT_TRUE(parse_tensor_override("blk\\.0\\..*=mapped").ok());
}

}  // namespace
}  // namespace tl::test

// Matmul kernels of every level (levels.h) against the reference kernel, for every
// weight type of the engine core; the check and its tolerances are in matmul_check.cpp.
#include <gtest/gtest.h>

#include <string>
#include <tuple>

#include "levels.h"
#include "matmul_check.h"

namespace tl::test {
namespace {

class MatmulTest : public ::testing::TestWithParam<std::tuple<Level, DType>> {};

TEST_P(MatmulTest, MatchesReference) {
  const auto [level, type] = GetParam();
  if (const auto why = level_unavailable(level)) GTEST_SKIP() << *why;
  std::string why;
  if (!level_matmul(level, MatmulProblem{type, WeightLayout::Rows, 4096, 64}, &why)) {
    // The avx512 int8 kernels decline CPUs without VNNI; the avx2 ones then serve.
    GTEST_SKIP() << level_name(level) << " has no " << dtype_name(type) << " kernel for this CPU: " << why;
  }
  check_matmul(type, [level = level](const MatmulProblem& p) {
    std::string reason;
    const MatmulKernel* k = level_matmul(level, p, &reason);
    EXPECT_NE(k, nullptr) << reason;
    return k;
  });
}

std::string test_name(const testing::TestParamInfo<MatmulTest::ParamType>& info) {
  return std::string(dtype_name(std::get<1>(info.param)));
}

auto all_types(Level level) { return testing::Combine(testing::Values(level), testing::ValuesIn(matmul_types())); }

INSTANTIATE_TEST_SUITE_P(ref, MatmulTest, all_types(Level::Ref), test_name);
INSTANTIATE_TEST_SUITE_P(avx2, MatmulTest, all_types(Level::Avx2), test_name);
INSTANTIATE_TEST_SUITE_P(avx512, MatmulTest, all_types(Level::Avx512), test_name);
INSTANTIATE_TEST_SUITE_P(avx512_emu, MatmulTest, all_types(Level::Avx512Emu), test_name);

}  // namespace
}  // namespace tl::test

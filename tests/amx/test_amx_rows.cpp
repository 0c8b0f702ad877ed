// The AMX kernels' compute_rows, and ops' rows x columns split of a prompt matmul over
// it (ops/matmul.cpp): blocks of rows give the same bytes as one compute() over all rows,
// on every path (vectors below 16 rows, int8 tiles per 32 K from 16, int8 groups from
// 64, bf16 / f16 tiles), bit for bit: a split changes which rows a call computes, never
// the order of a sum. Emulated tiles everywhere, real tiles where AMX is usable.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <tuple>
#include <utility>

#include "amx_test_util.h"
#include "ops/matmul.h"

namespace tl {
namespace {

class AmxRows : public ::testing::TestWithParam<std::tuple<Isa, DType>> {};

TEST_P(AmxRows, BlocksOfRowsEqualOneCall) {
  const auto [isa, type] = GetParam();
  if (const auto why = test::amx_level_unavailable(isa)) GTEST_SKIP() << *why;
  constexpr int64_t kN = 136, kK = 1024;  // N off the 64-column block; two int8 groups
  const KernelRegistry& reg = KernelRegistry::instance();
  std::string why;
  const MatmulProblem problem{type, WeightLayout::AmxPanels, kK, kN};
  const MatmulKernel* k = reg.choose_matmul(problem, isa, &why);
  ASSERT_NE(k, nullptr) << why;
  ASSERT_NE(k->compute_rows, nullptr);
  ASSERT_EQ(k->m_block, 32);
  std::mt19937 rng(17 + static_cast<int>(type));
  auto packed = test::pack_amx(test::make_weights(type, kN, kK, rng), type, kN, kK, isa, &why);
  ASSERT_TRUE(packed.has_value()) << why;
  const WeightView view{packed->data(), 0, type, kK, kN};
  ThreadPool pool(3);
  OpContext ctx{pool, reg.row_kernels(isa)};
  for (int64_t M : {int64_t{8}, int64_t{40}, int64_t{300}}) {
    SCOPED_TRACE(testing::Message() << "M=" << M);
    std::vector<float> src(M * kK);
    std::normal_distribution<float> g(0.0f, 1.0f);
    for (float& v : src) v = g(rng);
    const size_t prepared_bytes = k->prepared_bytes(problem, M);
    std::vector<uint8_t> prepared(prepared_bytes);
    MatmulArgs a;
    a.w = view;
    a.src = src.data();
    a.src_stride = kK;
    a.dst_stride = kN;
    a.M = M;
    if (prepared_bytes > 0) {  // none: the float vector path reads src
      k->prepare(a, prepared.data(), 0, M);
      a.src_prepared = prepared.data();
    }
    std::vector<float> want(M * kN, -1.0f), got(M * kN, -1.0f), split(M * kN, -1.0f);
    a.dst = want.data();
    k->compute(a, 0, kN);
    // Rows [0, 32), [32, 96), [96, M), each in two column ranges.
    a.dst = got.data();
    const int64_t bounds[] = {0, 32, 96, M};
    for (int i = 0; i < 3 && bounds[i] < M; ++i) {
      const int64_t m1 = std::min(M, bounds[i + 1]);
      k->compute_rows(a, bounds[i], m1, 0, 64);
      k->compute_rows(a, bounds[i], m1, 64, kN);
    }
    EXPECT_EQ(want, got);
    // Through ops on 3 threads (from 256 rows: items of rows x columns).
    matmul(ctx, MatmulWeight{view, 0, 1, k}, src.data(), kK, split.data(), kN, M);
    EXPECT_EQ(want, split);
  }
}

std::string test_name(const testing::TestParamInfo<AmxRows::ParamType>& info) {
  return (std::get<0>(info.param) == Isa::AmxEmu ? "emu_" : "real_") + std::string(dtype_name(std::get<1>(info.param)));
}

INSTANTIATE_TEST_SUITE_P(amx, AmxRows,
                         testing::Combine(testing::Values(Isa::AmxEmu, Isa::Amx),
                                          testing::Values(DType::Q4_0, DType::Q8_0, DType::Q4_K, DType::Q6_K,
                                                          DType::BF16, DType::F16)),
                         test_name);

}  // namespace
}  // namespace tl

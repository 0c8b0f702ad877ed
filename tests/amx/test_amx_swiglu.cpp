// ops::matmul_swiglu on amx-layout weights (64-column blocks; vectors below 16 rows, int8
// tiles per 32 K from 16, int8 groups from 64) against matmul_shared_src then the row
// kernel's SwiGLU on the same kernels: bit-identical, N off the block width, 3 threads.
// Emulated tiles everywhere, real tiles where AMX is usable.
#include <gtest/gtest.h>

#include <random>
#include <tuple>
#include <utility>

#include "amx_test_util.h"
#include "ops/matmul.h"

namespace tl {
namespace {

class AmxSwiglu : public ::testing::TestWithParam<std::tuple<Isa, DType>> {};

TEST_P(AmxSwiglu, FusedEqualsMatmulThenSwiglu) {
  const auto [isa, type] = GetParam();
  if (const auto why = test::amx_level_unavailable(isa)) GTEST_SKIP() << *why;
  constexpr int64_t kN = 200, kK = 1024;
  const KernelRegistry& reg = KernelRegistry::instance();
  std::string why;
  const MatmulKernel* k = reg.choose_matmul(MatmulProblem{type, WeightLayout::AmxPanels, kK, kN}, isa, &why);
  ASSERT_NE(k, nullptr) << why;
  std::mt19937 rng(31 + static_cast<int>(type));
  std::vector<test::AlignedBytes> packed;
  for (int i = 0; i < 2; ++i) {
    auto p = test::pack_amx(test::make_weights(type, kN, kK, rng), type, kN, kK, isa, &why);
    ASSERT_TRUE(p.has_value()) << why;
    packed.push_back(std::move(*p));
  }
  const MatmulWeight gate{WeightView{packed[0].data(), 0, type, kK, kN}, 0, 1, k};
  const MatmulWeight up{WeightView{packed[1].data(), 0, type, kK, kN}, 0, 1, k};
  ThreadPool pool(3);
  OpContext ctx{pool, reg.row_kernels(isa)};
  for (int64_t M : {int64_t{1}, int64_t{20}, int64_t{70}}) {
    SCOPED_TRACE(testing::Message() << "M=" << M);
    std::vector<float> src(M * kK);
    std::normal_distribution<float> g(0.0f, 1.0f);
    for (float& v : src) v = g(rng);
    std::vector<float> want_gate(M * kN), want_up(M * kN), got_gate(M * kN, -1.0f), got_up(M * kN, -1.0f);
    const MatmulOut outs[] = {{&gate, want_gate.data(), kN}, {&up, want_up.data(), kN}};
    matmul_shared_src(ctx, outs, src.data(), kK, M);
    for (int64_t m = 0; m < M; ++m) ctx.rows.swiglu(&want_gate[m * kN], &want_up[m * kN], &want_gate[m * kN], kN);
    matmul_swiglu(ctx, gate, up, src.data(), kK, got_gate.data(), got_up.data(), kN, M);
    EXPECT_EQ(want_gate, got_gate);
    EXPECT_EQ(want_up, got_up);
  }
}

std::string test_name(const testing::TestParamInfo<AmxSwiglu::ParamType>& info) {
  return (std::get<0>(info.param) == Isa::AmxEmu ? "emu_" : "real_") + std::string(dtype_name(std::get<1>(info.param)));
}

INSTANTIATE_TEST_SUITE_P(amx, AmxSwiglu,
                         testing::Combine(testing::Values(Isa::AmxEmu, Isa::Amx),
                                          testing::Values(DType::Q4_0, DType::Q8_0, DType::BF16)),
                         test_name);

}  // namespace
}  // namespace tl

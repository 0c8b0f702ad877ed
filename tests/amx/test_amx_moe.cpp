// MoE expert matmuls through ops matmul_experts with the experts in the amx layout,
// against the same call on the row layout with the reference kernel: empty experts, one
// hot expert (enough rows for tiles) and all experts busy (each expert below or above
// the tile threshold, so both paths run inside one call, over 3 threads). The kernel
// chooses tiles or vectors by the rows of each expert (its MatmulArgs::M).
// Tolerance: NMSE 5e-4 for the int8 types, 2e-5 for BF16, as test_amx_matmul.cpp.
#include <gtest/gtest.h>

#include <random>
#include <tuple>

#include "amx_test_util.h"
#include "kernels/amx/amx.h"
#include "ops/matmul.h"

namespace tl {
namespace {

constexpr int64_t kExperts = 8;
constexpr int64_t kN = 96;
constexpr int64_t kK = 256;

enum class Routing { EmptyExperts, OneHot, AllBusy };

// Expert groups for n_tokens tokens routed to k_used experts each.
std::vector<ExpertRows> route(Routing r, int64_t n_tokens, std::mt19937& rng) {
  std::vector<ExpertRows> groups(kExperts);
  for (int64_t e = 0; e < kExperts; ++e) groups[e].expert = e;
  int64_t dst = 0;
  for (int64_t t = 0; t < n_tokens; ++t) {
    int64_t first, second;
    switch (r) {
      case Routing::EmptyExperts:  // only experts 1 and 5 (and groups 0, 2.. stay empty)
        first = 1, second = 5;
        break;
      case Routing::OneHot:  // every token to expert 3, the second choice spread
        first = 3, second = (t % 7 >= 3) ? t % 7 + 1 : t % 7;
        break;
      default: {
        std::uniform_int_distribution<int64_t> pick(0, kExperts - 1);
        first = pick(rng);
        do second = pick(rng);
        while (second == first);
        break;
      }
    }
    for (int64_t e : {first, second}) {
      groups[e].src_rows.push_back(t);
      groups[e].dst_rows.push_back(dst++);
    }
  }
  return groups;
}

class AmxMoe : public ::testing::TestWithParam<std::tuple<Isa, DType>> {};

TEST_P(AmxMoe, ExpertsMatchReference) {
  const auto [isa, type] = GetParam();
  if (const auto why = test::amx_level_unavailable(isa)) GTEST_SKIP() << *why;
  const KernelRegistry& reg = KernelRegistry::instance();
  std::string why;
  const MatmulKernel* k = reg.choose_matmul(MatmulProblem{type, WeightLayout::AmxPanels, kK, kN}, isa, &why);
  if (!k) GTEST_SKIP() << why;
  const MatmulKernel* ref = reg.choose_matmul(MatmulProblem{type, WeightLayout::Rows, kK, kN}, Isa::Ref, &why);
  ASSERT_NE(ref, nullptr);

  std::mt19937 rng(77 + static_cast<int>(type));
  // The expert stack in rows (experts one after another) and packed per expert.
  const size_t row_expert = row_bytes(type, kK) * kN;
  std::vector<uint8_t> rows;
  for (int64_t e = 0; e < kExperts; ++e) {
    const std::vector<uint8_t> w = test::make_weights(type, kN, kK, rng);
    rows.insert(rows.end(), w.begin(), w.end());
  }
  const WeightPacker* packer = reg.choose_amx_packer(type, kK, kN, isa, &why);
  ASSERT_NE(packer, nullptr) << why;
  const size_t packed_expert = packer->packed_bytes(type, kK, kN);
  test::AlignedBytes packed(packed_expert * kExperts);
  for (int64_t e = 0; e < kExperts; ++e) {
    const WeightView v{rows.data() + e * row_expert, row_bytes(type, kK), type, kK, kN};
    packer->pack(v, packed.data() + e * packed_expert, 0, kN);
  }

  MatmulWeight w_ref{WeightView{rows.data(), row_bytes(type, kK), type, kK, kN}, row_expert, kExperts, ref};
  MatmulWeight w_amx{WeightView{packed.data(), 0, type, kK, kN}, packed_expert, kExperts, k};
  ThreadPool pool(3);
  OpContext ctx{pool, reg.row_kernels(isa)};
  const double bound = dtype_info(type).block_elems > 1 ? 5e-4 : 2e-5;

  for (Routing r : {Routing::EmptyExperts, Routing::OneHot, Routing::AllBusy}) {
    for (int64_t n_tokens : {int64_t{1}, int64_t{5}, int64_t{40}, int64_t{150}}) {
      SCOPED_TRACE(testing::Message() << "routing " << static_cast<int>(r) << ", " << n_tokens << " tokens");
      const std::vector<ExpertRows> groups = route(r, n_tokens, rng);
      const int64_t src_stride = kK + 1;
      std::vector<float> src(n_tokens * src_stride);
      std::normal_distribution<float> g(0.0f, 1.0f);
      for (float& v : src) v = g(rng);
      const int64_t rows_out = 2 * n_tokens;
      std::vector<float> want(rows_out * kN, 0.0f), got(rows_out * kN, -1.0f);
      matmul_experts(ctx, w_ref, groups, src.data(), src_stride, want.data(), kN);
      matmul_experts(ctx, w_amx, groups, src.data(), src_stride, got.data(), kN);
      const test::Compared c = test::compare(want, got, rows_out, kN, kN);
      ASSERT_TRUE(c.finite);
      EXPECT_LE(c.nmse, bound) << "worst (row " << c.wm << ", col " << c.wn << ")";
      EXPECT_LE(c.worst, 4.5 * std::sqrt(bound) * c.rms) << "worst (row " << c.wm << ", col " << c.wn << ")";
    }
  }
}

// gate and up through one matmul_experts call (one gather; one quantization where the
// kernels agree) give bit for bit what two single calls give: with the same kernel on
// both (shared prepared activations) and with different kernels (each its own).
TEST(AmxMoeTwoOutputs, SameAsTwoCalls) {
  const KernelRegistry& reg = KernelRegistry::instance();
  std::string why;
  const MatmulKernel* panels = reg.choose_matmul(MatmulProblem{DType::Q4_0, WeightLayout::AmxPanels, kK, kN},
                                                 Isa::AmxEmu, &why);
  ASSERT_NE(panels, nullptr) << why;
  const MatmulKernel* rows_q8 = reg.choose_matmul(MatmulProblem{DType::Q8_0, WeightLayout::Rows, kK, kN}, Isa::Ref, &why);
  ASSERT_NE(rows_q8, nullptr) << why;
  std::mt19937 rng(5);
  // Two Q4_0 expert stacks in panels, one Q8_0 stack in rows.
  const WeightPacker* packer = reg.choose_amx_packer(DType::Q4_0, kK, kN, Isa::AmxEmu, &why);
  ASSERT_NE(packer, nullptr) << why;
  const size_t packed_expert = packer->packed_bytes(DType::Q4_0, kK, kN);
  test::AlignedBytes gate_packed(packed_expert * kExperts), up_packed(packed_expert * kExperts);
  for (test::AlignedBytes* dst : {&gate_packed, &up_packed}) {
    for (int64_t e = 0; e < kExperts; ++e) {
      const std::vector<uint8_t> w = test::make_weights(DType::Q4_0, kN, kK, rng);
      packer->pack(WeightView{w.data(), row_bytes(DType::Q4_0, kK), DType::Q4_0, kK, kN},
                   dst->data() + e * packed_expert, 0, kN);
    }
  }
  std::vector<uint8_t> q8;
  for (int64_t e = 0; e < kExperts; ++e) {
    const std::vector<uint8_t> w = test::make_weights(DType::Q8_0, kN, kK, rng);
    q8.insert(q8.end(), w.begin(), w.end());
  }
  const MatmulWeight gate{WeightView{gate_packed.data(), 0, DType::Q4_0, kK, kN}, packed_expert, kExperts, panels};
  const MatmulWeight up_same{WeightView{up_packed.data(), 0, DType::Q4_0, kK, kN}, packed_expert, kExperts, panels};
  const size_t q8_expert = row_bytes(DType::Q8_0, kK) * kN;
  const MatmulWeight up_other{WeightView{q8.data(), row_bytes(DType::Q8_0, kK), DType::Q8_0, kK, kN}, q8_expert,
                              kExperts, rows_q8};
  ThreadPool pool(3);
  OpContext ctx{pool, reg.row_kernels(Isa::AmxEmu)};
  for (const MatmulWeight* up : {&up_same, &up_other}) {
    for (int64_t n_tokens : {int64_t{1}, int64_t{40}}) {
      SCOPED_TRACE(testing::Message() << (up == &up_same ? "same kernel" : "other kernel") << ", " << n_tokens
                                      << " tokens");
      const std::vector<ExpertRows> groups = route(Routing::AllBusy, n_tokens, rng);
      std::vector<float> src(n_tokens * kK);
      std::normal_distribution<float> g(0.0f, 1.0f);
      for (float& v : src) v = g(rng);
      const int64_t rows_out = 2 * n_tokens;
      std::vector<float> g1(rows_out * kN), u1(rows_out * kN), g2(rows_out * kN, -1.0f), u2(rows_out * kN, -1.0f);
      matmul_experts(ctx, gate, groups, src.data(), kK, g1.data(), kN);
      matmul_experts(ctx, *up, groups, src.data(), kK, u1.data(), kN);
      const MatmulOut outs[] = {{&gate, g2.data(), kN}, {up, u2.data(), kN}};
      matmul_experts(ctx, outs, groups, src.data(), kK);
      EXPECT_EQ(g1, g2);
      EXPECT_EQ(u1, u2);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    amx_emu, AmxMoe,
    testing::Combine(testing::Values(Isa::AmxEmu),
                     testing::Values(DType::Q4_0, DType::Q8_0, DType::Q4_K, DType::Q6_K, DType::BF16)),
    [](const testing::TestParamInfo<AmxMoe::ParamType>& i) { return std::string(dtype_name(std::get<1>(i.param))); });
INSTANTIATE_TEST_SUITE_P(
    amx, AmxMoe,
    testing::Combine(testing::Values(Isa::Amx),
                     testing::Values(DType::Q4_0, DType::Q8_0, DType::Q4_K, DType::Q6_K, DType::BF16)),
    [](const testing::TestParamInfo<AmxMoe::ParamType>& i) { return std::string(dtype_name(std::get<1>(i.param))); });

}  // namespace
}  // namespace tl

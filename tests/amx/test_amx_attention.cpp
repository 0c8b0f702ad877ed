// Prompt attention on tiles (kernels/amx/attention_tiles.h) through ops attention, on
// emulated tiles everywhere and real tiles where AMX runs, against the same call on the
// reference row kernels (double sums, exact softmax). Shapes: GQA groups of 8, 4, 2
// and 1 query heads (odd row-tile counts included), head dims at and off multiples of
// 32 (48, 40 / 24), token counts at, below and over blocks of 16, prefixes (n_past)
// that cross the 128-key chunks, positions that are not 0.. (a continued prompt).
// Tolerance: NMSE 1e-10 and a worst element within 1e-4 of the output's rms (measured on
// emulated tiles: NMSE 0.8-1.3e-11, worst 1.8-4.4e-5 of the rms). The products of bf16
// parts are f32-class, not f32: plain bf16 tiles gave NMSE ~3e-6 here, the two-way split
// of the scores 3-7e-11 (see attention_tiles.h).
#include <gtest/gtest.h>

#include <random>
#include <tuple>

#include "amx_test_util.h"
#include "ops/attention.h"

namespace tl {
namespace {

struct Case {
  int64_t n_head, n_head_kv, d, dv, T, n_past;
};

class AmxAttention : public ::testing::TestWithParam<std::tuple<Isa, Case>> {};

TEST_P(AmxAttention, MatchesReference) {
  const auto [isa, c] = GetParam();
  if (const auto why = test::amx_level_unavailable(isa)) GTEST_SKIP() << *why;
  const KernelRegistry& reg = KernelRegistry::instance();
  std::string why;
  const AttentionKernel* kernel = reg.choose_attention(isa, &why);
  ASSERT_NE(kernel, nullptr) << why;
  EXPECT_EQ(kernel->isa, isa);

  std::mt19937 rng(11 + static_cast<int>(c.T + c.d));
  std::normal_distribution<float> g(0.0f, 1.0f);
  const int64_t n_ctx = c.n_past + c.T;
  const auto fill = [&](int64_t n, float sigma) {
    std::vector<float> x(static_cast<size_t>(n));
    for (float& v : x) v = sigma * g(rng);
    return x;
  };
  // Scores with a spread of a few units, as trained models have (peaked and flat rows).
  const std::vector<float> q = fill(c.T * c.n_head * c.d, 1.0f);
  const std::vector<float> k = fill(n_ctx * c.n_head_kv * c.d, 2.0f);
  const std::vector<float> v = fill(n_ctx * c.n_head_kv * c.dv, 1.0f);
  std::vector<int32_t> pos(static_cast<size_t>(c.T));
  for (int64_t t = 0; t < c.T; ++t) pos[t] = static_cast<int32_t>(c.n_past + t);
  const AttentionShape shape{c.n_head, c.n_head_kv, c.d, c.dv, 1.0f / std::sqrt(static_cast<float>(c.d))};

  ThreadPool pool(3, false);
  std::vector<float> want(static_cast<size_t>(c.T * c.n_head * c.dv)), got(want.size(), -7.0f);
  OpContext ref_ctx{pool, reg.row_kernels(Isa::Ref)};
  attention(ref_ctx, shape, q.data(), k.data(), v.data(), pos.data(), c.T, want.data());
  OpContext tile_ctx{pool, reg.row_kernels(isa), kernel};
  attention(tile_ctx, shape, q.data(), k.data(), v.data(), pos.data(), c.T, got.data());

  const test::Compared r = test::compare(want, got, c.T, c.n_head * c.dv, c.n_head * c.dv);
  EXPECT_TRUE(r.finite);
  EXPECT_LE(r.nmse, 1e-10) << "worst " << r.worst << " at token " << r.wm << " column " << r.wn;
  EXPECT_LE(r.worst, 1e-4 * r.rms) << "at token " << r.wm << " column " << r.wn << ", nmse " << r.nmse;
}

const Case kCases[] = {
    {32, 4, 128, 128, 40, 0},    // Qwen3-30B-A3B's heads: group 8, blocks of 16 + a partial one
    {32, 8, 128, 128, 16, 200},  // Llama 3's: group 4, one block after a 200-token prefix
    {6, 2, 48, 48, 33, 100},     // group 3 (odd row tiles), dims off 32
    {4, 4, 40, 24, 17, 0},       // no GQA (one row tile), d != dv, both off 32
    {8, 2, 64, 64, 300, 0},      // several 128-key chunks, many blocks
};

INSTANTIATE_TEST_SUITE_P(Shapes, AmxAttention,
                         ::testing::Combine(::testing::Values(Isa::AmxEmu, Isa::Amx), ::testing::ValuesIn(kCases)),
                         [](const auto& info) {
                           return std::string(std::get<0>(info.param) == Isa::AmxEmu ? "emu_" : "amx_") +
                                  std::to_string(info.index % std::size(kCases));
                         });

}  // namespace
}  // namespace tl

// ops::matmul's two work splits against one single-threaded kernel call on the same
// kernel: by column blocks (any matrix), and by rows (a narrow float matrix over many
// rows, as a MoE router over a prompt). Splits change no arithmetic: bit-identical.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "kernels/registry.h"
#include "ops/matmul.h"

namespace tl {
namespace {

void expect_split_matches_one_call(int64_t M, int64_t N, int64_t K, int threads) {
  SCOPED_TRACE(testing::Message() << M << " x " << N << " x " << K << ", " << threads << " threads");
  const KernelRegistry& reg = KernelRegistry::instance();
  std::string why;
  const Isa isa = best_isa(cpu_features(), false);
  const MatmulKernel* k = reg.choose_matmul(MatmulProblem{DType::F32, WeightLayout::Rows, K, N}, isa, &why);
  ASSERT_NE(k, nullptr) << why;
  ASSERT_EQ(k->prepared_bytes(MatmulProblem{DType::F32, WeightLayout::Rows, K, N}, M), 0u);
  std::mt19937 rng(static_cast<unsigned>(M + N));
  std::normal_distribution<float> g(0.0f, 1.0f);
  std::vector<float> w(N * K), src(M * (K + 3));
  for (float& v : w) v = g(rng);
  for (float& v : src) v = g(rng);
  const WeightView view{reinterpret_cast<const uint8_t*>(w.data()), static_cast<size_t>(K) * sizeof(float),
                        DType::F32, K, N};
  std::vector<float> want(M * (N + 1), -3.0f), got(M * (N + 1), -3.0f);
  MatmulArgs a;
  a.w = view;
  a.src = src.data();
  a.src_stride = K + 3;
  a.dst = want.data();
  a.dst_stride = N + 1;
  a.M = M;
  k->compute(a, 0, N);
  ThreadPool pool(threads, false);
  OpContext ctx{pool, reg.row_kernels(isa)};
  matmul(ctx, MatmulWeight{view, 0, 1, k}, src.data(), K + 3, got.data(), N + 1, M);
  EXPECT_EQ(want, got);
}

TEST(MatmulSplit, NarrowMatrixManyRowsByRows) {
  expect_split_matches_one_call(512, 24, 64, 4);   // 3 column blocks for 4 threads: rows
  expect_split_matches_one_call(77, 24, 96, 3);    // rows not a multiple of anything
}

TEST(MatmulSplit, WideOrFewRowsByColumns) {
  expect_split_matches_one_call(512, 1000, 64, 2);  // many column blocks
  expect_split_matches_one_call(20, 24, 64, 4);     // too few rows to split them
}

}  // namespace
}  // namespace tl

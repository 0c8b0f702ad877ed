// ops::matmul_swiglu against its unfused equivalent, matmul_shared_src then swiglu_rows,
// on the same kernels: the fusion changes only when the SwiGLU runs, so the outputs
// must be bit-identical, for float kernels (8-column blocks) and int8 kernels (16), at
// N off the 16-column vector width (the row kernel's scalar tail), 1 and many rows,
// one and several threads.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "kernels/registry.h"
#include "ops/matmul.h"
#include "ops/row_ops.h"
#include "tensor/quant.h"

namespace tl {
namespace {

struct Weights {
  std::vector<uint8_t> bytes;
  MatmulWeight w;
};

Weights make(DType t, int64_t N, int64_t K, Isa isa, std::mt19937& rng) {
  std::normal_distribution<float> g(0.0f, 1.0f);
  std::vector<float> x(K);
  Weights out;
  const size_t row = row_bytes(t, K);
  out.bytes.resize(row * N);
  for (int64_t n = 0; n < N; ++n) {
    for (float& v : x) v = g(rng);
    quantize_row(t, x.data(), out.bytes.data() + n * row, K);
  }
  std::string why;
  const MatmulKernel* k =
      KernelRegistry::instance().choose_matmul(MatmulProblem{t, WeightLayout::Rows, K, N}, isa, &why);
  EXPECT_NE(k, nullptr) << why;
  out.w = MatmulWeight{WeightView{out.bytes.data(), row, t, K, N}, 0, 1, k};
  return out;
}

void expect_fused_matches(DType t, int64_t M, int64_t N, int64_t K, int threads) {
  SCOPED_TRACE(testing::Message() << dtype_name(t) << " " << M << " x " << N << " x " << K << ", " << threads
                                  << " threads");
  const Isa isa = best_isa(cpu_features(), false);
  std::mt19937 rng(static_cast<unsigned>(M * 7 + N));
  const Weights gate = make(t, N, K, isa, rng);
  const Weights up = make(t, N, K, isa, rng);
  ASSERT_NE(gate.w.kernel, nullptr);
  std::normal_distribution<float> g(0.0f, 1.0f);
  std::vector<float> src(M * (K + 3));
  for (float& v : src) v = g(rng);
  const int64_t stride = N + 5;
  std::vector<float> want_gate(M * stride, -3.0f), want_up(M * stride, -3.0f);
  std::vector<float> got_gate(M * stride, -3.0f), got_up(M * stride, -3.0f);

  ThreadPool pool(threads, false);
  OpContext ctx{pool, KernelRegistry::instance().row_kernels(isa)};
  const MatmulOut outs[] = {{&gate.w, want_gate.data(), stride}, {&up.w, want_up.data(), stride}};
  matmul_shared_src(ctx, outs, src.data(), K + 3, M);
  for (int64_t m = 0; m < M; ++m) ctx.rows.swiglu(&want_gate[m * stride], &want_up[m * stride], &want_gate[m * stride], N);
  matmul_swiglu(ctx, gate.w, up.w, src.data(), K + 3, got_gate.data(), got_up.data(), stride, M);
  EXPECT_EQ(want_gate, got_gate);  // the padding past N included: untouched by both
  EXPECT_EQ(want_up, got_up);
}

TEST(MatmulSwiglu, FusedEqualsMatmulThenSwiglu) {
  for (int threads : {1, 3}) {
    expect_fused_matches(DType::F32, 1, 40, 64, threads);
    expect_fused_matches(DType::F32, 37, 300, 96, threads);
    expect_fused_matches(DType::Q4_0, 1, 1000, 128, threads);
    expect_fused_matches(DType::Q8_0, 64, 600, 256, threads);
    expect_fused_matches(DType::Q4_K, 20, 72, 256, threads);
  }
}

}  // namespace
}  // namespace tl

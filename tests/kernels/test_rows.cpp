// Element-wise kernels (RowKernels) of every level against kernels/ref/rows_ref.cpp, on
// lengths around every vector width and a long row.
//
// Tolerances, and why:
//  - add, axpy, rope: exact. The vector code does the same float operations in the same
//    order as ref (no fused multiply-adds; RoPE's sines and cosines in double as ref).
//  - rms_norm: 4e-6 x max|ref|. Float sums of squares against ref's double: ~sqrt(n)
//    2^-24 relative in the scale, plus one rounding per product.
//  - dot: 1e-5 x sum |a_i b_i| (float accumulation against double).
//  - swiglu: 8 ulp (1e-6 relative) + 1e-30 absolute. exp is a polynomial of ~1-2 ulp;
//    the absolute term covers inputs below -87, clamped to e^-87 instead of underflowing.
//  - softmax: 1e-5 relative + 1e-30 absolute: the exps as swiglu's, and the float sum
//    over n terms against ref's double.
//  - attend: 2e-5 x max|out| absolute. Scores carry dot's error (~1e-6 here, |q.k| ~ 10
//    at d = 128, times scale), softmax its own, and the value sum adds float rounding
//    over n terms; each output is a convex combination of values of magnitude ~1.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "levels.h"

namespace tl::test {
namespace {

const int64_t kLengths[] = {1, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 100, 4099};

std::vector<float> random_vec(int64_t n, std::mt19937& rng, float sigma = 1.0f) {
  std::normal_distribution<float> g(0.0f, sigma);
  std::vector<float> v(n);
  for (float& x : v) x = g(rng);
  return v;
}

// Fails with the worst element if any |y - ref| > atol + rtol |ref|.
void expect_close(const std::vector<float>& ref, const std::vector<float>& y, double rtol, double atol,
                  const std::string& what) {
  ASSERT_EQ(ref.size(), y.size());
  size_t worst = 0;
  double worst_excess = -1;
  for (size_t i = 0; i < ref.size(); ++i) {
    ASSERT_TRUE(std::isfinite(y[i])) << what << ": non-finite at " << i;
    const double tol = atol + rtol * std::fabs(ref[i]);
    const double excess = std::fabs(static_cast<double>(y[i]) - ref[i]) - tol;
    if (excess > worst_excess) worst_excess = excess, worst = i;
  }
  EXPECT_LE(worst_excess, 0.0) << what << ": worst (row 0, col " << worst << ") expected " << ref[worst]
                               << " actual " << y[worst] << " tolerance "
                               << atol + rtol * std::fabs(ref[worst]);
}

class RowsTest : public ::testing::TestWithParam<Level> {
 protected:
  void SetUp() override {
    if (const auto why = level_unavailable(GetParam())) GTEST_SKIP() << *why;
    k_ = &level_rows(GetParam());
    ref_ = &level_rows(Level::Ref);
  }
  const RowKernels* k_ = nullptr;
  const RowKernels* ref_ = nullptr;
  std::mt19937 rng_{42};
};

TEST_P(RowsTest, AddAndAxpyExact) {
  for (int64_t n : kLengths) {
    const std::vector<float> x = random_vec(n, rng_);
    const std::vector<float> y0 = random_vec(n, rng_);
    std::vector<float> want = y0, got = y0;
    ref_->add(x.data(), want.data(), n);
    k_->add(x.data(), got.data(), n);
    EXPECT_EQ(want, got) << "add n=" << n;
    want = got = y0;
    ref_->axpy(0.37f, x.data(), want.data(), n);
    k_->axpy(0.37f, x.data(), got.data(), n);
    EXPECT_EQ(want, got) << "axpy n=" << n;
  }
}

TEST_P(RowsTest, RmsNorm) {
  for (int64_t n : kLengths) {
    const std::vector<float> x = random_vec(n, rng_, 3.0f);
    const std::vector<float> w = random_vec(n, rng_);
    for (const float* wp : {w.data(), static_cast<const float*>(nullptr)}) {
      std::vector<float> want(n), got(n);
      ref_->rms_norm(x.data(), wp, want.data(), n, 1e-6f);
      k_->rms_norm(x.data(), wp, got.data(), n, 1e-6f);
      double max_ref = 0;
      for (float v : want) max_ref = std::max(max_ref, static_cast<double>(std::fabs(v)));
      expect_close(want, got, 0.0, 4e-6 * max_ref, "rms_norm n=" + std::to_string(n));
    }
  }
}

TEST_P(RowsTest, RopeExact) {
  for (int64_t n_rot : {2, 16, 32, 64, 128, 200}) {
    const int64_t head = n_rot + 8;  // dims past n_rot stay as they are
    std::vector<float> inv_freq(n_rot / 2);
    for (int64_t i = 0; i < n_rot / 2; ++i) {
      inv_freq[i] = static_cast<float>(std::pow(10000.0, -2.0 * i / n_rot));
    }
    for (RopeStyle style : {RopeStyle::Adjacent, RopeStyle::Neox}) {
      for (float pos : {0.0f, 7.0f, 31999.0f, 100000.0f}) {
        const std::vector<float> x = random_vec(head, rng_);
        std::vector<float> c(n_rot / 2), s(n_rot / 2);
        for (int64_t i = 0; i < n_rot / 2; ++i) {
          c[i] = static_cast<float>(std::cos(static_cast<double>(pos) * inv_freq[i]));
          s[i] = static_cast<float>(std::sin(static_cast<double>(pos) * inv_freq[i]));
        }
        std::vector<float> want = x, got = x;
        ref_->rope(want.data(), n_rot, c.data(), s.data(), style);
        k_->rope(got.data(), n_rot, c.data(), s.data(), style);
        for (int64_t i = n_rot; i < head; ++i) EXPECT_EQ(got[i], x[i]) << "dim " << i << " past n_rot changed";
        EXPECT_EQ(want, got) << "rope n_rot=" << n_rot << " pos=" << pos
                             << (style == RopeStyle::Neox ? " neox" : " adjacent");
      }
    }
  }
}

TEST_P(RowsTest, Dot) {
  for (int64_t n : kLengths) {
    const std::vector<float> a = random_vec(n, rng_);
    const std::vector<float> b = random_vec(n, rng_);
    double abs_sum = 0;
    for (int64_t i = 0; i < n; ++i) abs_sum += std::fabs(static_cast<double>(a[i]) * b[i]);
    const float want = ref_->dot(a.data(), b.data(), n);
    const float got = k_->dot(a.data(), b.data(), n);
    EXPECT_NEAR(got, want, 1e-5 * abs_sum) << "dot n=" << n;
  }
}

TEST_P(RowsTest, Swiglu) {
  for (int64_t n : kLengths) {
    std::vector<float> gate = random_vec(n, rng_, 6.0f);
    // The clamped ends of exp's range.
    if (n >= 4) gate[0] = 100.0f, gate[1] = -100.0f, gate[2] = 88.5f, gate[3] = -88.5f;
    const std::vector<float> up = random_vec(n, rng_);
    std::vector<float> want(n), got(n);
    ref_->swiglu(gate.data(), up.data(), want.data(), n);
    k_->swiglu(gate.data(), up.data(), got.data(), n);
    expect_close(want, got, 1e-6, 1e-30, "swiglu n=" + std::to_string(n));
  }
}

TEST_P(RowsTest, Softmax) {
  for (int64_t n : kLengths) {
    std::vector<float> x = random_vec(n, rng_, 5.0f);
    if (n >= 2) x[1] = -200.0f;  // e^(x - max) underflows
    std::vector<float> want = x, got = x;
    ref_->softmax(want.data(), n);
    k_->softmax(got.data(), n);
    expect_close(want, got, 1e-5, 1e-30, "softmax n=" + std::to_string(n));
  }
}

std::string test_name(const testing::TestParamInfo<Level>& info) { return level_name(info.param); }

// Attention of one token's kv group: head counts around the kernels' 4-head step, head
// sizes around the vector widths (and off them), short and long key ranges, strided
// K and V rows as in the cache.
TEST_P(RowsTest, Attend) {
  std::mt19937 rng(21);
  const struct {
    int nq;
    int64_t d, dv, n;
  } cases[] = {{1, 64, 64, 1},  {4, 128, 128, 7}, {8, 128, 128, 300}, {3, 17, 9, 33},
               {5, 64, 96, 64}, {2, 8, 8, 2},     {7, 80, 80, 1000}};
  for (const auto& c : cases) {
    SCOPED_TRACE(testing::Message() << "nq=" << c.nq << " d=" << c.d << " dv=" << c.dv << " n=" << c.n);
    const int64_t k_stride = 3 * c.d + 5, v_stride = 2 * c.dv + 1;
    const std::vector<float> q = random_vec(c.nq * c.d, rng);
    const std::vector<float> k = random_vec(c.n * k_stride, rng);
    const std::vector<float> v = random_vec(c.n * v_stride, rng);
    std::vector<float> scores(c.nq * c.n), want(c.nq * c.dv, 7.0f), got(c.nq * c.dv, 7.0f);
    AttendArgs a;
    a.q = q.data();
    a.nq = c.nq;
    a.d = c.d;
    a.dv = c.dv;
    a.k = k.data();
    a.k_stride = k_stride;
    a.v = v.data();
    a.v_stride = v_stride;
    a.n = c.n;
    a.scale = 1.0f / std::sqrt(static_cast<float>(c.d));
    a.scores = scores.data();
    a.out = want.data();
    ref_->attend(a);
    a.out = got.data();
    k_->attend(a);
    double max_out = 0;
    for (float x : want) max_out = std::max(max_out, static_cast<double>(std::fabs(x)));
    expect_close(want, got, 0.0, 2e-5 * max_out, "attend");
  }
}

INSTANTIATE_TEST_SUITE_P(ref, RowsTest, testing::Values(Level::Ref), test_name);
INSTANTIATE_TEST_SUITE_P(avx2, RowsTest, testing::Values(Level::Avx2), test_name);
INSTANTIATE_TEST_SUITE_P(avx512, RowsTest, testing::Values(Level::Avx512), test_name);
INSTANTIATE_TEST_SUITE_P(avx512_emu, RowsTest, testing::Values(Level::Avx512Emu), test_name);

}  // namespace
}  // namespace tl::test

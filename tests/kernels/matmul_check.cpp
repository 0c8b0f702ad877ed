// The matmul check: a kernel against the reference kernel (kernels/ref/matmul_ref.cpp:
// dequantize_row and double dot products), for every computable weight type, over
// awkward shapes and real model shapes.
//
// Tolerances (NMSE = sum (y - ref)^2 / sum ref^2 over the output):
//  - int8 paths: 5e-4. The weights are exact in both; the error is the activations'
//    rounding to 8 bits, at most max|x| / 254 per element, ~max|x| / 440 rms. For
//    gaussian rows max|x| is ~2.5 sigma over 32-blocks and ~3 sigma over 256-blocks, so
//    NMSE ~ (2.5 / 440)^2 = 3e-5 .. 5e-5: 5e-4 leaves 10x headroom for outlier rows while
//    a misplaced block, scale or offset costs NMSE ~1e-1.
//  - float paths: 1e-11. Weights widen exactly (F16, BF16) and products are float FMAs;
//    only the summation order differs from ref's double sum (measured NMSE ~2e-13).
// Measured on AVX2: int8 NMSE 3e-5 .. 1.5e-4 (IQ4_XS at M=1000, K=256), worst element
// 0.05 rms. Every element must also stay within 4.5 sqrt(NMSE bound) x rms(ref) (0.1 rms
// for int8), so one wrong element or row cannot hide in a large output; outputs must be
// finite, not mostly zero, and the stride padding of dst must stay untouched.
#include "matmul_check.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "kernels/registry.h"
#include "tensor/blocks.h"
#include "tensor/quant.h"

namespace tl::test {
namespace {

const DType kTypesArr[] = {DType::F32,  DType::F16,  DType::BF16, DType::Q4_0, DType::Q4_1,
                        DType::Q5_0, DType::Q5_1, DType::Q8_0, DType::Q2_K, DType::Q3_K,
                        DType::Q4_K, DType::Q5_K, DType::Q6_K, DType::IQ4_NL, DType::IQ4_XS};

struct Shape {
  int64_t M, N, K;
};

// K is given in blocks of the type (1, 32 or 256 elements) unless `k_elems` says the
// float types take a K that no vector width divides.
std::vector<Shape> shapes_for(DType t) {
  const int64_t blk = dtype_info(t).block_elems;
  const bool plain = blk == 1;
  // Small K with an odd number of 32-blocks (32 * 5) for the legacy types.
  const int64_t k_small = plain ? 67 : (blk == 32 ? 32 * 5 : 256);
  std::vector<Shape> s;
  for (int64_t M = 1; M <= 16; ++M) s.push_back({M, 37, k_small});
  s.push_back({33, 37, k_small});
  s.push_back({5, 67, plain ? 100 : (blk == 32 ? 32 * 13 : 256 * 3)});
  s.push_back({200, 19, plain ? 130 : (blk == 32 ? 32 * 7 : 512)});
  s.push_back({1000, 9, plain ? 40 : (blk == 32 ? 32 * 3 : 256)});
  // Real shapes: a 4096 x 4096 projection at decode, a Qwen3-MoE expert (2048 -> 768)
  // and its down projection (768 -> 2048).
  s.push_back({1, 4096, 4096});
  s.push_back({8, 768, 2048});
  s.push_back({3, 2048, 768});
  return s;
}

// Random valid blocks for the types without a reference quantizer: random quant bits
// and sub-block scales, with fp16 super-block scales in [0.01, 0.1].
void random_blocks(DType t, int64_t n_blocks, std::mt19937& rng, uint8_t* dst) {
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_real_distribution<float> scale(0.01f, 0.1f);
  const size_t bytes = dtype_info(t).block_bytes;
  for (int64_t b = 0; b < n_blocks; ++b) {
    uint8_t* p = dst + b * bytes;
    for (size_t i = 0; i < bytes; ++i) p[i] = static_cast<uint8_t>(byte(rng));
    const uint16_t d = fp32_to_fp16(scale(rng));
    const uint16_t dmin = fp32_to_fp16(scale(rng));
    if (t == DType::Q2_K) {
      std::memcpy(p + offsetof(BlockQ2_K, d), &d, 2);
      std::memcpy(p + offsetof(BlockQ2_K, dmin), &dmin, 2);
    } else if (t == DType::Q3_K) {
      std::memcpy(p + offsetof(BlockQ3_K, d), &d, 2);
    } else {
      ADD_FAILURE() << "no random block generator for " << dtype_name(t);
    }
  }
}

// Quantizes seeded gaussian rows. Large matrices draw each block from a pool of 32
// quantized rows (at the same position): blocks are self-contained, so every row is
// valid and distinct, and the slow searching quantizers (IQ4, K-quants) run on 32 rows.
std::vector<uint8_t> make_weights(DType t, const Shape& s, std::mt19937& rng) {
  const size_t row = row_bytes(t, s.K);
  std::vector<uint8_t> w(row * s.N);
  if (!can_quantize(t)) {
    random_blocks(t, static_cast<int64_t>(w.size() / dtype_info(t).block_bytes), rng, w.data());
    return w;
  }
  const int64_t pool = std::min<int64_t>(s.N, 32);
  std::normal_distribution<float> g(0.0f, 1.0f);
  std::vector<float> x(s.K);
  for (int64_t n = 0; n < pool; ++n) {
    for (float& v : x) v = g(rng);
    quantize_row(t, x.data(), w.data() + n * row, s.K);
  }
  const size_t block = dtype_info(t).block_bytes;
  std::uniform_int_distribution<int64_t> pick(0, pool - 1);
  for (int64_t n = pool; n < s.N; ++n) {
    for (size_t b = 0; b < row; b += block) std::memcpy(w.data() + n * row + b, w.data() + pick(rng) * row + b, block);
  }
  return w;
}

// Runs kernel k as ops/matmul.cpp does on one thread: prepare over row ranges (split in
// two), then compute per n_block column block.
void run_kernel(const MatmulKernel& k, const MatmulArgs& args_in) {
  MatmulArgs a = args_in;
  const MatmulProblem p{a.w.type, WeightLayout::Rows, a.w.K, a.w.N};
  std::vector<uint8_t> prepared(k.prepared_bytes(p, a.M));
  if (!prepared.empty()) {
    k.prepare(a, prepared.data(), 0, a.M / 2);
    k.prepare(a, prepared.data(), a.M / 2, a.M);
    a.src_prepared = prepared.data();
  }
  for (int64_t n0 = 0; n0 < a.w.N; n0 += k.n_block) k.compute(a, n0, std::min(a.w.N, n0 + k.n_block));
}

}  // namespace

const std::vector<DType>& matmul_types() {
  static const std::vector<DType> types(std::begin(kTypesArr), std::end(kTypesArr));
  return types;
}

void check_matmul(DType type, KernelPicker pick) {
  const KernelRegistry& reg = KernelRegistry::instance();
  const bool int8 = dtype_info(type).block_elems > 1;
  const double nmse_bound = int8 ? 5e-4 : 1e-11;
  const double elem_bound = 4.5 * std::sqrt(nmse_bound);

  std::mt19937 rng(1234 + static_cast<int>(type));
  for (const Shape& s : shapes_for(type)) {
    SCOPED_TRACE(testing::Message() << dtype_name(type) << " M=" << s.M << " N=" << s.N << " K=" << s.K);
    const MatmulProblem p{type, WeightLayout::Rows, s.K, s.N};
    const MatmulKernel* k = pick(p);
    ASSERT_NE(k, nullptr);
    std::string why;
    const MatmulKernel* ref = reg.choose_matmul(p, Isa::Ref, &why);
    ASSERT_NE(ref, nullptr) << why;

    const std::vector<uint8_t> w = make_weights(type, s, rng);
    // Strided rows on both sides, so a kernel that assumes packed rows fails.
    const int64_t src_stride = s.K + 3;
    const int64_t dst_stride = s.N + 5;
    std::vector<float> src(s.M * src_stride);
    std::normal_distribution<float> g(0.0f, 1.0f);
    for (float& v : src) v = g(rng);
    std::vector<float> expected(s.M * dst_stride, 0.0f);
    std::vector<float> actual(s.M * dst_stride, -12345.0f);

    MatmulArgs a;
    a.w = WeightView{w.data(), row_bytes(type, s.K), type, s.K, s.N};
    a.src = src.data();
    a.src_stride = src_stride;
    a.M = s.M;
    a.dst_stride = dst_stride;
    a.dst = expected.data();
    run_kernel(*ref, a);
    a.dst = actual.data();
    run_kernel(*k, a);

    double err2 = 0, ref2 = 0;
    int64_t zeros = 0;
    bool finite = true;
    for (int64_t m = 0; m < s.M; ++m) {
      for (int64_t n = 0; n < s.N; ++n) {
        const double e = expected[m * dst_stride + n];
        const double y = actual[m * dst_stride + n];
        finite = finite && std::isfinite(y);
        zeros += y == 0.0;
        err2 += (y - e) * (y - e);
        ref2 += e * e;
      }
      for (int64_t n = s.N; n < dst_stride; ++n) {
        ASSERT_EQ(actual[m * dst_stride + n], -12345.0f) << "wrote past N at row " << m;
      }
    }
    ASSERT_TRUE(finite) << "non-finite output";
    ASSERT_GT(ref2, 0.0);
    EXPECT_LE(zeros, s.M * s.N / 100) << "mostly-zero output";
    const double rms = std::sqrt(ref2 / static_cast<double>(s.M * s.N));
    const double tol = elem_bound * rms;
    int64_t wm = 0, wn = 0;
    double worst = -1;
    for (int64_t m = 0; m < s.M; ++m) {
      for (int64_t n = 0; n < s.N; ++n) {
        const double d = std::fabs(actual[m * dst_stride + n] - expected[m * dst_stride + n]);
        if (d > worst) worst = d, wm = m, wn = n;
      }
    }
    const double nmse = err2 / ref2;
    EXPECT_LE(nmse, nmse_bound) << k->name << ": worst (row " << wm << ", col " << wn << ") expected "
                                << expected[wm * dst_stride + wn] << " actual " << actual[wm * dst_stride + wn]
                                << " tolerance " << tol;
    EXPECT_LE(worst, tol) << k->name << ": worst (row " << wm << ", col " << wn << ") expected "
                          << expected[wm * dst_stride + wn] << " actual " << actual[wm * dst_stride + wn]
                          << " tolerance " << tol << " (NMSE " << nmse << ")";
    if (::testing::Test::HasFailure()) return;
  }
}

}  // namespace tl::test

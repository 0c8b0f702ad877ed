// The tile shim: the emulation against a plain reference of each instruction's
// definition (exact for the int8 products, exact for tdpbf16ps's documented order), and
// the emulation against real tiles where the CPU and OS have them: bit-identical int32
// accumulators, and for tdpbf16ps a bound on the difference (the hardware keeps more
// precision inside a row than the SDM's pseudo-code the emulation follows; tile_emu.h
// has the measured figures).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "amx_test_util.h"
#include "kernels/amx/amx.h"

namespace tl {
namespace {

struct Shape {
  int rows, groups, lanes;
};

const Shape kShapes[] = {{16, 16, 16}, {16, 8, 16}, {1, 1, 1}, {7, 3, 5}, {16, 16, 1}, {3, 16, 16}, {16, 1, 16}, {9, 13, 11}};

const TileOp kIntOps[] = {TileOp::Dpbssd, TileOp::Dpbsud, TileOp::Dpbusd, TileOp::Dpbuud};

// sum_k sum_i A[m][4k+i] * B[k][4n+i] with each operand signed or not, int32 wrap.
int32_t int_dot(TileOp op, const std::vector<uint8_t>& a, const std::vector<uint8_t>& b, const Shape& s, int m, int n) {
  const bool a_signed = op == TileOp::Dpbssd || op == TileOp::Dpbsud;
  const bool b_signed = op == TileOp::Dpbssd || op == TileOp::Dpbusd;
  uint32_t acc = 0;
  for (int k = 0; k < 4 * s.groups; ++k) {
    const uint8_t x = a[m * 4 * s.groups + k];
    const uint8_t y = b[(k / 4) * 4 * s.lanes + 4 * n + k % 4];
    const int32_t xv = a_signed ? static_cast<int8_t>(x) : x;
    const int32_t yv = b_signed ? static_cast<int8_t>(y) : y;
    acc += static_cast<uint32_t>(xv * yv);
  }
  return static_cast<int32_t>(acc);
}

std::vector<uint8_t> random_bytes(size_t n, std::mt19937& rng) {
  std::uniform_int_distribution<int> byte(0, 255);
  std::vector<uint8_t> v(n);
  for (uint8_t& x : v) x = static_cast<uint8_t>(byte(rng));
  return v;
}

TEST(AmxTiles, EmulatedIntegerProductsAreExact) {
  std::mt19937 rng(11);
  for (TileOp op : kIntOps) {
    for (const Shape& s : kShapes) {
      const auto a = random_bytes(size_t(s.rows) * 4 * s.groups, rng);
      const auto b = random_bytes(size_t(s.groups) * 4 * s.lanes, rng);
      std::vector<int32_t> c(size_t(s.rows) * s.lanes);
      std::uniform_int_distribution<int32_t> init(-1 << 30, 1 << 30);
      for (int32_t& x : c) x = init(rng);
      std::vector<int32_t> want = c;
      for (int m = 0; m < s.rows; ++m) {
        for (int n = 0; n < s.lanes; ++n) {
          want[m * s.lanes + n] = static_cast<int32_t>(static_cast<uint32_t>(want[m * s.lanes + n]) +
                                                       static_cast<uint32_t>(int_dot(op, a, b, s, m, n)));
        }
      }
      amx_tile_probe_emu(op, s.rows, s.groups, s.lanes, a.data(), b.data(), c.data());
      ASSERT_EQ(c, want) << "op " << static_cast<int>(op) << " shape " << s.rows << "x" << s.groups << "x" << s.lanes;
    }
  }
}

TEST(AmxTiles, EmulatedIntegerProductsWrapLikeInt32) {
  // 64 products of -128 * -128 = 2^20 added to INT32_MAX - 5: the sum wraps.
  const Shape s{1, 16, 1};
  std::vector<uint8_t> a(64, 0x80), b(64, 0x80);
  std::vector<int32_t> c = {INT32_MAX - 5};
  amx_tile_probe_emu(TileOp::Dpbssd, s.rows, s.groups, s.lanes, a.data(), b.data(), c.data());
  EXPECT_EQ(c[0], static_cast<int32_t>(static_cast<uint32_t>(INT32_MAX - 5) + (64u << 14)));
}

float bits_f(uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

TEST(AmxTiles, EmulatedBf16FollowsTheDocumentedOrder) {
  // Values where the order and the per-step rounding matter: 1 + 2^-9 twice onto 2^8.
  // Pairwise: 256 + 2^-1*... each product exact; each addition rounds to nearest-even.
  const Shape s{1, 1, 1};  // one pair (2 bf16) per row
  const uint16_t a[2] = {0x3F80, 0x3F80};          // 1, 1
  const uint16_t b[2] = {0x3B80, 0x3B80};          // 2^-8, 2^-8
  float c = 65536.0f;                              // 2^16: ulp 2^-7, so each 2^-8 is a tie
  amx_tile_probe_emu(TileOp::Dpbf16ps, s.rows, s.groups, s.lanes, a, b, &c);
  // Sequential RNE: 2^16 + 2^-8 ties to 2^16 (even) twice; one rounding of the pair
  // would give 2^16 + 2^-7.
  EXPECT_EQ(c, 65536.0f);

  // DAZ: a denormal bf16 input counts as zero; FTZ: a denormal result becomes zero.
  const uint16_t denorm[2] = {0x0001, 0x0000};
  const uint16_t one[2] = {0x3F80, 0x3F80};
  float d = 0.0f;
  amx_tile_probe_emu(TileOp::Dpbf16ps, 1, 1, 1, denorm, one, &d);
  EXPECT_EQ(d, 0.0f);
  const uint16_t tiny[2] = {0x0080, 0x0000};  // 2^-126, the smallest normal
  const uint16_t half[2] = {0x3F00, 0x0000};  // 0.5
  float e = 0.0f;
  amx_tile_probe_emu(TileOp::Dpbf16ps, 1, 1, 1, tiny, half, &e);
  EXPECT_EQ(e, 0.0f) << "2^-127 is denormal in f32 and flushed";
  EXPECT_EQ(bits_f(0x00000000u), e);
}

// Real tiles against the emulation, same inputs.
TEST(AmxTiles, RealTilesMatchTheEmulationBitForBit) {
  if (const auto why = test::amx_level_unavailable(Isa::Amx)) GTEST_SKIP() << *why;
  std::mt19937 rng(12);
  for (TileOp op : kIntOps) {
    for (const Shape& s : kShapes) {
      for (int rep = 0; rep < 20; ++rep) {
        const auto a = random_bytes(size_t(s.rows) * 4 * s.groups, rng);
        const auto b = random_bytes(size_t(s.groups) * 4 * s.lanes, rng);
        const auto c0 = random_bytes(size_t(s.rows) * 4 * s.lanes, rng);
        std::vector<uint8_t> emu = c0, real = c0;
        amx_tile_probe_emu(op, s.rows, s.groups, s.lanes, a.data(), b.data(), emu.data());
        amx_tile_probe_real(op, s.rows, s.groups, s.lanes, a.data(), b.data(), real.data());
        ASSERT_EQ(emu, real) << "int32 accumulators differ, op " << static_cast<int>(op);
      }
    }
  }
  if (!cpu_features().amx_bf16) GTEST_SKIP() << "no amx_bf16: bf16 not compared";
  // bf16: random normal values (no denormals), C starting at random values. Besides the
  // emulation, a few candidate models of the hardware's rounding are counted, so the
  // emulation can follow whichever the silicon matches.
  std::normal_distribution<float> g(0.0f, 1.0f);
  const char* kModels[] = {"emulation (per product, RNE)", "per pair exact, one RNE", "per pair RNE, then RNE",
                           "row exact, one RNE", "per pair exact, one RZ", "row exact, one RZ"};
  constexpr int kNModels = 6;
  int64_t sums = 0, match[kNModels] = {};
  double worst_rel = 0;  // |emu - real| / (|c| + sum |products|)
  auto rne = [](double e) { return static_cast<float>(e); };
  auto rz = [](double e) {
    float r = static_cast<float>(e);
    if (std::fabs(static_cast<double>(r)) > std::fabs(e)) r = std::nextafter(r, 0.0f);
    return r;
  };
  for (const Shape& s : kShapes) {
    for (int rep = 0; rep < 50; ++rep) {
      std::vector<uint16_t> a(size_t(s.rows) * 2 * s.groups), b(size_t(s.groups) * 2 * s.lanes);
      for (uint16_t& x : a) x = fp32_to_bf16(g(rng));
      for (uint16_t& x : b) x = fp32_to_bf16(g(rng));
      std::vector<float> c0(size_t(s.rows) * s.lanes);
      for (float& x : c0) x = g(rng);
      std::vector<float> emu = c0, real = c0;
      amx_tile_probe_emu(TileOp::Dpbf16ps, s.rows, s.groups, s.lanes, a.data(), b.data(), emu.data());
      amx_tile_probe_real(TileOp::Dpbf16ps, s.rows, s.groups, s.lanes, a.data(), b.data(), real.data());
      for (int m = 0; m < s.rows; ++m) {
        for (int n = 0; n < s.lanes; ++n) {
          const size_t i = size_t(m) * s.lanes + n;
          float acc[kNModels];
          for (float& x : acc) x = c0[i];
          double row = 0, mag = std::fabs(c0[i]);
          float row_f = 0;
          for (int k = 0; k < s.groups; ++k) {
            const double p0 = double(bf16_to_fp32(a[m * 2 * s.groups + 2 * k])) * bf16_to_fp32(b[k * 2 * s.lanes + 2 * n]);
            const double p1 =
                double(bf16_to_fp32(a[m * 2 * s.groups + 2 * k + 1])) * bf16_to_fp32(b[k * 2 * s.lanes + 2 * n + 1]);
            mag += std::fabs(p0) + std::fabs(p1);
            acc[0] = rne(double(rne(double(acc[0]) + p0)) + p1);
            acc[1] = rne(double(acc[1]) + p0 + p1);
            acc[2] = rne(double(acc[2]) + double(rne(p0 + p1)));
            acc[4] = rz(double(acc[4]) + p0 + p1);
            row += p0 + p1;
            row_f = rne(double(row_f) + p0 + p1);
          }
          acc[3] = rne(double(c0[i]) + row);
          acc[5] = rz(double(c0[i]) + row);
          ++sums;
          for (int k = 0; k < kNModels; ++k) match[k] += acc[k] == real[i];
          worst_rel = std::max(worst_rel, std::fabs(double(emu[i]) - real[i]) / mag);
        }
      }
    }
  }
  for (int k = 0; k < kNModels; ++k) {
    std::printf("tdpbf16ps model '%s': %lld of %lld sums equal to real tiles\n", kModels[k],
                static_cast<long long>(match[k]), static_cast<long long>(sums));
  }
  std::printf("tdpbf16ps emulation vs real: worst |difference| / (|c| + sum |products|) = %.3g (2^%.1f)\n",
              worst_rel, std::log2(worst_rel > 0 ? worst_rel : 1e-300));
  // Any order and rounding of these <= 33 additions stays within 33 * 2^-24 of
  // |c| + sum |products| (~2^-19); a lost or misplaced product costs far more.
  EXPECT_LE(worst_rel, std::ldexp(1.0, -18));
}

// The microbenchmark's int8 core (amx.h) against plain int32 products, exact.
void check_core_gemm(void (*gemm)(const int8_t*, const int8_t*, int32_t*, int64_t, int64_t, int64_t, int64_t)) {
  std::mt19937 rng(13);
  const int64_t M = 64, N = 128, K = 1088;  // 17 x 64: several K passes of the core
  const auto a = random_bytes(size_t(M * K), rng);  // (M / 16, K / 64, 16 rows, 64)
  const auto b = random_bytes(size_t(N * K), rng);  // (N / 16, K / 64, 16 rows, 16 cols, 4)
  for (int64_t pass_steps : {4, 8}) {
    SCOPED_TRACE(testing::Message() << "pass_steps " << pass_steps);
    std::vector<int32_t> c(size_t(M * N), 7);
    gemm(reinterpret_cast<const int8_t*>(a.data()), reinterpret_cast<const int8_t*>(b.data()), c.data(), M, N, K,
         pass_steps);
    for (int64_t m = 0; m < M; ++m) {
      for (int64_t n = 0; n < N; ++n) {
        int32_t want = 0;
        for (int64_t k = 0; k < K; ++k) {
          const size_t at = size_t((n / 16) * 16 * K + (k / 64) * 1024 + ((k % 64) / 4) * 64 + (n % 16) * 4 + k % 4);
          const size_t a_at = size_t((m / 16) * 16 * K + (k / 64) * 1024 + (m % 16) * 64 + k % 64);
          want += int32_t(int8_t(a[a_at])) * int32_t(int8_t(b[at]));
        }
        ASSERT_EQ(c[m * N + n], want) << "m " << m << " n " << n;
      }
    }
  }
}

TEST(AmxTiles, EmulatedInt8CoreIsExact) { check_core_gemm(amx_int8_core_gemm_emu); }

TEST(AmxTiles, RealInt8CoreIsExact) {
  if (const auto why = test::amx_level_unavailable(Isa::Amx)) GTEST_SKIP() << *why;
  check_core_gemm(amx_int8_core_gemm_real);
}

}  // namespace
}  // namespace tl

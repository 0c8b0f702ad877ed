// Every AMX matmul kernel (emulated tiles everywhere, real tiles where the CPU and OS
// have them) against the reference kernel (kernels/ref: dequantize_row and double dot
// products) on the file's row layout, over the shape classes of issue 6: 1 token,
// 2-15, 16-31, 32, 33-200 and 1000 tokens, K and N at and off tile multiples.
//
// The int8 types run every shape three times: from 16 rows on with int8 tiles per 32 K,
// with int8 groups (int8 tiles at K = 64 on weights and activations requantized per 512
// K) and with bf16 tiles on dequantized weights (layout.h's AmxInt8Path).
//
// Tolerances (NMSE = sum (y - ref)^2 / sum ref^2):
//  - int8 types: 5e-4. Weights are exact; activations are rounded to 8 bits per 32
//    (error <= max|x| / 254 per element, NMSE ~3e-5 for gaussian rows), 10x headroom,
//    while a misplaced block, scale or offset costs ~1e-1. Q6_K is also requantized to
//    8 bits per 32 (layout.h), which adds ~1e-5. The bf16 tiles round activations and
//    weights to bf16 instead (NMSE ~1.3e-6 each, tile_gemm.h), so they differ from ref
//    by about ref's own 8-bit rounding. int8 groups round activations per 512 and
//    requantize the weights per 512 (int8_groups.h): measured NMSE (geometric mean over
//    the shapes from 64 rows) Q8_0 4.8e-5, Q4_0 6.6e-5, Q4_1 7.0e-5, Q4_K / Q5_K 1.1e-4
//    / 1.0e-4 (their mins widen the peak), Q6_K 1.3e-4; against 2.9e-5 per 32 and
//    5.5e-6 for bf16 tiles: >= 3.8x headroom. Over the shapes with K > 256 (all rows):
//    7.8e-5 to 1.05e-4, where groups of 256 gave 7.1e-5 to 9.8e-5.
//  - bf16 / f16 below 16 rows: 1e-11. Weights widen exactly and products are f32 FMAs on
//    the float activations; only the summation order differs from ref's double sum.
//  - bf16 from 16 rows (bf16 tiles): 2e-5. Activations round to bf16 (relative error
//    <= 2^-9, rms 2^-9 / sqrt 3, so NMSE ~1.3e-6): 15x headroom.
//  - f16 from 16 rows (three bf16 products of hi / lo splits, kernel_body.h): 1e-9. The
//    dropped x_lo w_lo term and lo's own rounding are <= 2^-18 relative per product
//    (NMSE ~1e-11), beside f32 accumulation (~1e-13).
// Each element must also stay within 4.5 sqrt(bound) x rms(ref), outputs must be finite
// and not mostly zero, and dst's stride padding must stay untouched.
//
// On real tiles, the real kernel's output must also equal the emulated kernel's bit for
// bit wherever tiles compute integers (all int8 types) and on the few-row paths; for the
// bf16 tile path the differing outputs are counted (tile_emu.h says why they may).
#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <tuple>

#include "amx_test_util.h"
#include "kernels/amx/amx.h"
#include "kernels/amx/panel_vector.h"
#include "kernels/amx/vec_portable.h"
#include "tensor/blocks.h"

namespace tl {
namespace {

struct Shape {
  int64_t M, N, K;
};

std::vector<Shape> shapes_for(DType t) {
  const int64_t blk = dtype_info(t).block_elems;
  // K values: at and off tile multiples (the tile K is 32; 64 is a full tdpbssd depth).
  std::vector<int64_t> ks;
  if (blk == 1) {
    ks = {67, 32, 130, 16, 256};
  } else if (blk == 32) {
    ks = {160, 32, 64, 96, 512};
  } else {
    ks = {256, 512, 768};
  }
  const int64_t ns[] = {37, 64, 16, 50, 32, 96, 17};
  const int64_t ms[] = {1, 2, 7, 15, 16, 17, 24, 31, 32, 33, 64, 100, 200};
  std::vector<Shape> s;
  for (size_t i = 0; i < std::size(ms); ++i) s.push_back({ms[i], ns[i % std::size(ns)], ks[i % ks.size()]});
  s.push_back({1000, 37, ks[0]});  // 1000 tokens, modest N and K so CI stays fast
  s.push_back({70, 600, ks[1]});   // columns over several of the bf16 tiles' column sets
  s.push_back({48, 80, blk == 256 ? 1280 : 1056});  // an expert's rows over several K slices
  // Real shapes: decode and a short prompt through a Qwen3-MoE expert (2048 -> 768).
  s.push_back({1, 768, 2048});
  s.push_back({20, 256, 768});
  return s;
}

double bound_for(DType t, int64_t M) {
  if (dtype_info(t).block_elems > 1) return 5e-4;
  if (M < 16) return 1e-11;
  return t == DType::F16 ? 1e-9 : 2e-5;
}

// Runs kernel k on weights packed for it and the ref kernel on the file's rows, for one
// shape, and checks the NMSE bound, the worst element, finiteness and dst's padding.
void check_shape(const MatmulKernel& k, Isa pack_isa, DType type, const Shape& s, std::mt19937& rng) {
  SCOPED_TRACE(testing::Message() << k.name << " M=" << s.M << " N=" << s.N << " K=" << s.K);
  std::string why;
  const MatmulKernel* ref =
      KernelRegistry::instance().choose_matmul(MatmulProblem{type, WeightLayout::Rows, s.K, s.N}, Isa::Ref, &why);
  ASSERT_NE(ref, nullptr) << why;

  const std::vector<uint8_t> w = test::make_weights(type, s.N, s.K, rng);
  const auto packed = test::pack_amx(w, type, s.N, s.K, pack_isa, &why);
  ASSERT_TRUE(packed.has_value()) << why;

  const int64_t src_stride = s.K + 3;
  const int64_t dst_stride = s.N + 5;
  std::vector<float> src(s.M * src_stride);
  std::normal_distribution<float> g(0.0f, 1.0f);
  for (float& v : src) v = g(rng);
  std::vector<float> expected(s.M * dst_stride, 0.0f);
  std::vector<float> actual(s.M * dst_stride, -12345.0f);

  MatmulArgs a;
  a.src = src.data();
  a.src_stride = src_stride;
  a.M = s.M;
  a.dst_stride = dst_stride;
  a.w = WeightView{w.data(), row_bytes(type, s.K), type, s.K, s.N};
  a.dst = expected.data();
  test::run_kernel(*ref, a, type);
  a.w = WeightView{packed->data(), 0, type, s.K, s.N};
  a.dst = actual.data();
  test::run_kernel(k, a, type);

  for (int64_t m = 0; m < s.M; ++m) {
    for (int64_t n = s.N; n < dst_stride; ++n) {
      ASSERT_EQ(actual[m * dst_stride + n], -12345.0f) << "wrote past N at row " << m;
    }
  }
  const test::Compared c = test::compare(expected, actual, s.M, s.N, dst_stride);
  const double bound = bound_for(type, s.M);
  const double tol = 4.5 * std::sqrt(bound) * c.rms;
  ASSERT_TRUE(c.finite) << "non-finite output";
  EXPECT_LE(c.zeros, s.M * s.N / 100) << "mostly-zero output";
  EXPECT_LE(c.nmse, bound) << k.name << ": worst (row " << c.wm << ", col " << c.wn << ") expected "
                           << expected[c.wm * dst_stride + c.wn] << " actual " << actual[c.wm * dst_stride + c.wn];
  EXPECT_LE(c.worst, tol) << k.name << ": worst (row " << c.wm << ", col " << c.wn << ") expected "
                          << expected[c.wm * dst_stride + c.wn] << " actual " << actual[c.wm * dst_stride + c.wn]
                          << " tolerance " << tol << " (NMSE " << c.nmse << ")";
}

class AmxMatmul : public ::testing::TestWithParam<std::tuple<Isa, DType>> {};

TEST_P(AmxMatmul, MatchesReference) {
  const auto [isa, type] = GetParam();
  if (const auto why = test::amx_level_unavailable(isa)) GTEST_SKIP() << *why;
  std::mt19937 rng(4321 + static_cast<int>(type));
  for (const Shape& s : shapes_for(type)) {
    std::string why;
    const MatmulKernel* k =
        KernelRegistry::instance().choose_matmul(MatmulProblem{type, WeightLayout::AmxPanels, s.K, s.N}, isa, &why);
    if (!k) GTEST_SKIP() << isa_name(isa) << " has no kernel for " << dtype_name(type) << ": " << why;
    ASSERT_EQ(k->isa, isa) << k->name;
    const bool int8 = dtype_info(type).block_elems > 1;
    for (const test::TilePathCase& path : test::kTilePathCases) {
      if (!int8 && path.wide_rows != test::WidePath::kNever) continue;
      SCOPED_TRACE(testing::Message() << "M=" << s.M << " N=" << s.N << " K=" << s.K << " " << path.name);
      const test::WidePath scope(path.wide_rows, path.wide);
      check_shape(*k, isa, type, s, rng);
      if (::testing::Test::HasFailure()) return;
    }
  }
}

std::string test_name(const testing::TestParamInfo<AmxMatmul::ParamType>& info) {
  return std::string(dtype_name(std::get<1>(info.param)));
}

INSTANTIATE_TEST_SUITE_P(amx_emu, AmxMatmul,
                         testing::Combine(testing::Values(Isa::AmxEmu), testing::ValuesIn(kAmxTypes)), test_name);
INSTANTIATE_TEST_SUITE_P(amx, AmxMatmul, testing::Combine(testing::Values(Isa::Amx), testing::ValuesIn(kAmxTypes)),
                         test_name);

// The vpdpbusd panel kernel (kernels/amx/panel_vector.h) at every M: on the portable
// policy (runs everywhere; the same bytes as the amx-emu packer makes) and as the avx512
// level's cpu-repack kernel where the CPU has AVX-512 VNNI. Same bounds as above.
template <DType kType, class Fmt>
MatmulKernel portable_panel_kernel() {
  using Body = PanelVectorInt8<VecPortable, Fmt>;
  return MatmulKernel{"matmul_panels_portable", Isa::AmxEmu, nullptr,
                      [](const MatmulProblem& p, int64_t M) { return static_cast<size_t>(M * Act32(p.K).stride); },
                      Body::prepare, Body::compute, 4 * kPanelCols};
}

const MatmulKernel* portable_panels(DType t) {
  static const MatmulKernel k[] = {portable_panel_kernel<DType::Q8_0, FmtQ8_0>(),
                                   portable_panel_kernel<DType::Q4_0, FmtQ4_0>(),
                                   portable_panel_kernel<DType::Q4_1, FmtQ4_1>(),
                                   portable_panel_kernel<DType::Q4_K, FmtQ4_K>(),
                                   portable_panel_kernel<DType::Q5_K, FmtQ5_K>()};
  const DType types[] = {DType::Q8_0, DType::Q4_0, DType::Q4_1, DType::Q4_K, DType::Q5_K};
  for (size_t i = 0; i < std::size(types); ++i) {
    if (types[i] == t) return &k[i];
  }
  return nullptr;
}

constexpr DType kVnniPanelTypes[] = {DType::Q8_0, DType::Q4_0, DType::Q4_1, DType::Q4_K, DType::Q5_K};

class VnniPanelMatmul : public ::testing::TestWithParam<std::tuple<Isa, DType>> {};

// Isa::AmxEmu stands for the portable policy here (the emulated level's own).
TEST_P(VnniPanelMatmul, MatchesReference) {
  const auto [isa, type] = GetParam();
  std::mt19937 rng(777 + static_cast<int>(type));
  if (isa != Isa::AmxEmu) {
    if (const auto why = test::amx_level_unavailable(isa)) GTEST_SKIP() << *why;
    if (isa == Isa::Avx512 && !cpu_features().avx512vnni) GTEST_SKIP() << "no AVX-512 VNNI: avx2 kernels serve";
  }
  for (const Shape& s : shapes_for(type)) {
    const MatmulKernel* k = portable_panels(type);
    if (isa != Isa::AmxEmu) {
      std::string why;
      k = KernelRegistry::instance().choose_matmul(MatmulProblem{type, WeightLayout::VnniPanels, s.K, s.N}, isa,
                                                   &why);
      ASSERT_NE(k, nullptr) << why;
      ASSERT_EQ(k->isa, isa) << k->name;
    }
    ASSERT_NE(k, nullptr);
    check_shape(*k, isa == Isa::AmxEmu ? Isa::AmxEmu : isa, type, s, rng);
    if (::testing::Test::HasFailure()) return;
  }
}

std::string panel_test_name(const testing::TestParamInfo<VnniPanelMatmul::ParamType>& i) {
  const Isa isa = std::get<0>(i.param);
  return std::string(isa == Isa::AmxEmu ? "portable" : isa_name(isa)) + "_" + std::string(dtype_name(std::get<1>(i.param)));
}

INSTANTIATE_TEST_SUITE_P(portable, VnniPanelMatmul,
                         testing::Combine(testing::Values(Isa::AmxEmu), testing::ValuesIn(kVnniPanelTypes)),
                         panel_test_name);
INSTANTIATE_TEST_SUITE_P(avx2, VnniPanelMatmul,
                         testing::Combine(testing::Values(Isa::Avx2), testing::ValuesIn(kVnniPanelTypes)),
                         panel_test_name);
INSTANTIATE_TEST_SUITE_P(avx512, VnniPanelMatmul,
                         testing::Combine(testing::Values(Isa::Avx512), testing::ValuesIn(kVnniPanelTypes)),
                         panel_test_name);

// The int8 group path converts nibble weights by table (int8_groups.h): each (column,
// value) w' once, then a lookup per weight. The lookup must give the bytes pack_s8x4
// gives for the same w' per weight, saturation included (VecAvx512's version is held to
// this one by AmxRealVsEmulated on the Xeon).
TEST(VecPortable, NibbleLookupEqualsPerWeightPack) {
  std::mt19937 rng(9);
  std::uniform_int_distribution<int32_t> value(-140, 140);
  std::uniform_int_distribution<int> nibble(0, 15);
  for (int round = 0; round < 20; ++round) {
    VecPortable::I e[16];
    for (auto& x : e) {
      for (int32_t& lane : x.v) lane = value(rng);
    }
    VecPortable::B u;
    for (uint8_t& b : u.v) b = static_cast<uint8_t>(nibble(rng));
    VecPortable::B table[4];
    VecPortable::nibble_tables(e, table);
    VecPortable::I per_weight[4];
    for (int k = 0; k < 4; ++k) {
      for (int c = 0; c < 16; ++c) per_weight[k].v[c] = e[u.v[4 * c + k]].v[c];
    }
    const VecPortable::B want = VecPortable::pack_s8x4(per_weight[0], per_weight[1], per_weight[2], per_weight[3]);
    const VecPortable::B got = VecPortable::lookup_nibbles(table, u);
    for (int j = 0; j < 64; ++j) ASSERT_EQ(want.v[j], got.v[j]) << "byte " << j << ", round " << round;
  }
}

// Q8_0 bytes of -128 (valid in a file, never made by the quantizer) at the avx2 panel
// kernel, which reads |w| as unsigned: exact against ref like every other value.
TEST(VnniPanelQ8_0, MinusOneTwentyEight) {
  if (test::amx_level_unavailable(Isa::Avx2)) GTEST_SKIP() << "no avx2";
  constexpr int64_t M = 3, N = 16, K = 64;
  std::mt19937 rng(3);
  std::vector<uint8_t> w = test::make_weights(DType::Q8_0, N, K, rng);
  auto* blocks = reinterpret_cast<BlockQ8_0*>(w.data());
  for (int64_t b = 0; b < N * K / 32; ++b) blocks[b].qs[b % 32] = -128;
  std::string why;
  const KernelRegistry& reg = KernelRegistry::instance();
  const MatmulKernel* k = reg.choose_matmul(MatmulProblem{DType::Q8_0, WeightLayout::VnniPanels, K, N}, Isa::Avx2, &why);
  ASSERT_NE(k, nullptr) << why;
  const MatmulKernel* ref = reg.choose_matmul(MatmulProblem{DType::Q8_0, WeightLayout::Rows, K, N}, Isa::Ref, &why);
  const auto packed = test::pack_amx(w, DType::Q8_0, N, K, Isa::Avx2, &why);
  ASSERT_TRUE(packed.has_value()) << why;
  std::vector<float> src(M * K), want(M * N), got(M * N);
  std::normal_distribution<float> g(0.0f, 1.0f);
  for (float& v : src) v = g(rng);
  MatmulArgs a;
  a.src = src.data();
  a.src_stride = K;
  a.M = M;
  a.dst_stride = N;
  a.w = WeightView{w.data(), row_bytes(DType::Q8_0, K), DType::Q8_0, K, N};
  a.dst = want.data();
  test::run_kernel(*ref, a, DType::Q8_0);
  a.w = WeightView{packed->data(), 0, DType::Q8_0, K, N};
  a.dst = got.data();
  test::run_kernel(*k, a, DType::Q8_0);
  EXPECT_LE(test::compare(want, got, M, N, N).nmse, 5e-4);
}

// Real and emulated kernels on the same packed bytes and activations.
class AmxRealVsEmulated : public ::testing::TestWithParam<DType> {};

TEST_P(AmxRealVsEmulated, SameOutputs) {
  const DType type = GetParam();
  if (const auto why = test::amx_level_unavailable(Isa::Amx)) GTEST_SKIP() << *why;
  const KernelRegistry& reg = KernelRegistry::instance();
  std::mt19937 rng(99 + static_cast<int>(type));
  const bool float_type = dtype_info(type).block_elems == 1;
  int64_t differing = 0, total = 0;
  for (const Shape& s : shapes_for(type)) {
    for (const test::TilePathCase& path : test::kTilePathCases) {
      if (float_type && path.wide_rows != test::WidePath::kNever) continue;
      const test::WidePath scope(path.wide_rows, path.wide);
      SCOPED_TRACE(testing::Message() << dtype_name(type) << " M=" << s.M << " N=" << s.N << " K=" << s.K << " "
                                      << path.name);
      std::string why;
      const MatmulProblem p{type, WeightLayout::AmxPanels, s.K, s.N};
      const MatmulKernel* real = reg.choose_matmul(p, Isa::Amx, &why);
      if (!real) GTEST_SKIP() << why;
      const MatmulKernel* emu = reg.choose_matmul(p, Isa::AmxEmu, &why);
      ASSERT_NE(emu, nullptr) << why;
      const std::vector<uint8_t> w = test::make_weights(type, s.N, s.K, rng);
      const auto packed = test::pack_amx(w, type, s.N, s.K, Isa::Amx, &why);
      ASSERT_TRUE(packed.has_value()) << why;
      std::vector<float> src(s.M * s.K);
      std::normal_distribution<float> g(0.0f, 1.0f);
      for (float& v : src) v = g(rng);
      std::vector<float> y_real(s.M * s.N), y_emu(s.M * s.N);
      MatmulArgs a;
      a.w = WeightView{packed->data(), 0, type, s.K, s.N};
      a.src = src.data();
      a.src_stride = s.K;
      a.M = s.M;
      a.dst_stride = s.N;
      a.dst = y_real.data();
      test::run_kernel(*real, a, type);
      a.dst = y_emu.data();
      test::run_kernel(*emu, a, type);
      if (float_type ? s.M >= 16 : amx_int8_path(s.M) == AmxInt8Path::Bf16Tiles) {
        for (size_t i = 0; i < y_real.size(); ++i) differing += y_real[i] != y_emu[i];
        total += static_cast<int64_t>(y_real.size());
        EXPECT_LE(test::compare(y_emu, y_real, s.M, s.N, s.N).nmse, 1e-12);
      } else {
        ASSERT_EQ(0, std::memcmp(y_real.data(), y_emu.data(), sizeof(float) * y_real.size()))
            << "real and emulated outputs differ";
      }
    }
  }
  std::printf("%s bf16 tile path: %lld of %lld outputs differ between real and emulated tiles\n",
              std::string(dtype_name(type)).c_str(), static_cast<long long>(differing), static_cast<long long>(total));
}

INSTANTIATE_TEST_SUITE_P(amx, AmxRealVsEmulated, testing::ValuesIn(kAmxTypes),
                         [](const testing::TestParamInfo<DType>& i) { return std::string(dtype_name(i.param)); });

// The packed layouts' size against the file's (layout.h's table), at a 4096 x 4096 matrix.
TEST(AmxLayout, PackedBytesAgainstTheFile) {
  const struct {
    DType type;
    double ratio;
  } expected[] = {{DType::Q8_0, 1.000}, {DType::Q4_0, 1.000}, {DType::Q4_1, 1.000}, {DType::Q4_K, 1.028},
                  {DType::Q5_K, 1.023}, {DType::Q6_K, 1.295}, {DType::BF16, 1.000}, {DType::F16, 1.000}};
  for (const auto& e : expected) {
    std::string why;
    const WeightPacker* p = KernelRegistry::instance().choose_amx_packer(e.type, 4096, 4096, Isa::AmxEmu, &why);
    ASSERT_NE(p, nullptr) << why;
    const double ratio =
        static_cast<double>(p->packed_bytes(e.type, 4096, 4096)) / static_cast<double>(row_bytes(e.type, 4096) * 4096);
    std::printf("%-5s packed / file = %.4f\n", std::string(dtype_name(e.type)).c_str(), ratio);
    EXPECT_NEAR(ratio, e.ratio, 0.001) << dtype_name(e.type);
  }
}

// Placement rules the registry enforces: amx layouts only through the amx packer, the
// emulated kernels never at the real level, and row-layout kernels never see panels.
TEST(AmxRegistry, LevelsAndLayoutsStayApart) {
  const KernelRegistry& reg = KernelRegistry::instance();
  std::string why;
  EXPECT_EQ(reg.choose_amx_packer(DType::Q4_0, 4096, 4096, Isa::Avx512, &why), nullptr) << "amx layouts need an amx level";
  EXPECT_EQ(reg.choose_amx_packer(DType::F32, 4096, 4096, Isa::AmxEmu, &why), nullptr) << "no F32 layout";
  EXPECT_EQ(reg.choose_amx_packer(DType::Q8_0, 48, 64, Isa::AmxEmu, &why), nullptr) << "K % 32 != 0";
  const WeightPacker* repack = reg.choose_packer(DType::Q4_0, 4096, 4096, Isa::AmxEmu, &why);
  if (repack) {
    EXPECT_NE(repack->layout, WeightLayout::AmxPanels) << "cpu-repack never gets an amx layout";
  }
  const MatmulKernel* emu = reg.choose_matmul(MatmulProblem{DType::Q4_0, WeightLayout::AmxPanels, 4096, 4096},
                                              Isa::AmxEmu, &why);
  ASSERT_NE(emu, nullptr) << why;
  EXPECT_EQ(emu->isa, Isa::AmxEmu);
  const MatmulKernel* at_amx = reg.choose_matmul(MatmulProblem{DType::Q4_0, WeightLayout::AmxPanels, 4096, 4096},
                                                 Isa::Amx, &why);
  if (at_amx) {
    EXPECT_EQ(at_amx->isa, Isa::Amx) << "the emulation never serves a real amx run";
  }
  // Under amx-emu the other levels are capped at what this CPU runs.
  const MatmulKernel* rows = reg.choose_matmul(MatmulProblem{DType::Q4_0, WeightLayout::Rows, 4096, 4096},
                                               Isa::AmxEmu, &why);
  ASSERT_NE(rows, nullptr);
  EXPECT_LE(static_cast<int>(rows->isa), static_cast<int>(best_isa(cpu_features(), false))) << rows->name;
  EXPECT_LE(static_cast<int>(reg.row_kernels(Isa::AmxEmu).isa), static_cast<int>(best_isa(cpu_features(), false)));
}

}  // namespace
}  // namespace tl

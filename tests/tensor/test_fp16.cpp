// fp16 / bf16 conversions: exhaustive properties of IEEE round to nearest even, and the
// NaN rules of ggml's scalar code (quants/README §4, §5.5). The fixtures check the rest.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>

#include "tensor/quant.h"

namespace tl {
namespace {

bool is_fp16_nan(uint32_t h) { return (h & 0x7C00u) == 0x7C00u && (h & 0x3FFu) != 0; }
uint32_t bits(float f) { return std::bit_cast<uint32_t>(f); }
float from_bits(uint32_t b) { return std::bit_cast<float>(b); }

// Every non-NaN fp16 survives fp16 -> f32 -> fp16.
TEST(Fp16, RoundTripsEveryValue) {
  for (uint32_t h = 0; h <= 0xFFFF; ++h) {
    if (is_fp16_nan(h)) continue;
    ASSERT_EQ(fp32_to_fp16(fp16_to_fp32(static_cast<uint16_t>(h))), h) << std::hex << h;
  }
}

// Between consecutive fp16 values a and b (same sign, a < b in magnitude): the exact
// midpoint goes to the one with an even mantissa, and one f32 ulp either side of it goes
// to the nearer. This covers subnormals, the subnormal/normal seam and 65504 -> inf.
TEST(Fp16, RoundsToNearestEven) {
  for (uint32_t sign : {0x0000u, 0x8000u}) {
    for (uint32_t m = 0; m < 0x7C00; ++m) {
      const uint32_t a = sign | m;
      const uint32_t b = sign | (m + 1);  // 0x7C00 (inf) after 65504
      // The midpoint, as 65520 is for the last pair: exact in f32 (fp16 has 11 bits).
      const double mid =
          (static_cast<double>(fp16_to_fp32(static_cast<uint16_t>(a))) +
           static_cast<double>(m + 1 == 0x7C00 ? (sign ? -65536.0 : 65536.0)
                                               : fp16_to_fp32(static_cast<uint16_t>(b)))) /
          2;
      const float fmid = static_cast<float>(mid);
      ASSERT_EQ(static_cast<double>(fmid), mid);
      const uint32_t even = (m & 1) ? b : a;
      ASSERT_EQ(fp32_to_fp16(fmid), even) << std::hex << "between " << a << " and " << b;
      const float toward_a = from_bits(bits(fmid) - 1);  // smaller magnitude
      const float toward_b = from_bits(bits(fmid) + 1);
      ASSERT_EQ(fp32_to_fp16(toward_a), a) << std::hex << a;
      ASSERT_EQ(fp32_to_fp16(toward_b), b) << std::hex << b;
    }
  }
}

TEST(Fp16, ZerosInfinitiesAndUnderflow) {
  EXPECT_EQ(fp32_to_fp16(0.0f), 0x0000u);
  EXPECT_EQ(fp32_to_fp16(-0.0f), 0x8000u);
  EXPECT_EQ(fp32_to_fp16(INFINITY), 0x7C00u);
  EXPECT_EQ(fp32_to_fp16(-INFINITY), 0xFC00u);
  EXPECT_EQ(fp32_to_fp16(3e38f), 0x7C00u);
  EXPECT_EQ(fp32_to_fp16(0x1p-25f), 0x0000u);                // tie with 2^-24: even is 0
  EXPECT_EQ(fp32_to_fp16(-0x1.000002p-25f), 0x8001u);        // just past the tie
  EXPECT_EQ(fp32_to_fp16(from_bits(0x00000001u)), 0x0000u);  // f32 subnormal
  EXPECT_EQ(fp16_to_fp32(0x0001), 0x1p-24f);
  EXPECT_EQ(fp16_to_fp32(0x03FF), 0x3FFp-24f);
  EXPECT_EQ(bits(fp16_to_fp32(0x8000)), 0x80000000u);
}

// ggml's scalar fp32 -> fp16 writes one quiet NaN (keeping the sign); fp16 -> f32 keeps
// the payload and sets the quiet bit, as an f32 multiply of a signalling NaN does.
TEST(Fp16, NaNRules) {
  EXPECT_EQ(fp32_to_fp16(from_bits(0x7FC00000u)), 0x7E00u);
  EXPECT_EQ(fp32_to_fp16(from_bits(0x7F800001u)), 0x7E00u);
  EXPECT_EQ(fp32_to_fp16(from_bits(0xFFC12345u)), 0xFE00u);
  EXPECT_EQ(bits(fp16_to_fp32(0x7C01)), 0x7FC02000u);
  EXPECT_EQ(bits(fp16_to_fp32(0x7E00)), 0x7FC00000u);
  EXPECT_EQ(bits(fp16_to_fp32(0xFDFF)), 0xFFFFE000u);
}

TEST(Bf16, RoundingAndNaN) {
  EXPECT_EQ(fp32_to_bf16(from_bits(0x3F807FFFu)), 0x3F80u);  // below the tie
  EXPECT_EQ(fp32_to_bf16(from_bits(0x3F808000u)), 0x3F80u);  // tie, even stays
  EXPECT_EQ(fp32_to_bf16(from_bits(0x3F818000u)), 0x3F82u);  // tie, odd rounds up
  EXPECT_EQ(fp32_to_bf16(from_bits(0x3F808001u)), 0x3F81u);
  EXPECT_EQ(fp32_to_bf16(from_bits(0x7F7FFFFFu)), 0x7F80u);  // f32 max -> inf
  EXPECT_EQ(fp32_to_bf16(from_bits(0x00018000u)), 0x0002u);  // subnormals kept, rounded
  EXPECT_EQ(fp32_to_bf16(from_bits(0x7F800001u)), 0x7FC0u);  // sNaN quieted, not inf
  EXPECT_EQ(fp32_to_bf16(from_bits(0xFF812345u)), 0xFFC1u);
  for (uint32_t h = 0; h <= 0xFFFF; ++h) {
    ASSERT_EQ(bits(bf16_to_fp32(static_cast<uint16_t>(h))), h << 16);
  }
}

}  // namespace
}  // namespace tl

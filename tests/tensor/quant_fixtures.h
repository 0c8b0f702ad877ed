// Shared helpers of the tensor tests: the quants/ fixture manifest, bitwise float
// comparison that names the worst mismatch, and seeded input rows.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tensor/dtype.h"

namespace tl::test {

// quants/manifest.json, parsed once (a missing file fails the test and gives null).
const nlohmann::json& quant_manifest();
// The manifest's fixture entry {kind}/{TYPE} ("dequantize" / "quantize"); fails the
// test and returns nullptr when there is none.
const nlohmann::json* find_quant_fixture(const std::string& kind, DType t);
// The fixture's file under quants/ (files.<role>.path), read whole.
std::vector<uint8_t> fixture_bytes(const nlohmann::json& fixture, const std::string& role);
std::vector<float> fixture_floats(const nlohmann::json& fixture, const std::string& role);

// Compares n floats bit for bit (so NaN payloads and the sign of zero count). Where
// zero_sign_ok(i) is true, +0.0 and -0.0 are taken as equal. On failure the message
// counts the mismatches and names the worst (block, element, expected, actual).
::testing::AssertionResult same_bits(const float* expected, const float* actual, size_t n,
                                     int64_t block_elems,
                                     const std::function<bool(size_t)>& zero_sign_ok = {});

// sqrt(sum (a-b)^2) / sqrt(sum a^2): the error of b relative to the size of a.
double relative_rms_error(const std::vector<float>& a, const std::vector<float>& b);

// Seeded input rows of n floats, one per distribution. mt19937 output is fixed by the
// standard and the transforms are written out here, so the rows are the same on every
// standard library.
// kAllDists are the ones of realistic magnitude; kTiny (sigma 1e-5) is kept apart, as
// it underflows the fp16 scales of some types.
enum class Dist { kGauss, kGaussSmall, kUniform, kLaplace, kPositive, kOutliers, kTiny };
inline constexpr Dist kAllDists[] = {Dist::kGauss,   Dist::kGaussSmall, Dist::kUniform,
                                     Dist::kLaplace, Dist::kPositive,   Dist::kOutliers};
const char* dist_name(Dist d);
std::vector<float> random_row(Dist d, int64_t n, uint32_t seed);

}  // namespace tl::test

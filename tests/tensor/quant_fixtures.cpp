// The quants/ manifest, bitwise float comparison and seeded rows for the tensor tests.
#include "quant_fixtures.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <random>
#include <sstream>

#include "common/testdata.h"

namespace tl::test {

const nlohmann::json& quant_manifest() {
  static const nlohmann::json manifest = [] {
    const std::string text = read_text(testdata_path("quants/manifest.json"));
    return text.empty() ? nlohmann::json() : nlohmann::json::parse(text);
  }();
  return manifest;
}

const nlohmann::json* find_quant_fixture(const std::string& kind, DType t) {
  const nlohmann::json& manifest = quant_manifest();
  if (manifest.is_object()) {
    for (const nlohmann::json& f : manifest["fixtures"]) {
      if (f["kind"] != kind) continue;
      const auto type = dtype_from_name(f["type"].get<std::string>());
      if (type && *type == t) return &f;
    }
  }
  ADD_FAILURE() << "quants/manifest.json has no " << kind << " fixture for " << dtype_name(t);
  return nullptr;
}

std::vector<uint8_t> fixture_bytes(const nlohmann::json& fixture, const std::string& role) {
  const std::string rel = "quants/" + fixture["files"][role]["path"].get<std::string>();
  std::vector<uint8_t> bytes = read_bytes(testdata_path(rel));
  EXPECT_EQ(bytes.size(), fixture["files"][role]["bytes"].get<size_t>()) << rel;
  return bytes;
}

std::vector<float> fixture_floats(const nlohmann::json& fixture, const std::string& role) {
  const std::vector<uint8_t> bytes = fixture_bytes(fixture, role);
  std::vector<float> out(bytes.size() / sizeof(float));
  if (!out.empty()) std::memcpy(out.data(), bytes.data(), out.size() * sizeof(float));
  return out;
}

namespace {

// How bad a mismatch is: NaN against a number and ±inf against finite are worst.
double badness(float e, float a) {
  if (std::isnan(e) != std::isnan(a)) return INFINITY;
  if (std::isnan(e)) return 0;  // two NaNs with different payloads
  const double d = std::fabs(static_cast<double>(e) - static_cast<double>(a));
  return std::isnan(d) ? INFINITY : d;
}

std::string describe(float v) {
  std::ostringstream s;
  s.precision(9);
  s << v << " (0x" << std::hex << std::bit_cast<uint32_t>(v) << ")";
  return s.str();
}

}  // namespace

::testing::AssertionResult same_bits(const float* expected, const float* actual, size_t n,
                                     int64_t block_elems,
                                     const std::function<bool(size_t)>& zero_sign_ok) {
  size_t mismatches = 0;
  size_t worst = 0;
  double worst_badness = -1;
  for (size_t i = 0; i < n; ++i) {
    const uint32_t e = std::bit_cast<uint32_t>(expected[i]);
    const uint32_t a = std::bit_cast<uint32_t>(actual[i]);
    if (e == a) continue;
    if (expected[i] == 0.0f && actual[i] == 0.0f && zero_sign_ok && zero_sign_ok(i)) continue;
    ++mismatches;
    // A zero of the wrong sign has badness 0 but still counts; keep the first of those.
    const double b = badness(expected[i], actual[i]);
    if (b > worst_badness) {
      worst_badness = b;
      worst = i;
    }
  }
  if (mismatches == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << mismatches << " of " << n << " values differ in their bits; worst at block "
         << worst / block_elems << " element " << worst % block_elems << ": expected "
         << describe(expected[worst]) << ", actual " << describe(actual[worst]);
}

double relative_rms_error(const std::vector<float>& a, const std::vector<float>& b) {
  double err = 0;
  double ref = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    const double d = static_cast<double>(a[i]) - static_cast<double>(b[i]);
    err += d * d;
    ref += static_cast<double>(a[i]) * static_cast<double>(a[i]);
  }
  return ref > 0 ? std::sqrt(err / ref) : std::sqrt(err);
}

const char* dist_name(Dist d) {
  switch (d) {
    case Dist::kGauss: return "gauss(0,1)";
    case Dist::kGaussSmall: return "gauss(0,0.02)";
    case Dist::kUniform: return "uniform[-1,1)";
    case Dist::kLaplace: return "laplace(b=1)";
    case Dist::kPositive: return "uniform[0,1)";
    case Dist::kOutliers: return "gauss(0,1)+outliers";
    case Dist::kTiny: return "gauss(0,1e-5)";
  }
  return "?";
}

std::vector<float> random_row(Dist dist, int64_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  // Uniform in [0, 1) and in (0, 1], from 24 random bits.
  auto u01 = [&] { return static_cast<double>(rng() >> 8) * 0x1p-24; };
  auto u01_open = [&] { return (static_cast<double>(rng() >> 8) + 1) * 0x1p-24; };
  auto gauss = [&] {
    const double r = std::sqrt(-2 * std::log(u01_open()));
    return r * std::cos(2 * M_PI * u01());
  };
  std::vector<float> x(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    double v = 0;
    switch (dist) {
      case Dist::kGauss: v = gauss(); break;
      case Dist::kGaussSmall: v = 0.02 * gauss(); break;
      case Dist::kUniform: v = 2 * u01() - 1; break;
      case Dist::kLaplace: {
        const double u = u01_open() - 0.5;  // (-0.5, 0.5]
        v = (u < 0 ? 1 : -1) * std::log(1 - 2 * std::fabs(u) + 0x1p-25);
        break;
      }
      case Dist::kPositive: v = u01(); break;
      case Dist::kOutliers: v = (rng() % 97 == 0) ? 30 * gauss() : gauss(); break;
      case Dist::kTiny: v = 1e-5 * gauss(); break;
    }
    x[static_cast<size_t>(i)] = static_cast<float>(v);
  }
  return x;
}

}  // namespace tl::test

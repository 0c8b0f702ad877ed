// quantize_row against quants/quantize/: the exact bytes llama.cpp writes for edge-case
// rows (ties, -0.0, subnormal and overflowing scales ...), and the dequantized round trip.
//
// The fixture bytes come from gguf-py. They equal ggml C's everywhere except the bytes
// the manifest lists under ggml_c_crosscheck.x86_64_baseline.rows_that_differ (the all
// -0.0 row of Q4_0 / Q5_0, README §5.1). We follow ggml C, so exactly those bytes must
// hold ggml C's value instead of gguf-py's; every other byte must equal the fixture.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "quant_fixtures.h"
#include "tensor/dtype.h"
#include "tensor/quant.h"

namespace tl {
namespace {

// (row, byte in row) -> (gguf-py byte, ggml C byte).
using KnownDiffs = std::map<std::pair<int64_t, int64_t>, std::pair<int, int>>;

KnownDiffs known_c_differences(const nlohmann::json& fixture) {
  KnownDiffs out;
  const nlohmann::json& check = fixture["ggml_c_crosscheck"]["x86_64_baseline"];
  if (!check.is_object()) return out;  // "byte-identical (...)"
  for (const nlohmann::json& row : check["rows_that_differ"]) {
    for (const nlohmann::json& d : row["diffs"]) {
      out[{row["row"].get<int64_t>(), d["byte_offset_in_row"].get<int64_t>()}] = {
          std::stoi(d["gguf_py"].get<std::string>(), nullptr, 16),
          std::stoi(d["ggml_c"].get<std::string>(), nullptr, 16)};
    }
  }
  return out;
}

class QuantizeFixture : public ::testing::TestWithParam<DType> {};

TEST_P(QuantizeFixture, MatchesGgmlBytesAndRoundTrip) {
  const DType t = GetParam();
  ASSERT_TRUE(can_quantize(t));
  const nlohmann::json* fixture = test::find_quant_fixture("quantize", t);
  ASSERT_NE(fixture, nullptr);
  const DTypeInfo& info = dtype_info(t);
  const int64_t n_rows = (*fixture)["n_rows"].get<int64_t>();
  const int64_t row_len = (*fixture)["row_length"].get<int64_t>();
  const size_t row_size = row_bytes(t, row_len);
  ASSERT_EQ((*fixture)["bytes_per_row"].get<size_t>(), row_size);

  const std::vector<float> input = test::fixture_floats(*fixture, "input");
  const std::vector<uint8_t> want = test::fixture_bytes(*fixture, "blocks");
  const std::vector<float> roundtrip = test::fixture_floats(*fixture, "roundtrip");
  ASSERT_EQ(input.size(), static_cast<size_t>(n_rows * row_len));
  ASSERT_EQ(want.size(), n_rows * row_size);
  ASSERT_EQ(roundtrip.size(), input.size());
  const KnownDiffs known = known_c_differences(*fixture);

  for (int64_t r = 0; r < n_rows; ++r) {
    SCOPED_TRACE("row " + std::to_string(r) + ": " + (*fixture)["rows"][r].get<std::string>());
    std::vector<uint8_t> got(row_size);
    quantize_row(t, input.data() + r * row_len, got.data(), row_len);

    // Bytes: exact, but for the documented ggml-C-vs-gguf-py bytes, which must be C's.
    std::set<int64_t> c_blocks;  // blocks holding such a byte
    int64_t bad = 0;
    int64_t first_bad = -1;
    for (size_t i = 0; i < row_size; ++i) {
      const uint8_t fixture_byte = want[r * row_size + i];
      int expected = fixture_byte;
      if (auto it = known.find({r, static_cast<int64_t>(i)}); it != known.end()) {
        ASSERT_EQ(fixture_byte, it->second.first) << "manifest and fixture disagree at byte " << i;
        expected = it->second.second;
        c_blocks.insert(static_cast<int64_t>(i / info.block_bytes));
      }
      if (got[i] != expected && bad++ == 0) first_bad = static_cast<int64_t>(i);
    }
    if (bad) {
      ADD_FAILURE() << bad << " bytes differ; first at block "
                    << first_bad / static_cast<int64_t>(info.block_bytes) << " byte "
                    << first_bad % static_cast<int64_t>(info.block_bytes) << ": expected 0x"
                    << std::hex << int{want[r * row_size + first_bad]} << ", got 0x"
                    << int{got[first_bad]};
    }

    // The fixture's own blocks decode to its round trip exactly (inf / NaN included).
    const float* want_values = roundtrip.data() + r * row_len;
    std::vector<float> values(static_cast<size_t>(row_len));
    dequantize_row(t, want.data() + r * row_size, values.data(), row_len);
    EXPECT_TRUE(test::same_bits(want_values, values.data(), values.size(), info.block_elems))
        << "dequantizing the fixture's blocks";

    // Ours decode to it too, except that a C scale of -0.0 (0x8000) gives -0.0 where
    // gguf-py's +0.0 gives +0.0.
    dequantize_row(t, got.data(), values.data(), row_len);
    const auto in_c_block = [&](size_t i) {
      return c_blocks.count(static_cast<int64_t>(i) / info.block_elems) > 0;
    };
    EXPECT_TRUE(
        test::same_bits(want_values, values.data(), values.size(), info.block_elems, in_c_block))
        << "dequantizing our blocks";
  }
}

// gguf-py quantizes these; our set must cover every one of them.
INSTANTIATE_TEST_SUITE_P(GgufPyFixtures, QuantizeFixture,
                         ::testing::Values(DType::F16, DType::BF16, DType::Q4_0, DType::Q4_1,
                                           DType::Q5_0, DType::Q5_1, DType::Q8_0),
                         [](const auto& p) { return std::string(dtype_name(p.param)); });

TEST(QuantizeFixtures, EveryQuantizableFixtureIsTested) {
  const std::set<DType> tested = {DType::F16,  DType::BF16, DType::Q4_0, DType::Q4_1,
                                  DType::Q5_0, DType::Q5_1, DType::Q8_0};
  const nlohmann::json& manifest = test::quant_manifest();
  ASSERT_TRUE(manifest.is_object());
  for (const nlohmann::json& f : manifest["fixtures"]) {
    if (f["kind"] != "quantize") continue;
    const auto t = dtype_from_name(f["type"].get<std::string>());
    if (t && can_quantize(*t)) {
      EXPECT_TRUE(tested.count(*t)) << f["name"];
    }
  }
}

// The one documented C-vs-gguf-py difference is really exercised: Q4_0 and Q5_0 list it.
TEST(QuantizeFixtures, NegativeZeroRowIsDocumented) {
  for (DType t : {DType::Q4_0, DType::Q5_0}) {
    const nlohmann::json* fixture = test::find_quant_fixture("quantize", t);
    ASSERT_NE(fixture, nullptr);
    const KnownDiffs known = known_c_differences(*fixture);
    EXPECT_EQ(known.size(), 8u) << dtype_name(t);  // byte 1 (d's high byte) of 8 blocks
    for (const auto& [where, bytes] : known) {
      EXPECT_EQ(where.first, 1) << dtype_name(t);
      EXPECT_EQ(bytes, std::make_pair(0x00, 0x80)) << dtype_name(t);
    }
  }
}

}  // namespace
}  // namespace tl

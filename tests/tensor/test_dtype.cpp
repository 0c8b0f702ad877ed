// The dtype table against quants/README §3 and manifest.json, name round trips, and the
// block structs against the table.
#include <gtest/gtest.h>

#include <cctype>
#include <string>

#include "quant_fixtures.h"
#include "tensor/blocks.h"
#include "tensor/dtype.h"

namespace tl {
namespace {

struct Layout {
  uint32_t id;
  const char* name;
  int64_t block_elems;
  size_t block_bytes;
};

// quants/README §3's layout table, plus the types it leaves out (F32, Q8_1, Q8_K and the
// plain integer / f64 types, sized from ggml-common.h and ggml.c's type traits).
constexpr Layout kExpected[] = {
    {0, "f32", 1, 4},         {1, "f16", 1, 2},         {2, "q4_0", 32, 18},
    {3, "q4_1", 32, 20},      {6, "q5_0", 32, 22},      {7, "q5_1", 32, 24},
    {8, "q8_0", 32, 34},      {9, "q8_1", 32, 36},      {10, "q2_K", 256, 84},
    {11, "q3_K", 256, 110},   {12, "q4_K", 256, 144},   {13, "q5_K", 256, 176},
    {14, "q6_K", 256, 210},   {15, "q8_K", 256, 292},   {16, "iq2_xxs", 256, 66},
    {17, "iq2_xs", 256, 74},  {18, "iq3_xxs", 256, 98}, {19, "iq1_s", 256, 50},
    {20, "iq4_nl", 32, 18},   {21, "iq3_s", 256, 110},  {22, "iq2_s", 256, 82},
    {23, "iq4_xs", 256, 136}, {24, "i8", 1, 1},         {25, "i16", 1, 2},
    {26, "i32", 1, 4},        {27, "i64", 1, 8},        {28, "f64", 1, 8},
    {29, "iq1_m", 256, 56},   {30, "bf16", 1, 2},       {34, "tq1_0", 256, 54},
    {35, "tq2_0", 256, 66},   {39, "mxfp4", 32, 17},
};

TEST(DType, TableMatchesReadmeLayouts) {
  for (const Layout& want : kExpected) {
    SCOPED_TRACE(want.name);
    const DTypeInfo* info = dtype_info(want.id);
    ASSERT_NE(info, nullptr);
    EXPECT_EQ(static_cast<uint32_t>(info->type), want.id);
    EXPECT_EQ(info->name, want.name);
    EXPECT_EQ(info->block_elems, want.block_elems);
    EXPECT_EQ(info->block_bytes, want.block_bytes);
  }
  // Ids ggml retired (Q4_2, Q4_3, the Q4_0_4_4 / IQ4_NL_4_4 repacks) and nonsense.
  for (uint32_t id : {4u, 5u, 31u, 32u, 33u, 36u, 37u, 38u, 1000u}) {
    EXPECT_EQ(dtype_info(id), nullptr) << id;
  }
}

TEST(DType, TableMatchesManifestTypes) {
  const nlohmann::json& manifest = test::quant_manifest();
  ASSERT_TRUE(manifest.is_object());
  for (const auto& [name, type] : manifest["types"].items()) {
    SCOPED_TRACE(name);
    const auto t = dtype_from_name(name);
    if (name == "NVFP4") {  // id 40: not in tilelm's table (yet)
      EXPECT_EQ(t, std::nullopt);
      continue;
    }
    ASSERT_TRUE(t.has_value());
    EXPECT_EQ(static_cast<uint32_t>(*t), type["ggml_type_id"].get<uint32_t>());
    EXPECT_EQ(dtype_info(*t).block_elems, type["block_size"].get<int64_t>());
    EXPECT_EQ(dtype_info(*t).block_bytes, type["type_size"].get<size_t>());
  }
}

TEST(DType, NamesRoundTrip) {
  for (const Layout& want : kExpected) {
    const DType t = dtype_info(want.id)->type;
    EXPECT_EQ(dtype_from_name(dtype_name(t)), t) << want.name;
    std::string upper(want.name);
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(dtype_from_name(upper), t) << upper;
  }
  EXPECT_EQ(dtype_from_name("q4_2"), std::nullopt);
  EXPECT_EQ(dtype_from_name(""), std::nullopt);
  EXPECT_EQ(dtype_from_name("q4_0 "), std::nullopt);
}

TEST(DType, RowBytes) {
  EXPECT_EQ(row_bytes(DType::Q4_0, 4096), 4096u / 32 * 18);
  EXPECT_EQ(row_bytes(DType::Q6_K, 14336), 14336u / 256 * 210);
  EXPECT_EQ(row_bytes(DType::F16, 7), 14u);
}

template <class Block>
void expect_block_matches_table() {
  const DTypeInfo& info = dtype_info(Block::kType);
  EXPECT_EQ(sizeof(Block), info.block_bytes) << info.name;
  EXPECT_EQ(Block::kBlockElems, info.block_elems) << info.name;
}

TEST(DType, BlockStructsMatchTable) {
  expect_block_matches_table<BlockF16>();
  expect_block_matches_table<BlockBF16>();
  expect_block_matches_table<BlockQ4_0>();
  expect_block_matches_table<BlockQ4_1>();
  expect_block_matches_table<BlockQ5_0>();
  expect_block_matches_table<BlockQ5_1>();
  expect_block_matches_table<BlockQ8_0>();
  expect_block_matches_table<BlockQ8_1>();
  expect_block_matches_table<BlockQ2_K>();
  expect_block_matches_table<BlockQ3_K>();
  expect_block_matches_table<BlockQ4_K>();
  expect_block_matches_table<BlockQ5_K>();
  expect_block_matches_table<BlockQ6_K>();
  expect_block_matches_table<BlockQ8_K>();
  expect_block_matches_table<BlockIQ4_NL>();
  expect_block_matches_table<BlockIQ4_XS>();
}

}  // namespace
}  // namespace tl

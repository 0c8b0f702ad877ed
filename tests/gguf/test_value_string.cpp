// Value::to_string, as `tilelm inspect` prints values, and value type names.
#include <gtest/gtest.h>

#include "gguf/gguf.h"

namespace tl::gguf {
namespace {

TEST(GgufValueString, Scalars) {
  EXPECT_EQ(Value::from_u32(42).to_string(), "42");
  EXPECT_EQ(Value::from_i32(-7).to_string(), "-7");
  EXPECT_EQ(Value::from_u64(~0ull).to_string(), "18446744073709551615");
  EXPECT_EQ(Value::from_f32(1e-5f).to_string(), "1e-05");
  EXPECT_EQ(Value::from_f32(0.5f).to_string(), "0.5");
  Value f64;
  f64.type = ValueType::FLOAT64;
  f64.f = 0.1;
  EXPECT_EQ(f64.to_string(), "0.1");
  EXPECT_EQ(Value::from_bool(true).to_string(), "true");
  EXPECT_EQ(Value::from_bool(false).to_string(), "false");
}

TEST(GgufValueString, StringsAreQuotedAndEscaped) {
  EXPECT_EQ(Value::from_string("llama").to_string(), "\"llama\"");
  EXPECT_EQ(Value::from_string("a\"b\\c").to_string(), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(Value::from_string("\n\t\r").to_string(), "\"\\n\\t\\r\"");
  EXPECT_EQ(Value::from_string(std::string("\0\x1b\x7f", 3)).to_string(), "\"\\x00\\x1b\\x7f\"");
  EXPECT_EQ(Value::from_string("\xe2\x96\x81").to_string(), "\"\xe2\x96\x81\"");  // UTF-8 kept
}

TEST(GgufValueString, ArraysShortened) {
  EXPECT_EQ(Value::from_i32s({1, 2, 3}).to_string(), "[1, 2, 3]");
  EXPECT_EQ(Value::from_i32s({1, 2, 3, 4, 5}).to_string(3), "[1, 2, 3, ... (5 items)]");
  EXPECT_EQ(Value::from_strings({"a", "b"}).to_string(), "[\"a\", \"b\"]");
  EXPECT_EQ(Value::array_of(ValueType::UINT8, {}).to_string(), "[]");
  EXPECT_EQ(Value::from_i32s({1, 2}).to_string(0), "[... (2 items)]");
  Value nested = Value::array_of(ValueType::ARRAY, {Value::from_i32s({1}), Value::from_i32s({})});
  EXPECT_EQ(nested.to_string(), "[[1], []]");
}

TEST(GgufValueString, KindsAndNames) {
  EXPECT_TRUE(Value::from_u32(1).is_integer());
  EXPECT_FALSE(Value::from_bool(true).is_integer());
  EXPECT_TRUE(Value::from_f32(1).is_float());
  EXPECT_FALSE(Value::from_string("").is_float());
  EXPECT_EQ(value_type_name(ValueType::FLOAT64), "float64");
  EXPECT_EQ(value_type_name(ValueType::ARRAY), "array");
  EXPECT_EQ(value_type_name(static_cast<ValueType>(77)), "unknown");
}

}  // namespace
}  // namespace tl::gguf

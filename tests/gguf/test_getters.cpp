// The typed getters: which kinds each accepts, range checks, and error texts.
#include <gtest/gtest.h>

#include "gguf/gguf.h"

namespace tl::gguf {
namespace {

Value scalar(ValueType t, uint64_t u, int64_t i, double f = 0) {
  Value v;
  v.type = t;
  v.u = u;
  v.i = i;
  v.f = f;
  return v;
}

class GgufGetters : public ::testing::Test {
 protected:
  void SetUp() override {
    Writer w;
    w.set("u8", scalar(ValueType::UINT8, 7, 0));
    w.set("i8_neg", scalar(ValueType::INT8, 0, -3));
    w.set("u64_max", Value::from_u64(~0ull));
    w.set("i64_min", scalar(ValueType::INT64, 0, INT64_MIN));
    w.set("f32", Value::from_f32(0.25f));
    w.set("f64", scalar(ValueType::FLOAT64, 0, 0, 1e300));
    w.set("bool", Value::from_bool(true));
    w.set("str", Value::from_string("hi"));
    w.set("strs", Value::from_strings({"a", "b"}));
    w.set("f32s", Value::from_f32s({1.0f, 2.5f}));
    w.set("f64s", Value::array_of(ValueType::FLOAT64, {scalar(ValueType::FLOAT64, 0, 0, 0.5)}));
    w.set("i32s", Value::from_i32s({-1, 2}));
    w.set("u8s", Value::array_of(ValueType::UINT8, {scalar(ValueType::UINT8, 255, 0)}));
    w.set("u32s_big", Value::array_of(ValueType::UINT32, {Value::from_u32(3000000000u)}));
    w.set("bools", Value::array_of(ValueType::BOOL, {Value::from_bool(true)}));
    w.set("llama.block_count", Value::from_string("five"));
    bytes_ = w.to_bytes();
    Result<File> f = File::parse(bytes_, "x.gguf");
    ASSERT_TRUE(f.ok()) << f.error();
    file_ = std::move(f).value();
  }
  std::vector<uint8_t> bytes_;
  File file_;
};

template <class T>
void expect_error(const Result<T>& r, const std::string& text) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), text);
}

TEST_F(GgufGetters, Integers) {
  EXPECT_EQ(file_.get_u64("u8").value(), 7u);
  EXPECT_EQ(file_.get_i64("u8").value(), 7);
  EXPECT_EQ(file_.get_i64("i8_neg").value(), -3);
  EXPECT_EQ(file_.get_u64("u64_max").value(), ~0ull);
  EXPECT_EQ(file_.get_i64("i64_min").value(), INT64_MIN);
  expect_error(file_.get_u64("i8_neg"),
               "[gguf] x.gguf: key i8_neg: expected a non-negative integer, found -3");
  expect_error(file_.get_i64("u64_max"),
               "[gguf] x.gguf: key u64_max: integer 18446744073709551615 does not fit in int64");
  expect_error(file_.get_u64("bool"), "[gguf] x.gguf: key bool: expected an integer, found bool");
  expect_error(file_.get_u64("f32"), "[gguf] x.gguf: key f32: expected an integer, found float32");
  expect_error(file_.get_u64("llama.block_count"),
               "[gguf] x.gguf: key llama.block_count: expected an integer, found string");
}

TEST_F(GgufGetters, FloatsBoolsStrings) {
  EXPECT_EQ(file_.get_f64("f32").value(), 0.25);
  EXPECT_EQ(file_.get_f64("f64").value(), 1e300);
  EXPECT_EQ(file_.get_f64("i8_neg").value(), -3.0);  // integers convert
  expect_error(file_.get_f64("str"), "[gguf] x.gguf: key str: expected a number, found string");
  EXPECT_TRUE(file_.get_bool("bool").value());
  expect_error(file_.get_bool("u8"), "[gguf] x.gguf: key u8: expected bool, found uint8");
  EXPECT_EQ(file_.get_string("str").value(), "hi");
  expect_error(file_.get_string("strs"),
               "[gguf] x.gguf: key strs: expected string, found array of string");
}

TEST_F(GgufGetters, Arrays) {
  EXPECT_EQ(file_.get_string_array("strs").value(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(file_.get_f32_array("f32s").value(), (std::vector<float>{1.0f, 2.5f}));
  EXPECT_EQ(file_.get_f32_array("f64s").value(), (std::vector<float>{0.5f}));
  EXPECT_EQ(file_.get_i32_array("i32s").value(), (std::vector<int32_t>{-1, 2}));
  EXPECT_EQ(file_.get_i32_array("u8s").value(), (std::vector<int32_t>{255}));
  expect_error(file_.get_i32_array("u32s_big"),
               "[gguf] x.gguf: key u32s_big: item 0 = 3000000000 does not fit in int32");
  expect_error(file_.get_i32_array("bools"),
               "[gguf] x.gguf: key bools: expected array of integers, found array of bool");
  expect_error(file_.get_string_array("i32s"),
               "[gguf] x.gguf: key i32s: expected array of string, found array of int32");
  expect_error(file_.get_f32_array("str"),
               "[gguf] x.gguf: key str: expected array of float32, found string");
}

TEST_F(GgufGetters, MissingKeysSayNotFound) {
  EXPECT_FALSE(file_.has("nope"));
  EXPECT_TRUE(file_.has("u8"));
  EXPECT_EQ(file_.find("nope"), nullptr);
  expect_error(file_.get_u64("nope"), "[gguf] x.gguf: key nope: not found");
  EXPECT_NE(file_.get_string_array("nope").error().find("not found"), std::string::npos);
  EXPECT_NE(file_.get_bool("nope").error().find("not found"), std::string::npos);
  EXPECT_EQ(file_.find_tensor("nope"), nullptr);
}

}  // namespace
}  // namespace tl::gguf

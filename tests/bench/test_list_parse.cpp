// The comma lists of -p, -n, -t and --isa: good lists parse, bad ones give a message that
// names the flag, the text and the bad item.
#include <gtest/gtest.h>

#include "bench/list_parse.h"

namespace tl::bench {
namespace {

void expect_error(const Result<std::vector<int64_t>>& r, const std::string& part) {
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find(part), std::string::npos) << r.error();
  EXPECT_EQ(r.error().rfind("[bench] ", 0), 0u) << r.error();
}

TEST(ListParse, ParsesIntegers) {
  Result<std::vector<int64_t>> r = parse_int_list("128,512", "-p", 0, 1 << 20);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value(), (std::vector<int64_t>{128, 512}));
  Result<std::vector<int64_t>> spaced = parse_int_list(" 8, 16 ", "-t", 1, 1024);
  ASSERT_TRUE(spaced.ok()) << spaced.error();
  EXPECT_EQ(spaced.value(), (std::vector<int64_t>{8, 16}));
  Result<std::vector<int64_t>> zero = parse_int_list("0", "-p", 0, 100);
  ASSERT_TRUE(zero.ok());
}

TEST(ListParse, RejectsBadLists) {
  expect_error(parse_int_list("12,,3", "-p", 0, 1 << 20), "-p '12,,3': item 2 is empty");
  expect_error(parse_int_list("0", "-t", 1, 1024), "-t '0': 0 is out of range (1..1024)");
  expect_error(parse_int_list("x", "-p", 0, 1 << 20), "-p 'x': 'x' is not an integer");
  expect_error(parse_int_list("12a", "-n", 0, 100), "'12a' is not an integer");
  expect_error(parse_int_list("", "-p", 0, 100), "empty list");
  expect_error(parse_int_list("1,", "-p", 0, 100), "item 2 is empty");
  expect_error(parse_int_list("-4", "-p", 0, 100), "-4 is out of range");
  expect_error(parse_int_list("99999999999999999999", "-p", 0, 100), "is too large");
  expect_error(parse_int_list("1.5", "-r", 0, 100), "'1.5' is not an integer");
}

TEST(ListParse, JoinsRepeatedFlags) {
  Result<std::vector<int64_t>> r = parse_int_lists({"128", "256,512"}, "-p", 0, 1 << 20);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value(), (std::vector<int64_t>{128, 256, 512}));
  expect_error(parse_int_lists({"128", "a"}, "-p", 0, 1 << 20), "'a' is not an integer");
}

TEST(ListParse, ParsesNames) {
  Result<std::vector<std::string>> r = parse_name_list("avx512, avx2,ref", "--isa");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value(), (std::vector<std::string>{"avx512", "avx2", "ref"}));
  Result<std::vector<std::string>> bad = parse_name_list("avx2,,ref", "--isa");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().find("--isa 'avx2,,ref': item 2 is empty"), std::string::npos) << bad.error();
}

}  // namespace
}  // namespace tl::bench

// Special-token matching in the input, checked against llama.cpp's partition rules
// (llama-vocab.cpp tokenizer_st_partition and the SPM branch of tokenize): longest token
// first, user-defined tokens always, control/unknown only with parse_special, and the
// space prefix again after every special token.
#include <gtest/gtest.h>

#include "tok_test_util.h"

namespace tl::test {
namespace {

std::unique_ptr<Tokenizer> toy_with_specials() {
  Vocab v = toy_vocab({{kSp, -1}, {"a", -2}, {"b", -3}, {std::string(kSp) + "a", -0.5f}});
  for (const char* t : {"<|u|>", "ab", "bcd"}) {
    v.tokens.push_back(t);
    v.scores.push_back(0);
    v.types.push_back(TokenType::UserDefined);
  }
  return make_or_fail(std::move(v));
}

constexpr EncodeOptions kParse{false, true};

TEST(SpecialTokens, ControlTokensOnlyWithParseSpecial) {
  auto tok = toy_with_specials();
  ASSERT_TRUE(tok);
  const int32_t sp = id_of(*tok, kSp), sa = id_of(*tok, std::string(kSp) + "a");
  // Each raw fragment after a special token gets its own space prefix, as in llama.cpp.
  EXPECT_EQ(tok->encode("a<s>a", kParse), (std::vector<int32_t>{sa, 1, sa}));
  EXPECT_EQ(tok->encode("<s></s>", kParse), (std::vector<int32_t>{1, 2}));
  EXPECT_EQ(tok->encode("<unk>", kParse), (std::vector<int32_t>{0}));
  // Without parse_special "<s>" is text: "▁" then bytes for '<', 's', '>'.
  EXPECT_EQ(tok->encode("<s>", plain()),
            (std::vector<int32_t>{sp, 3 + '<', 3 + 's', 3 + '>'}));
}

TEST(SpecialTokens, UserDefinedTokensAlwaysMatch) {
  auto tok = toy_with_specials();
  ASSERT_TRUE(tok);
  const int32_t u = id_of(*tok, "<|u|>"), sa = id_of(*tok, std::string(kSp) + "a");
  EXPECT_EQ(tok->encode("<|u|>a", plain()), (std::vector<int32_t>{u, sa}));
  EXPECT_EQ(tok->encode("a<|u|>", plain()), (std::vector<int32_t>{sa, u}));
  EXPECT_EQ(tok->encode("<|u|>", kParse), (std::vector<int32_t>{u}));
}

TEST(SpecialTokens, LongerTokensClaimTextFirst) {
  auto tok = toy_with_specials();
  ASSERT_TRUE(tok);
  // "ab" and "bcd" overlap in "abcd": the longer one wins even though "ab" is leftmost.
  EXPECT_EQ(tok->encode("abcd", plain()),
            (std::vector<int32_t>{id_of(*tok, std::string(kSp) + "a"), id_of(*tok, "bcd")}));
  EXPECT_EQ(tok->encode("abab", plain()),
            (std::vector<int32_t>{id_of(*tok, "ab"), id_of(*tok, "ab")}));
}

TEST(SpecialTokens, BosIsAddedBeforeParsedSpecials) {
  auto tok = toy_with_specials();
  ASSERT_TRUE(tok);
  EXPECT_EQ(tok->encode("<s>", EncodeOptions{true, true}), (std::vector<int32_t>{1, 1}));
}

}  // namespace
}  // namespace tl::test

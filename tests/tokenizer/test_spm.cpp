// The SPM merge order, byte fallback, BOS/EOS and pieces, on toy vocabs built in code.
// Expected ids are worked out by hand from the SentencePiece BPE rule: repeatedly merge
// the adjacent pair whose concatenation is the highest-scoring token, leftmost on ties.
#include <gtest/gtest.h>

#include "tok_test_util.h"

namespace tl::test {
namespace {

std::vector<int32_t> ids(const Tokenizer& tok, std::initializer_list<const char*> texts) {
  std::vector<int32_t> out;
  for (const char* t : texts) out.push_back(id_of(tok, t));
  return out;
}

std::unique_ptr<Tokenizer> no_prefix(std::vector<std::pair<std::string, float>> normal) {
  Vocab v = toy_vocab(normal);
  v.add_space_prefix = false;
  return make_or_fail(std::move(v));
}

TEST(Spm, MergesTheHighestScoringPairFirst) {
  auto left = no_prefix({{"a", -1}, {"b", -1}, {"c", -1}, {"ab", -2}, {"bc", -3}});
  ASSERT_TRUE(left);
  EXPECT_EQ(left->encode("abc", plain()), ids(*left, {"ab", "c"}));
  auto right = no_prefix({{"a", -1}, {"b", -1}, {"c", -1}, {"ab", -3}, {"bc", -2}});
  ASSERT_TRUE(right);
  EXPECT_EQ(right->encode("abc", plain()), ids(*right, {"a", "bc"}));
}

TEST(Spm, EqualScoresMergeLeftmostFirst) {
  auto tok = no_prefix({{"a", -1}, {"b", -1}, {"ab", -2}, {"ba", -2}});
  ASSERT_TRUE(tok);
  EXPECT_EQ(tok->encode("aba", plain()), ids(*tok, {"ab", "a"}));
  EXPECT_EQ(tok->encode("bab", plain()), ids(*tok, {"ba", "b"}));
}

TEST(Spm, MergesChainIntoLongerTokens) {
  // "bc" merges first (higher score), then "a"+"bc" is the token "abc".
  auto tok = no_prefix({{"a", -1}, {"b", -1}, {"c", -1}, {"bc", -2}, {"abc", -9}, {"ab", -5}});
  ASSERT_TRUE(tok);
  EXPECT_EQ(tok->encode("abcabc", plain()), ids(*tok, {"abc", "abc"}));
  // A merge never happens across a pair that is not a token: "ca" is unknown.
  EXPECT_EQ(tok->encode("cab", plain()), ids(*tok, {"c", "ab"}));
}

TEST(Spm, SpacePrefixAndSpaceEscape) {
  auto tok = make_or_fail(toy_vocab({{kSp, -1}, {"a", -2}, {std::string(kSp) + "a", -0.5f}}));
  ASSERT_TRUE(tok);
  const std::string sa = std::string(kSp) + "a";
  EXPECT_EQ(tok->encode("a a", plain()), ids(*tok, {sa.c_str(), sa.c_str()}));
  EXPECT_EQ(tok->encode(" a", plain()), ids(*tok, {kSp, sa.c_str()}));
  EXPECT_EQ(tok->encode("", plain()), std::vector<int32_t>{});
}

TEST(Spm, UnknownCharactersFallBackToByteTokens) {
  auto tok = make_or_fail(toy_vocab({{kSp, -1}, {"a", -2}, {std::string(kSp) + "a", -0.5f}}));
  ASSERT_TRUE(tok);
  const int32_t sa = id_of(*tok, std::string(kSp) + "a");
  // "é" is C3 A9 and "🦙" F0 9F A6 99; byte token <0xXX> has id 3 + XX in the toy vocab.
  EXPECT_EQ(tok->encode("a\xC3\xA9", plain()), (std::vector<int32_t>{sa, 3 + 0xC3, 3 + 0xA9}));
  EXPECT_EQ(tok->encode("\xF0\x9F\xA6\x99", plain()),
            (std::vector<int32_t>{id_of(*tok, kSp), 3 + 0xF0, 3 + 0x9F, 3 + 0xA6, 3 + 0x99}));
}

TEST(Spm, WithoutByteTokensAnUnknownCharacterIsUnk) {
  auto tok = make_or_fail(
      toy_vocab({{kSp, -1}, {"a", -2}, {std::string(kSp) + "a", -0.5f}}, /*byte_tokens=*/false));
  ASSERT_TRUE(tok);
  EXPECT_EQ(tok->encode("a\xC3\xA9", plain()),
            (std::vector<int32_t>{id_of(*tok, std::string(kSp) + "a"), 0}));
}

TEST(Spm, AddSpecialAddsBosAndEosPerVocabFlags) {
  Vocab v = toy_vocab({{kSp, -1}, {"a", -2}, {std::string(kSp) + "a", -0.5f}});
  const int32_t sa = 3 + 256 + 2;
  {
    auto tok = make_or_fail(v);
    ASSERT_TRUE(tok);
    EXPECT_EQ(tok->encode("a", {}), (std::vector<int32_t>{1, sa}));
    EXPECT_EQ(tok->encode("", {}), (std::vector<int32_t>{1}));
    EXPECT_EQ(tok->encode("a", plain()), (std::vector<int32_t>{sa}));
  }
  v.add_eos = true;
  v.add_bos = false;
  auto tok = make_or_fail(v);
  ASSERT_TRUE(tok);
  EXPECT_EQ(tok->encode("a", {}), (std::vector<int32_t>{sa, 2}));
}

TEST(Spm, TokenToPiece) {
  Vocab v = toy_vocab({{std::string(kSp) + "a" + kSp + "b", -1}});
  v.tokens.push_back("<|user|>");
  v.scores.push_back(0);
  v.types.push_back(TokenType::UserDefined);
  v.tokens.push_back("<unused0>");
  v.scores.push_back(0);
  v.types.push_back(TokenType::Unused);
  auto tok = make_or_fail(v);
  ASSERT_TRUE(tok);
  EXPECT_EQ(tok->token_to_piece(3 + 256), " a b");
  EXPECT_EQ(tok->token_to_piece(3 + 0x0A), "\n");
  EXPECT_EQ(tok->token_to_piece(3 + 0xFF), "\xFF");
  EXPECT_EQ(tok->token_to_piece(1), "");
  EXPECT_EQ(tok->token_to_piece(1, /*render_special=*/true), "<s>");
  EXPECT_EQ(tok->token_to_piece(0), "");
  EXPECT_EQ(tok->token_to_piece(0, true), "<unk>");
  EXPECT_EQ(tok->token_to_piece(id_of(*tok, "<|user|>")), "<|user|>");
  EXPECT_EQ(tok->token_to_piece(id_of(*tok, "<unused0>")), "");
  EXPECT_EQ(tok->token_to_piece(-1), "");
  EXPECT_EQ(tok->token_to_piece(tok->n_vocab()), "");
}

TEST(Spm, DecodeStripsOnlyTheDummyPrefixSpace) {
  Vocab v = toy_vocab({{kSp, -1}, {"a", -2}, {std::string(kSp) + "a", -0.5f}});
  auto tok = make_or_fail(v);
  ASSERT_TRUE(tok);
  const std::vector<int32_t> with_bos = tok->encode("a a", {});
  EXPECT_EQ(tok->decode(with_bos), "a a");
  EXPECT_EQ(tok->decode(with_bos, /*strip_leading_space=*/false), " a a");
  // Byte tokens recombine into a multi-byte character split across tokens.
  const std::vector<int32_t> split = {3 + 0xC3, 3 + 0xA9};
  EXPECT_EQ(tok->decode(split), "\xC3\xA9");
  // Without the dummy prefix there is nothing to strip.
  v.add_space_prefix = false;
  auto raw = make_or_fail(v);
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->decode(std::vector<int32_t>{id_of(*raw, std::string(kSp) + "a")}), " a");
}

TEST(Spm, EndOfGeneration) {
  Vocab v = toy_vocab({{"a", -1}});
  for (const char* t : {"<|im_end|>", "<|eot_id|>", "<|end|>", "<end_of_turn>", "<|endoftext|>",
                        "<|user|>", "<|eom|>"}) {
    v.tokens.push_back(t);
    v.scores.push_back(0);
    v.types.push_back(TokenType::Control);
  }
  v.eot = v.size() - 1;  // "<|eom|>"
  auto tok = make_or_fail(v);
  ASSERT_TRUE(tok);
  EXPECT_TRUE(tok->is_end_of_generation(2));  // eos
  EXPECT_TRUE(tok->is_end_of_generation(v.eot));
  for (const char* t : {"<|im_end|>", "<|eot_id|>", "<|end|>", "<end_of_turn>", "<|endoftext|>"}) {
    EXPECT_TRUE(tok->is_end_of_generation(id_of(*tok, t))) << t;
  }
  EXPECT_FALSE(tok->is_end_of_generation(1));
  EXPECT_FALSE(tok->is_end_of_generation(id_of(*tok, "<|user|>")));
  EXPECT_FALSE(tok->is_end_of_generation(id_of(*tok, "a")));
}

TEST(Spm, LongInputIsNotQuadratic) {
  // 200,000 'a's with tokens a, aa, aaaa, ...: one fragment, every position a merge
  // candidate. A pairwise-rescan merge loop would take ~10^10 steps here.
  std::vector<std::pair<std::string, float>> normal;
  for (int len = 1; len <= 16; len *= 2) normal.push_back({std::string(size_t(len), 'a'), -float(len)});
  auto tok = no_prefix(normal);
  ASSERT_TRUE(tok);
  const std::string text(200000, 'a');
  const std::vector<int32_t> out = tok->encode(text, plain());
  EXPECT_EQ(out.size(), 200000u / 16);
  EXPECT_EQ(tok->decode(out), text);
}

TEST(Spm, MakeTokenizerRejectsOtherModels) {
  Vocab v = toy_vocab({{"a", -1}});
  v.model = "gpt2";
  auto gpt2 = make_tokenizer(v, "x.gguf");
  ASSERT_FALSE(gpt2.ok());
  EXPECT_EQ(gpt2.error(),
            "[tokenizer] x.gguf: tokenizer.ggml.merges is missing or empty (byte-level BPE "
            "needs it)");
  v.model = "bert";
  auto bert = make_tokenizer(v, "x.gguf");
  ASSERT_FALSE(bert.ok());
  EXPECT_NE(bert.error().find("bert"), std::string::npos) << bert.error();
  v.model = "rwkv";
  auto other = make_tokenizer(v, "x.gguf");
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.error().find("'rwkv'"), std::string::npos) << other.error();
}

TEST(Spm, MakeTokenizerRejectsInconsistentVocab) {
  Vocab v = toy_vocab({{"a", -1}});
  v.scores.pop_back();
  auto r = make_tokenizer(v, "toy");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("scores"), std::string::npos) << r.error();
  Vocab bad_byte = toy_vocab({{"a", -1}});
  bad_byte.types.back() = TokenType::Byte;
  auto b = make_tokenizer(bad_byte, "toy");
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.error().find("<0xXX>"), std::string::npos) << b.error();
}

}  // namespace
}  // namespace tl::test

// The byte-level BPE tokenizer on vocabularies built in code: GPT-2's byte alphabet, the
// merge order (lowest rank, then leftmost, as Hugging Face's BPE and the GPT-2 paper's
// reference encoder apply it), special tokens, BOS/EOS, errors and bytes that are not UTF-8.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "tok_test_util.h"
#include "tokenizer/byte_level.h"
#include "tokenizer/piece_escape.h"

namespace tl::test {
namespace {

// A byte-level vocab: the 256 byte characters (id = byte), then `extra` normal tokens
// (byte-level spelling) and `merges`, pre-tokenizer `pre`.
Vocab toy_bpe(const std::vector<std::string>& extra, const std::vector<std::string>& merges,
              const std::string& pre = "gpt-2") {
  Vocab v;
  v.model = "gpt2";
  v.pre = pre;
  for (int b = 0; b < 256; ++b) v.tokens.emplace_back(byte_level().encode_byte(uint8_t(b)));
  for (const std::string& t : extra) v.tokens.push_back(t);
  v.types.assign(v.tokens.size(), TokenType::Normal);
  v.merges = merges;
  v.add_space_prefix = false;
  return v;
}

TEST(ByteLevel, MatchesGpt2sAlphabet) {
  const ByteLevel& bl = byte_level();
  EXPECT_EQ(bl.encode_byte(' '), "\xC4\xA0");   // "Ġ" U+0120
  EXPECT_EQ(bl.encode_byte('\n'), "\xC4\x8A");  // "Ċ" U+010A
  EXPECT_EQ(bl.encode_byte('\t'), "\xC4\x89");  // "ĉ" U+0109
  EXPECT_EQ(bl.encode_byte(0), "\xC4\x80");     // "Ā" U+0100
  EXPECT_EQ(bl.encode_byte('a'), "a");
  EXPECT_EQ(bl.encode_byte(0xAD), "\xC5\x83");  // soft hyphen, the last remapped: U+0143
  EXPECT_EQ(bl.encode_byte(0xE9), "\xC3\xA9");  // 'é' stands for itself
  std::string all, back;
  for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
  std::string spelled;
  bl.encode(all, spelled);
  EXPECT_TRUE(bl.decode(spelled, back));
  EXPECT_EQ(back, all);
  back.clear();
  EXPECT_FALSE(bl.decode("\xE4\xBD\xA0", back));  // outside the alphabet: copied through
  EXPECT_EQ(back, "\xE4\xBD\xA0");
}

TEST(Bpe, MergesByRankThenLeftmost) {
  // "aaa": "a a" applies to the leftmost pair first, leaving "aa" + "a".
  auto tok = make_or_fail(toy_bpe({"aa", "aaa"}, {"a a", "aa a"}));
  ASSERT_TRUE(tok);
  EXPECT_EQ(tok->encode("aa", plain()), (std::vector<int32_t>{256}));
  EXPECT_EQ(tok->encode("aaa", plain()), (std::vector<int32_t>{257}));
  EXPECT_EQ(tok->encode("aaaa", plain()), (std::vector<int32_t>{256, 256}));
  // The rank decides, not the length: with "b c" ranked before "a b", "abc" is a + bc.
  auto ranked = make_or_fail(toy_bpe({"ab", "bc"}, {"b c", "a b"}));
  ASSERT_TRUE(ranked);
  EXPECT_EQ(ranked->encode("abc", plain()), (std::vector<int32_t>{'a', 257}));
}

TEST(Bpe, MergesStayInsideAPreToken) {
  // GPT-2 splits "a b" into "a" and " b": the "a Ġ" merge never sees the pair.
  auto tok = make_or_fail(toy_bpe({"a\xC4\xA0", "\xC4\xA0" "b"}, {"a \xC4\xA0", "\xC4\xA0 b"}));
  ASSERT_TRUE(tok);
  EXPECT_EQ(tok->encode("a b", plain()), (std::vector<int32_t>{'a', 257}));
}

TEST(Bpe, MergesThatNameNoTokenAreIgnored) {
  auto tok = make_or_fail(toy_bpe({"ab"}, {"x y", "a b", "a", "q r s"}));
  ASSERT_TRUE(tok);
  EXPECT_EQ(tok->encode("ab", plain()), (std::vector<int32_t>{256}));
}

TEST(Bpe, EveryByteRoundTripsIncludingInvalidUtf8) {
  auto tok = make_or_fail(toy_bpe({}, {"a b"}));  // no merge applies
  ASSERT_TRUE(tok);
  std::string all;
  for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
  for (const std::string& text : {all, std::string("\xFF\xFE x \xE2\x82"), std::string("\xC0\xAF"),
                                  std::string("ok \xED\xA0\x80 surrogate")}) {
    const std::vector<int32_t> ids = tok->encode(text, plain());
    ASSERT_EQ(ids.size(), text.size());  // one byte token per byte here
    EXPECT_EQ(tok->decode(ids), text);
  }
}

TEST(Bpe, SpecialTokensAndBosEos) {
  Vocab v = toy_bpe({"ab"}, {"a b"});
  v.tokens.push_back("<|end|>");
  v.types.push_back(TokenType::Control);  // 257
  v.tokens.push_back("<think>");
  v.types.push_back(TokenType::UserDefined);  // 258
  v.bos = 257;
  v.eos = 257;
  v.add_bos = true;
  v.add_eos = true;
  auto tok = make_or_fail(v);
  ASSERT_TRUE(tok);
  // Control text is only special with parse_special; user-defined text always is.
  EXPECT_EQ(tok->encode("ab<|end|>", EncodeOptions{false, true}), (std::vector<int32_t>{256, 257}));
  EXPECT_EQ(tok->encode("<think>ab", plain()), (std::vector<int32_t>{258, 256}));
  const std::vector<int32_t> raw = tok->encode("<|end|>", plain());
  EXPECT_EQ(raw.size(), 7u);
  EXPECT_EQ(tok->decode(raw), "<|end|>");
  EXPECT_EQ(tok->encode("ab", {}), (std::vector<int32_t>{257, 256, 257}));
  EXPECT_EQ(tok->token_to_piece(257), "");
  EXPECT_EQ(tok->token_to_piece(257, true), "<|end|>");
  EXPECT_EQ(tok->token_to_piece(258), "<think>");
}

TEST(Bpe, IgnoreMergesTakesWholeWords) {
  // Llama 3 (llama-bpe) emits a pre-token that is a token as it is, merges or not.
  auto with = make_or_fail(toy_bpe({"abc"}, {"a b"}, "llama-bpe"));
  auto without = make_or_fail(toy_bpe({"abc", "ab"}, {"a b"}, "smaug-bpe"));
  ASSERT_TRUE(with && without);
  EXPECT_EQ(with->encode("abc", plain()), (std::vector<int32_t>{256}));
  EXPECT_EQ(without->encode("abc", plain()), (std::vector<int32_t>{257, 'c'}));
}

TEST(Bpe, UnknownOrMissingPreTokenizer) {
  Vocab v = toy_bpe({"ab"}, {"a b"}, "no-such-model");
  auto r = make_tokenizer(v, "x.gguf");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().rfind("[tokenizer] x.gguf: unknown pre-tokenizer 'no-such-model' "
                            "(tokenizer.ggml.pre; known: default, gpt-2, ",
                            0),
            0u)
      << r.error();
  v.pre = "";  // files from before the key: the default pre-tokenizer
  EXPECT_TRUE(make_tokenizer(v, "x.gguf").ok());
}

TEST(Bpe, LongWordsAreNotQuadratic) {
  // One 256 KiB pre-token of spaces: GPT-2 keeps whitespace runs whole. The merge loop is
  // O(n log n); a rescanning O(n^2) loop would take many minutes here.
  std::vector<std::string> extra, merges;
  std::string sp = "\xC4\xA0";
  for (int len = 2; len <= 16; len *= 2) {
    extra.push_back("");
    for (int i = 0; i < len; ++i) extra.back() += sp;
    std::string half;
    for (int i = 0; i < len / 2; ++i) half += sp;
    merges.push_back(half + " " + half);
  }
  auto tok = make_or_fail(toy_bpe(extra, merges));
  ASSERT_TRUE(tok);
  const std::string text(1 << 18, ' ');
  const auto start = std::chrono::steady_clock::now();
  const std::vector<int32_t> ids = tok->encode(text, plain());
  std::printf("256 KiB of spaces in %.3f s\n",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  EXPECT_EQ(ids.size(), (1u << 18) / 16);
  EXPECT_EQ(tok->decode(ids), text);
}

TEST(PieceEscape, ShowsControlBytesAndBrokenUtf8) {
  EXPECT_EQ(escape_piece("a b"), "a b");
  EXPECT_EQ(escape_piece("\n\t\r\\"), "\\n\\t\\r\\\\");
  EXPECT_EQ(escape_piece(std::string("\x01\x7F", 2)), "\\x01\\x7f");
  EXPECT_EQ(escape_piece("\xC3\xA9\xE4\xBD\xA0\xF0\x9F\xA6\x99"), "\xC3\xA9\xE4\xBD\xA0\xF0\x9F\xA6\x99");
  EXPECT_EQ(escape_piece("\xF0\x9F"), "\\xf0\\x9f");  // half an emoji
  EXPECT_EQ(escape_piece("\xA6\x99x"), "\\xa6\\x99x");
}

}  // namespace
}  // namespace tl::test

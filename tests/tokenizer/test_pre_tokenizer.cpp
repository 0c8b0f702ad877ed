// Pre-tokenizers by tokenizer.ggml.pre: every table entry compiles under PCRE2, and the
// splits of a few texts are those the Hugging Face tokenizer.json patterns define
// (expected words worked out by hand from each pattern).
#include <gtest/gtest.h>

#include "tokenizer/pre_tokenizer.h"

namespace tl::test {
namespace {

std::vector<std::string> words(const std::string& pre, const std::string& text) {
  Result<PreTokenizer> p = PreTokenizer::create(pre, "test");
  if (!p.ok()) {
    ADD_FAILURE() << p.error();
    return {};
  }
  std::vector<std::string_view> views;
  p.value().split(text, views);
  return std::vector<std::string>(views.begin(), views.end());
}

using W = std::vector<std::string>;

TEST(PreTokenizer, EveryTableEntryCompiles) {
  for (const PreTokenizerSpec& spec : pre_tokenizer_specs()) {
    Result<PreTokenizer> p = PreTokenizer::create(spec.name, "test");
    EXPECT_TRUE(p.ok()) << spec.name << ": " << p.error();
  }
}

TEST(PreTokenizer, Gpt2) {
  EXPECT_EQ(words("gpt-2", "Hello world's  end!!\n\n"),
            (W{"Hello", " world", "'s", " ", " end", "!!", "\n\n"}));
  EXPECT_EQ(words("gpt-2", "x 123 4567"), (W{"x", " 123", " 4567"}));
  EXPECT_EQ(words("gpt-2", ""), W{});
}

TEST(PreTokenizer, Llama3DigitsInThreesAndAsciiContractions) {
  EXPECT_EQ(words("llama-bpe", "12345 I'M here"), (W{"123", "45", " I", "'M", " here"}));
  // "ſ" (U+017F) case-folds to "s" in Unicode, but the contractions are ASCII only here
  // as in transformers.js and llama.cpp: "'ſ" is punctuation then a letter.
  EXPECT_EQ(words("llama-bpe", "it'\xC5\xBF"), (W{"it", "'\xC5\xBF"}));
  EXPECT_EQ(words("llama-bpe", "a\n\n  b"), (W{"a", "\n\n", " ", " b"}));
}

TEST(PreTokenizer, Qwen2SingleDigits) {
  EXPECT_EQ(words("qwen2", "abc2024"), (W{"abc", "2", "0", "2", "4"}));
}

TEST(PreTokenizer, DeepseekLlmSequence) {
  // Newlines alone, cased-letter runs with one leading space, punctuation, CJK runs.
  EXPECT_EQ(words("deepseek-llm", "Hi, \xE4\xB8\x96\xE7\x95\x8C 42\n"),
            (W{"Hi", ",", " ", "\xE4\xB8\x96\xE7\x95\x8C", " ", "42", "\n"}));
}

TEST(PreTokenizer, FalconCutsDigitRunsInThrees) {
  EXPECT_EQ(words("falcon", "1234567"), (W{"123", "456", "7"}));
}

TEST(PreTokenizer, StarcoderSplitsDigits) {
  EXPECT_EQ(words("starcoder", "v12 x"), (W{"v", "1", "2", " x"}));
}

TEST(PreTokenizer, InvalidUtf8BytesAreWordsOfTheirOwn) {
  EXPECT_EQ(words("gpt-2", "ab\xFF" "cd \xE2\x82"), (W{"ab", "\xFF", "cd", " ", "\xE2", "\x82"}));
}

TEST(PreTokenizer, UnknownNameIsAnError) {
  Result<PreTokenizer> p = PreTokenizer::create("qwen35", "m.gguf");
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().find("[tokenizer] m.gguf: unknown pre-tokenizer 'qwen35'"), std::string::npos)
      << p.error();
}

TEST(PreTokenizer, HfCaselessContractionsBecomeAscii) {
  EXPECT_EQ(hf_regex_to_pcre("(?i:'s|'t|'re|'ve|'m|'ll|'d)|\\p{L}+"),
            "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|\\p{L}+");
}

TEST(Utf8, ValidPrefix) {
  EXPECT_EQ(valid_utf8_prefix("abc"), 3u);
  EXPECT_EQ(valid_utf8_prefix("\xC3\xA9\xF0\x9F\xA6\x99"), 6u);
  EXPECT_EQ(valid_utf8_prefix("a\xC0\xAF"), 1u);        // overlong
  EXPECT_EQ(valid_utf8_prefix("a\xED\xA0\x80"), 1u);    // surrogate
  EXPECT_EQ(valid_utf8_prefix("a\xF4\x90\x80\x80"), 1u);  // above U+10FFFF
  EXPECT_EQ(valid_utf8_prefix("a\xE2\x82"), 1u);        // truncated
}

}  // namespace
}  // namespace tl::test

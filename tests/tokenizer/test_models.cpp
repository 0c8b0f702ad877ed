// Tokenizers of the real model files in testdata: stories260K (expected ids from the
// README §1, cross-checked with llama2.c's run.c) and llama-2-tiny-random's 32000 tokens.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "tok_test_util.h"

namespace tl::test {
namespace {

TEST(Stories260K, EncodesThePromptLikeLlama2c) {
  auto tok = load_or_fail("stories260K.gguf");
  ASSERT_TRUE(tok);
  EXPECT_EQ(tok->n_vocab(), 512);
  EXPECT_EQ(tok->bos(), 1);
  EXPECT_EQ(tok->eos(), 2);
  EXPECT_EQ(tok->encode("Once upon a time", {}), (std::vector<int32_t>{1, 403, 407, 261, 378}));
  EXPECT_EQ(tok->encode("", {}), (std::vector<int32_t>{1}));
  EXPECT_EQ(tok->decode(tok->encode("Once upon a time", {})), "Once upon a time");
  EXPECT_TRUE(tok->is_end_of_generation(2));
  EXPECT_FALSE(tok->is_end_of_generation(1));
}

TEST(Llama2TinyRandom, LoadsTheFullLlama2Vocab) {
  auto tok = load_or_fail("llama-2-tiny-random.gguf");
  ASSERT_TRUE(tok);
  EXPECT_EQ(tok->n_vocab(), 32000);
  EXPECT_EQ(tok->bos(), 1);
  EXPECT_EQ(tok->eos(), 2);
  // Same vocab as ggml-vocab-llama-spm: "Hello world" is [15043, 3186] there.
  EXPECT_EQ(tok->encode("Hello world", {}), (std::vector<int32_t>{1, 15043, 3186}));
}

TEST(LlamaSpm, LongEnglishTextIsNotQuadratic) {
  auto tok = load_or_fail("vocab/ggml-vocab-llama-spm.gguf");
  ASSERT_TRUE(tok);
  const std::string paragraph =
      "The old lighthouse keeper climbed the spiral stairs every evening, counting each of "
      "the one hundred and twelve steps. Ships passed in the distance; some signalled, most "
      "did not. He wrote their names in a leather notebook (its pages yellowed by salt).\n";
  std::string text;
  while (text.size() < 200 * 1024) text += paragraph;
  // SPM does not pre-split on spaces: this is one 200 KB fragment for the merge loop.
  const auto start = std::chrono::steady_clock::now();
  const std::vector<int32_t> ids = tok->encode(text, plain());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // Timing is reported, not asserted (shared CI machines); O(n^2) would take minutes.
  std::printf("encoded %zu bytes into %zu tokens in %.3f s\n", text.size(), ids.size(), seconds);
  EXPECT_EQ(tok->decode(ids), text);
  // Each repeat after the first tokenizes the same way (it starts after "\n", a byte token).
  const std::vector<int32_t> two = tok->encode(paragraph + paragraph, plain());
  const std::vector<int32_t> one = tok->encode(paragraph, plain());
  const size_t per_repeat = two.size() - one.size();
  EXPECT_EQ(ids.size(), one.size() + per_repeat * (text.size() / paragraph.size() - 1));
}

}  // namespace
}  // namespace tl::test

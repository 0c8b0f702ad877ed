// llama.cpp's conformance vectors for the byte-level BPE vocabularies (testdata/vocab,
// README section 3): every case of X.gguf.inp, tokenized with add_special=false and
// parse_special=false, must give exactly the ids of X.gguf.out, which upstream's
// test-tokenizer-0 produced with each model's Hugging Face tokenizer.
#include <gtest/gtest.h>

#include <cctype>

#include "tok_test_util.h"
#include "vocab_cases.h"

namespace tl::test {
namespace {

class BpeVectors : public ::testing::TestWithParam<const char*> {};

TEST_P(BpeVectors, MatchHuggingFace) {
  const std::string vocab = std::string("vocab/") + GetParam();
  const std::vector<VocabCase> cases = read_vocab_cases(vocab);
  ASSERT_EQ(cases.size(), 46u);
  auto tok = load_or_fail(vocab);
  ASSERT_TRUE(tok);
  EXPECT_EQ(tok->vocab().model, "gpt2");
  int failures = 0;
  for (const VocabCase& c : cases) {
    const std::vector<int32_t> got = tok->encode(c.text, plain());
    if (got != c.ids) {
      ++failures;
      ADD_FAILURE() << GetParam() << " case " << c.index << " text \"" << c.text << "\"\n"
                    << "  expected " << ids_string(c.ids) << "\n  actual   " << ids_string(got);
    }
    EXPECT_EQ(tok->decode(got), c.text) << GetParam() << " case " << c.index;
  }
  EXPECT_EQ(failures, 0);
}

INSTANTIATE_TEST_SUITE_P(Vocab, BpeVectors,
                         ::testing::Values("ggml-vocab-gpt-2.gguf", "ggml-vocab-deepseek-llm.gguf",
                                           "ggml-vocab-deepseek-coder.gguf",
                                           "ggml-vocab-falcon.gguf", "ggml-vocab-mpt.gguf",
                                           "ggml-vocab-starcoder.gguf", "ggml-vocab-refact.gguf"),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::string out;
                           for (char c : name.substr(11, name.size() - 16)) {
                             out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           }
                           return out;
                         });

}  // namespace
}  // namespace tl::test

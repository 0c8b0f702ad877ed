// llama.cpp's tokenizer conformance vectors (testdata/vocab, README section 3): every
// case of X.gguf.inp, tokenized with add_special=false and parse_special=false, must give
// exactly the ids on the matching line of X.gguf.out, which upstream's test-tokenizer-0
// produced from the Hugging Face tokenizer of each model.
#include <gtest/gtest.h>

#include <cctype>

#include "tok_test_util.h"
#include "vocab_cases.h"

namespace tl::test {
namespace {

class SpmVectors : public ::testing::TestWithParam<const char*> {};

TEST_P(SpmVectors, MatchLlamaCpp) {
  const std::string vocab = std::string("vocab/") + GetParam();
  const std::vector<VocabCase> cases = read_vocab_cases(vocab);
  ASSERT_EQ(cases.size(), 46u);
  auto tok = load_or_fail(vocab);
  ASSERT_TRUE(tok);
  int failures = 0;
  for (const VocabCase& c : cases) {
    const std::vector<int32_t> got = tok->encode(c.text, plain());
    if (got != c.ids) {
      ++failures;
      ADD_FAILURE() << GetParam() << " case " << c.index << " text \"" << c.text << "\"\n"
                    << "  expected " << ids_string(c.ids) << "\n  actual   " << ids_string(got);
    }
  }
  EXPECT_EQ(failures, 0);
}

INSTANTIATE_TEST_SUITE_P(Vocab, SpmVectors,
                         ::testing::Values("ggml-vocab-llama-spm.gguf", "ggml-vocab-phi-3.gguf"),
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

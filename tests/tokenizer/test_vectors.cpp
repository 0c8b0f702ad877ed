// llama.cpp's tokenizer conformance vectors (testdata/vocab, README section 3): every
// case of X.gguf.inp, tokenized with add_special=false and parse_special=false, must give
// exactly the ids on the matching line of X.gguf.out, which upstream's test-tokenizer-0
// produced from the Hugging Face tokenizer of each model; and decode back to the text.
#include <gtest/gtest.h>

#include <cctype>

#include "tok_test_util.h"
#include "vocab_cases.h"

namespace tl::test {
namespace {

struct VectorFile {
  const char* file;
  const char* model;  // tokenizer.ggml.model the file must declare
};

class Vectors : public ::testing::TestWithParam<VectorFile> {};

TEST_P(Vectors, MatchHuggingFace) {
  const std::string vocab = std::string("vocab/") + GetParam().file;
  const std::vector<VocabCase> cases = read_vocab_cases(vocab);
  ASSERT_EQ(cases.size(), 46u);
  auto tok = load_or_fail(vocab);
  ASSERT_TRUE(tok);
  EXPECT_EQ(tok->vocab().model, GetParam().model);
  int failures = 0;
  for (const VocabCase& c : cases) {
    const std::vector<int32_t> got = tok->encode(c.text, plain());
    if (got != c.ids) {
      ++failures;
      ADD_FAILURE() << vocab << " case " << c.index << " text \"" << c.text << "\"\n"
                    << "  expected " << ids_string(c.ids) << "\n  actual   " << ids_string(got);
    }
    EXPECT_EQ(tok->decode(got), c.text) << vocab << " case " << c.index;
  }
  EXPECT_EQ(failures, 0);
}

INSTANTIATE_TEST_SUITE_P(
    Vocab, Vectors,
    ::testing::Values(VectorFile{"ggml-vocab-llama-spm.gguf", "llama"}, VectorFile{"ggml-vocab-phi-3.gguf", "llama"},
                      VectorFile{"ggml-vocab-gpt-2.gguf", "gpt2"}, VectorFile{"ggml-vocab-deepseek-llm.gguf", "gpt2"},
                      VectorFile{"ggml-vocab-deepseek-coder.gguf", "gpt2"}, VectorFile{"ggml-vocab-falcon.gguf", "gpt2"},
                      VectorFile{"ggml-vocab-mpt.gguf", "gpt2"}, VectorFile{"ggml-vocab-starcoder.gguf", "gpt2"},
                      VectorFile{"ggml-vocab-refact.gguf", "gpt2"}),
    [](const ::testing::TestParamInfo<VectorFile>& info) {
      // "ggml-vocab-deepseek-llm.gguf" -> "deepseek_llm"
      const std::string name = info.param.file;
      std::string out;
      for (char c : name.substr(11, name.size() - 16)) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return out;
    });

}  // namespace
}  // namespace tl::test

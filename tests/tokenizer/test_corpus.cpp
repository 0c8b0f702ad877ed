// decode(encode(text)) == text on the whole corpus (corpus/README.md) for every
// vocabulary: the byte-level BPE ones of testdata/vocab, Qwen 3 and Llama 3 converted
// from their npm tokenizer.json, and the SPM ones (byte fallback), with and without
// special tokens added; and the time it takes, printed.
#include <gtest/gtest.h>

#include <chrono>
#include <cctype>
#include <cstdio>

#include "common/testdata.h"
#include "hf_reference.h"
#include "tok_test_util.h"

namespace tl::test {
namespace {

void expect_corpus_round_trips(const Tokenizer& tok, const char* name) {
  size_t bytes = 0, tokens = 0;
  double seconds = 0;
  for (const auto& [file, text] : corpus_files()) {
    const auto start = std::chrono::steady_clock::now();
    const std::vector<int32_t> ids = tok.encode(text, plain());
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    bytes += text.size();
    tokens += ids.size();
    EXPECT_TRUE(tok.decode(ids) == text) << name << ": " << file << " does not round-trip";
    EXPECT_TRUE(tok.decode(tok.encode(text, {})) == text) << name << ": " << file << " (with BOS)";
  }
  std::printf("%s: %zu bytes -> %zu tokens in %.3f s (%.1f MB/s)\n", name, bytes, tokens, seconds,
              double(bytes) / 1e6 / seconds);
}

class CorpusRoundTrip : public ::testing::TestWithParam<const char*> {};

TEST_P(CorpusRoundTrip, EveryFile) {
  auto tok = load_or_fail(std::string("vocab/") + GetParam());
  ASSERT_TRUE(tok);
  expect_corpus_round_trips(*tok, GetParam());
}

INSTANTIATE_TEST_SUITE_P(
    Vocab, CorpusRoundTrip,
    ::testing::Values("ggml-vocab-gpt-2.gguf", "ggml-vocab-deepseek-llm.gguf", "ggml-vocab-deepseek-coder.gguf",
                      "ggml-vocab-falcon.gguf", "ggml-vocab-mpt.gguf", "ggml-vocab-starcoder.gguf",
                      "ggml-vocab-refact.gguf", "ggml-vocab-gpt-neox.gguf", "ggml-vocab-llama-spm.gguf",
                      "ggml-vocab-phi-3.gguf"),
    [](const auto& info) {
      std::string name = info.param;
      std::string out;
      for (char c : name.substr(11, name.size() - 16)) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return out;
    });

class NpmCorpusRoundTrip : public ::testing::TestWithParam<const char*> {};

TEST_P(NpmCorpusRoundTrip, EveryFile) {
  auto tok = convert_npm_tokenizer(GetParam(), temp_dir());
  ASSERT_TRUE(tok);
  expect_corpus_round_trips(*tok, GetParam());
}

INSTANTIATE_TEST_SUITE_P(Npm, NpmCorpusRoundTrip, ::testing::Values("qwen3", "llama3"),
                         [](const auto& info) { return std::string(info.param); });

}  // namespace
}  // namespace tl::test

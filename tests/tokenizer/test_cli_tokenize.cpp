// `tilelm tokenize` and `tilelm convert --vocab-only` as a user runs them (the binary
// from $TILELM_BIN, which ctest sets). Expected ids: llama.cpp's gpt-2 vectors
// (testdata/vocab, "Hello world" is case 11) and, for the converted Llama 3 file, the
// llama-bpe vector of the same case.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "common/run_tilelm.h"
#include "common/testdata.h"
#include "hf_reference.h"

namespace tl::test {
namespace {

TEST(CliTokenize, PrintsIdsAndPiecesFromAVocabOnlyFile) {
  const std::string dir = temp_dir();
  const std::string m = shell_quote(testdata_path("vocab/ggml-vocab-gpt-2.gguf"));
  CliOutcome ids = run_tilelm("tokenize -m " + m + " -p 'Hello world'");
  ASSERT_EQ(ids.exit_code, 0) << ids.err;
  EXPECT_EQ(ids.out, "15496 995\n");  // gpt-2 adds no BOS
  CliOutcome pieces = run_tilelm("tokenize -m " + m + " -p 'Hello world\n' --pieces");
  ASSERT_EQ(pieces.exit_code, 0) << pieces.err;
  EXPECT_EQ(pieces.out, "15496\tHello\n995\t world\n198\t\\n\n");
  CliOutcome special = run_tilelm("tokenize -m " + m + " -p '<|endoftext|>' --special");
  EXPECT_EQ(special.out, "50256\n");
  CliOutcome plain = run_tilelm("tokenize -m " + m + " -p '<|endoftext|>'");
  EXPECT_NE(plain.out, "50256\n");
  std::ofstream(dir + "/in.txt", std::ios::binary) << "Hello world";
  CliOutcome file = run_tilelm("tokenize -m " + m + " -f " + shell_quote(dir + "/in.txt"));
  EXPECT_EQ(file.out, "15496 995\n") << file.err;
  CliOutcome bench = run_tilelm("tokenize -m " + m + " -f " + shell_quote(dir + "/in.txt") + " --bench");
  EXPECT_EQ(bench.exit_code, 0);
  EXPECT_NE(bench.err.find("MB/s"), std::string::npos) << bench.err;
}

TEST(CliTokenize, ClearErrors) {
  CliOutcome missing = run_tilelm("tokenize -m /nonexistent.gguf -p x");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("/nonexistent.gguf"), std::string::npos) << missing.err;
  CliOutcome no_file = run_tilelm("tokenize -m " + shell_quote(testdata_path("vocab/ggml-vocab-gpt-2.gguf")) +
                               " -f /nonexistent.txt");
  EXPECT_EQ(no_file.exit_code, 1);
  EXPECT_NE(no_file.err.find("cannot read /nonexistent.txt"), std::string::npos) << no_file.err;
}

TEST(CliConvert, VocabOnlyLlama3ThenTokenize) {
  const std::string dir = temp_dir();
  const std::string out = dir + "/llama3.gguf";
  CliOutcome c = run_tilelm("convert --vocab-only " + shell_quote(npm_tokenizer_json("llama3")) + " " + shell_quote(out));
  ASSERT_EQ(c.exit_code, 0) << c.err;
  EXPECT_NE(c.err.find("128256 tokens, 280147 merges, pre 'llama-bpe'"), std::string::npos) << c.err;
  CliOutcome t = run_tilelm("tokenize -m " + shell_quote(out) + " -p 'Hello world'");
  EXPECT_EQ(t.out, "128000 9906 1917\n") << t.err;  // BOS, then llama-bpe case 11
  CliOutcome n = run_tilelm("tokenize -m " + shell_quote(out) + " -p 'Hello world' --no-bos");
  EXPECT_EQ(n.out, "9906 1917\n") << n.err;
}

TEST(CliConvert, OnlyVocabOnlyIsImplemented) {
  const std::string dir = temp_dir();
  CliOutcome c = run_tilelm("convert " + shell_quote(npm_tokenizer_json("qwen3")) + " " + shell_quote(dir + "/q.gguf"));
  EXPECT_EQ(c.exit_code, 1);
  EXPECT_NE(c.err.find("only --vocab-only is implemented"), std::string::npos) << c.err;
}

}  // namespace
}  // namespace tl::test

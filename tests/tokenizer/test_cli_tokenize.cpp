// `tilelm tokenize` and `tilelm convert --vocab-only` as a user runs them (the binary
// from $TILELM_BIN, which ctest sets). Expected ids: llama.cpp's gpt-2 vectors
// (testdata/vocab, "Hello world" is case 11) and, for the converted Llama 3 file, the
// llama-bpe vector of the same case.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "common/testdata.h"
#include "hf_reference.h"

namespace tl::test {
namespace {

struct Outcome {
  int exit_code = -1;
  std::string out, err;
};

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

Outcome tilelm(const std::string& args, const std::string& dir) {
  const char* bin = std::getenv("TILELM_BIN");
  EXPECT_NE(bin, nullptr) << "TILELM_BIN is not set (ctest sets it)";
  Outcome o;
  if (!bin) return o;
  const std::string cmd = quote(bin) + " " + args + " >" + dir + "/out 2>" + dir + "/err";
  const int status = std::system(cmd.c_str());
  o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  o.out = read_text(dir + "/out");
  o.err = read_text(dir + "/err");
  return o;
}

TEST(CliTokenize, PrintsIdsAndPiecesFromAVocabOnlyFile) {
  const std::string dir = temp_dir();
  const std::string m = quote(testdata_path("vocab/ggml-vocab-gpt-2.gguf"));
  Outcome ids = tilelm("tokenize -m " + m + " -p 'Hello world'", dir);
  ASSERT_EQ(ids.exit_code, 0) << ids.err;
  EXPECT_EQ(ids.out, "15496 995\n");  // gpt-2 adds no BOS
  Outcome pieces = tilelm("tokenize -m " + m + " -p 'Hello world\n' --pieces", dir);
  ASSERT_EQ(pieces.exit_code, 0) << pieces.err;
  EXPECT_EQ(pieces.out, "15496\tHello\n995\t world\n198\t\\n\n");
  Outcome special = tilelm("tokenize -m " + m + " -p '<|endoftext|>' --special", dir);
  EXPECT_EQ(special.out, "50256\n");
  Outcome plain = tilelm("tokenize -m " + m + " -p '<|endoftext|>'", dir);
  EXPECT_NE(plain.out, "50256\n");
  std::ofstream(dir + "/in.txt", std::ios::binary) << "Hello world";
  Outcome file = tilelm("tokenize -m " + m + " -f " + quote(dir + "/in.txt"), dir);
  EXPECT_EQ(file.out, "15496 995\n") << file.err;
  Outcome bench = tilelm("tokenize -m " + m + " -f " + quote(dir + "/in.txt") + " --bench", dir);
  EXPECT_EQ(bench.exit_code, 0);
  EXPECT_NE(bench.err.find("MB/s"), std::string::npos) << bench.err;
}

TEST(CliTokenize, ClearErrors) {
  const std::string dir = temp_dir();
  Outcome missing = tilelm("tokenize -m /nonexistent.gguf -p x", dir);
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("/nonexistent.gguf"), std::string::npos) << missing.err;
  Outcome no_file = tilelm("tokenize -m " + quote(testdata_path("vocab/ggml-vocab-gpt-2.gguf")) +
                               " -f /nonexistent.txt", dir);
  EXPECT_EQ(no_file.exit_code, 1);
  EXPECT_NE(no_file.err.find("cannot read /nonexistent.txt"), std::string::npos) << no_file.err;
}

TEST(CliConvert, VocabOnlyLlama3ThenTokenize) {
  const std::string dir = temp_dir();
  const std::string out = dir + "/llama3.gguf";
  Outcome c = tilelm("convert --vocab-only " + quote(npm_tokenizer_json("llama3")) + " " + quote(out), dir);
  ASSERT_EQ(c.exit_code, 0) << c.err;
  EXPECT_NE(c.err.find("128256 tokens, 280147 merges, pre 'llama-bpe'"), std::string::npos) << c.err;
  Outcome t = tilelm("tokenize -m " + quote(out) + " -p 'Hello world'", dir);
  EXPECT_EQ(t.out, "128000 9906 1917\n") << t.err;  // BOS, then llama-bpe case 11
  Outcome n = tilelm("tokenize -m " + quote(out) + " -p 'Hello world' --no-bos", dir);
  EXPECT_EQ(n.out, "9906 1917\n") << n.err;
}

TEST(CliConvert, OnlyVocabOnlyIsImplemented) {
  const std::string dir = temp_dir();
  Outcome c = tilelm("convert " + quote(npm_tokenizer_json("qwen3")) + " " + quote(dir + "/q.gguf"), dir);
  EXPECT_EQ(c.exit_code, 1);
  EXPECT_NE(c.err.find("only --vocab-only is implemented"), std::string::npos) << c.err;
}

}  // namespace
}  // namespace tl::test

// The tilelm binary as a user runs it: golden text from `run`, `inspect` output, `logits`
// files against transformers goldens, and clear errors with a non-zero exit for bad
// flags and bad files.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "common/run_tilelm.h"
#include "common/testdata.h"

namespace tl::test {
namespace {

TEST(Cli, RunPrintsTheGoldenStory) {
  const auto golden = nlohmann::json::parse(read_text(testdata_path("stories260K.greedy.json")));
  const auto& c = golden["cases"]["once_upon_a_time_64"];
  const size_t n = c["generated_tokens"].size();
  CliOutcome o = run_tilelm("run -m " + shell_quote(testdata_path("stories260K.gguf")) + " -p 'Once upon a time' -n " +
                     std::to_string(n) + " --temp 0 -t 2");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(o.out, c["text"].get<std::string>() + "\n");
  EXPECT_NE(o.err.find("tok/s"), std::string::npos) << "no timings line: " << o.err;
}

TEST(Cli, SameSeedSameText) {
  const std::string args = "run -m " + shell_quote(testdata_path("stories260K.gguf")) +
                           " -p 'Once upon a time' -n 40 --temp 0.9 --seed 42 -t 1";
  CliOutcome a = run_tilelm(args);
  CliOutcome b = run_tilelm(args);
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
}

TEST(Cli, InspectPrintsMetadataAndTensors) {
  CliOutcome o = run_tilelm("inspect " + shell_quote(testdata_path("stories260K.gguf")));
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.out.find("llama.block_count"), std::string::npos);
  EXPECT_NE(o.out.find("token_embd.weight"), std::string::npos);
  EXPECT_NE(o.out.find("[64, 512]"), std::string::npos);
}

TEST(Cli, LogitsFileMatchesTransformers) {
  const std::string dir = "hf-tiny/qwen3/";
  const auto golden = nlohmann::json::parse(read_text(testdata_path(dir + "golden.json")));
  std::string ids;
  for (int id : golden["sequences"]["B"]["ids"]) ids += (ids.empty() ? "" : ",") + std::to_string(id);
  const std::string out = temp_dir() + "/logits.bin";
  CliOutcome o = run_tilelm("logits -m " + shell_quote(testdata_path(dir + "model.f32.gguf")) + " --ids " + ids + " -o " + out);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const std::vector<float> got = read_f32(out);
  const std::vector<float> want = read_f32(testdata_path(dir + "logits_B.bin"));
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) ASSERT_NEAR(got[i], want[i], 1e-4) << "element " << i;
}

TEST(Cli, BadFlagsAndFilesFailClearly) {
  struct Case {
    std::string args;
    std::string message;
  };
  const std::string stories = shell_quote(testdata_path("stories260K.gguf"));
  const std::string truncated = temp_dir() + "/truncated.gguf";
  {
    std::ifstream in(testdata_path("stories260K.gguf"), std::ios::binary);
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    std::ofstream(truncated, std::ios::binary).write(head.data(), static_cast<std::streamsize>(head.size()));
  }
  const Case cases[] = {
      {"", "subcommand"},
      {"frobnicate", "frobnicate"},
      {"run -p hi", "--model"},
      {"run -m /no/such/file.gguf -p hi", "/no/such/file.gguf"},
      {"run -m " + truncated + " -p hi", "truncated.gguf"},
      {"run -m " + stories + " -p hi --isa quantum", "quantum"},
      {"run -m " + stories + " -p hi --attention sideways", "--attention"},
      {"run -m " + stories + " -p hi --amx-wide fp8", "--amx-wide"},
      {"run -m " + stories + " -p hi -t 0", "threads"},
      {"run -m " + stories + " -p hi --temp -1", "temp"},
      {"run -m " + stories + " -p hi -ot 'attn_q=cpu-f32'", "cannot go to buffer type cpu-f32"},
      {"logits -m " + stories + " --ids 1,x,3 -o /tmp/x.bin", "bad token id 'x'"},
      {"logits -m " + stories + " --ids 1,9999 -o /tmp/x.bin", "outside the vocabulary"},
      {"inspect /no/such/file.gguf", "/no/such/file.gguf"},
  };
  for (const Case& c : cases) {
    CliOutcome o = run_tilelm(c.args);
    EXPECT_NE(o.exit_code, 0) << "tilelm " << c.args;
    EXPECT_NE(o.exit_code, -1) << "tilelm " << c.args << " crashed";
    EXPECT_NE(o.err.find(c.message), std::string::npos) << "tilelm " << c.args << "\nstderr: " << o.err;
  }
}

}  // namespace
}  // namespace tl::test

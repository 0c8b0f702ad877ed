// `tilelm bench` as users run it ($TILELM_BIN, set by ctest): bad lists are a clear
// message and a non-zero exit before anything runs; a tiny run prints CSV and JSON.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "common/run_tilelm.h"

namespace {

struct CommandRun {
  int exit_code = -1;
  std::string output;  // stdout (and stderr when asked)
};

// stdout, and stderr after it when asked: the messages these tests look for.
CommandRun run_tilelm(const std::string& args, bool with_stderr = true) {
  const tl::test::CliOutcome o = tl::test::run_tilelm(args);
  return CommandRun{o.exit_code, with_stderr ? o.out + o.err : o.out};
}

void expect_rejected(const std::string& args, const std::string& message) {
  SCOPED_TRACE(args);
  const CommandRun r = run_tilelm("bench " + args);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find(message), std::string::npos) << r.output;
}

TEST(BenchVerb, RejectsBadLists) {
  expect_rejected("-p 12,,3", "tilelm bench: [bench] -p '12,,3': item 2 is empty");
  expect_rejected("-t 0", "[bench] -t '0': 0 is out of range");
  expect_rejected("-p x", "[bench] -p 'x': 'x' is not an integer");
  expect_rejected("-n 4,-1", "-1 is out of range");
  expect_rejected("--isa avx2,,ref", "[bench] --isa 'avx2,,ref': item 2 is empty");
  expect_rejected("--isa avx3", "[runtime] unknown --isa 'avx3'");
  expect_rejected("--synthetic nope:q4_0", "[synthetic] unknown model 'nope'");
  expect_rejected("--synthetic tiny-llama:q4_0 -o xml", "unknown output format 'xml'");
}

TEST(BenchVerb, TinyRunAsCsvAndJson) {
  const std::string common = "bench --synthetic tiny-llama:q4_0 --layers 1 -p 4 -n 2 -r 1 -t 1 --isa ref --no-probes ";
  const CommandRun csv = run_tilelm(common + "-o csv", /*with_stderr=*/false);
  ASSERT_EQ(csv.exit_code, 0) << csv.output;
  EXPECT_EQ(csv.output.rfind("cpu,model,", 0), 0u) << csv.output;
  EXPECT_NE(csv.output.find("\"pp4\""), std::string::npos) << csv.output;
  EXPECT_NE(csv.output.find("\"tg2\""), std::string::npos) << csv.output;

  const CommandRun json = run_tilelm(common + "-o json", /*with_stderr=*/false);
  ASSERT_EQ(json.exit_code, 0) << json.output;
  const nlohmann::json j = nlohmann::json::parse(json.output);
  ASSERT_EQ(j["results"].size(), 2u);
  EXPECT_EQ(j["results"][0]["isa"], "ref");
  EXPECT_EQ(j["models"][0]["name"], "tiny-llama:q4_0 L1/2");
}

// --profile logs one line per test naming the forward pass's sections, here a MoE
// model's expert matmuls beside the attention ones.
TEST(BenchVerb, ProfileNamesTheSections) {
  const CommandRun r = run_tilelm(
      "bench --synthetic tiny-qwen3moe:q8_0 --layers 1 -p 8 -n 2 -r 1 -t 1 --isa ref --no-probes --profile");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  size_t lines = 0;
  for (size_t at = r.output.find("profile: "); at != std::string::npos; at = r.output.find("profile: ", at + 1)) ++lines;
  EXPECT_EQ(lines, 2u) << r.output;
  for (const char* section : {"experts_gate_up", "experts_down", "qkv", "attention", "router"}) {
    EXPECT_NE(r.output.find(section), std::string::npos) << section << "\n" << r.output;
  }
}

}  // namespace

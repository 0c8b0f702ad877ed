// run_bench on a tiny synthetic model and on a saved file: one row per (level, test),
// repetitions as asked, roofline filled when probes run; and its input errors.
#include <gtest/gtest.h>

#include "bench/runner.h"
#include "common/testdata.h"

namespace tl::bench {
namespace {

BenchOptions tiny_options(const std::string& spec_text) {
  BenchOptions o;
  Result<synthetic::Spec> spec = synthetic::parse_spec(spec_text, synthetic::SpecOptions{1, 0, 5});
  EXPECT_TRUE(spec.ok()) << spec.error();
  if (spec.ok()) o.synthetic.push_back(spec.value());
  o.n_prompt = {8};
  o.n_gen = {3};
  o.threads = {2};
  o.isas = {Isa::Ref};
  o.repetitions = 2;
  o.probes = false;
  return o;
}

TEST(Runner, PlacementIsAListAxis) {
  // --isa amx-emu --repack 1,0: the same level with the amx layouts and without them.
  BenchOptions o = tiny_options("tiny-llama:q8_0");
  o.isas = {Isa::AmxEmu};
  o.repack = {true, false};
  o.n_gen = {0};
  Result<Report> r = run_bench(o);
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_EQ(r.value().rows.size(), 2u);
  EXPECT_EQ(r.value().rows[0].isa, "amx-emu");
  EXPECT_EQ(r.value().rows[1].isa, "amx-emu+no-repack");
  ASSERT_EQ(r.value().models[0].loads.size(), 2u);
  EXPECT_EQ(r.value().models[0].loads[1].isa, "amx-emu+no-repack");
}

TEST(Runner, TinyModelOnEveryLevel) {
  BenchOptions o = tiny_options("tiny-qwen3moe:q4_0");
  o.isas = available_isas();
  Result<Report> r = run_bench(o);
  ASSERT_TRUE(r.ok()) << r.error();
  const Report& report = r.value();
  ASSERT_EQ(report.models.size(), 1u);
  EXPECT_GE(report.models[0].generate_seconds, 0);
  ASSERT_EQ(report.models[0].loads.size(), o.isas.size());
  EXPECT_EQ(report.models[0].loads[0].isa, isa_name(o.isas[0]));
  EXPECT_GT(report.rows[0].size_bytes, 0u);
  EXPECT_EQ(report.models[0].name, "tiny-qwen3moe:q4_0 L1/2");
  ASSERT_EQ(report.rows.size(), 2 * o.isas.size());
  for (const TestRow& row : report.rows) {
    EXPECT_EQ(row.samples_ts.size(), 2u);
    EXPECT_GT(row.mean_ts, 0);
    EXPECT_GE(row.stddev_ts, 0);
    EXPECT_GT(row.per_token, 0);
    EXPECT_EQ(row.ceiling, 0);  // no probes
  }
  EXPECT_EQ(report.rows[0].test, "pp8");
  EXPECT_EQ(report.rows[1].test, "tg3");
  EXPECT_TRUE(report.probes.empty());
}

TEST(Runner, ProbesFillTheRoofline) {
  BenchOptions o = tiny_options("tiny-llama:q8_0");
  o.probes = true;
  o.probe_buffer_bytes = size_t{32} << 20;
  Result<Report> r = run_bench(o);
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_EQ(r.value().rows.size(), 2u);
  ASSERT_EQ(r.value().probes.size(), 2u);  // one peak, one bandwidth
  for (const TestRow& row : r.value().rows) {
    EXPECT_GT(row.ceiling, 0);
    EXPECT_NEAR(row.ceiling_pct, 100 * row.per_token * row.mean_ts / row.ceiling, 1e-9);
  }
}

TEST(Runner, ModelFileFromSave) {
  const std::string path = tl::test::temp_dir() + "/tiny.gguf";
  BenchOptions save = tiny_options("tiny-llama:q4_K");
  save.n_prompt = {0};
  save.n_gen = {0};
  save.save_path = path;
  Result<Report> saved = run_bench(save);
  ASSERT_TRUE(saved.ok()) << saved.error();
  EXPECT_TRUE(saved.value().rows.empty());

  BenchOptions o = tiny_options("tiny-llama:q4_K");
  o.synthetic.clear();
  o.model_paths = {path};
  Result<Report> r = run_bench(o);
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_EQ(r.value().models.size(), 1u);
  EXPECT_EQ(r.value().models[0].name, "tiny.gguf");
  EXPECT_LT(r.value().models[0].generate_seconds, 0);
  EXPECT_EQ(r.value().rows.size(), 2u);
}

TEST(Runner, SaveNeedsExactlyOneSyntheticModel) {
  BenchOptions o = tiny_options("tiny-llama:q4_0");
  o.synthetic.push_back(o.synthetic[0]);
  o.save_path = "/tmp/never-written.gguf";
  Result<Report> r = run_bench(o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("[bench] --save needs exactly one --synthetic model"), std::string::npos) << r.error();
}

TEST(Runner, LevelTheCpuLacksIsAnError) {
  for (Isa isa : {Isa::Amx, Isa::Avx512, Isa::Avx2}) {
    if (check_isa_available(isa).ok()) continue;
    BenchOptions o = tiny_options("tiny-llama:q4_0");
    o.isas = {Isa::Ref, isa};
    Result<Report> r = run_bench(o);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().find(std::string("--isa ") + isa_name(isa)), std::string::npos) << r.error();
    return;
  }
  GTEST_SKIP() << "this CPU has every level";
}

TEST(Runner, MissingFileIsAnError) {
  BenchOptions o = tiny_options("tiny-llama:q4_0");
  o.synthetic.clear();
  o.model_paths = {"/nonexistent/model.gguf"};
  Result<Report> r = run_bench(o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("/nonexistent/model.gguf"), std::string::npos) << r.error();
}

}  // namespace
}  // namespace tl::bench

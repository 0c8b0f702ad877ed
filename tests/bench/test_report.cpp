// The three output formats on one fixed report: markdown and CSV byte for byte, JSON by
// parsing it back.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bench/report.h"

namespace tl::bench {
namespace {

Report fixed_report() {
  Report r;
  r.cpu = "Test CPU";
  r.models.push_back({"tiny:q4_0", "synthetic, seed 1", 1610612736, 2500000000, 1.25, {{"avx2", 0.5}, {"ref", 0.25}}});
  r.probes.push_back({"read_bandwidth", "", 2, 50e9, "1.00 GiB buffer"});
  r.probes.push_back({"peak", "avx2", 2, 120e9, "f32 vfmadd ymm"});
  TestRow pp;
  pp.model = "tiny:q4_0";
  pp.size_bytes = 1610612736;
  pp.params = 2500000000;
  pp.isa = "avx2";
  pp.threads = 2;
  pp.test = "pp512";
  pp.n_prompt = 512;
  pp.samples_ts = {97.5, 102.5};
  pp.mean_ts = 100;
  pp.stddev_ts = 2.5;
  pp.per_token = 1e9;
  pp.rate = 1e11;
  pp.ceiling = 120e9;
  pp.ceiling_pct = 100.0 * 1e11 / 120e9;
  TestRow tg = pp;
  tg.test = "tg128";
  tg.n_prompt = 0;
  tg.n_gen = 128;
  tg.samples_ts = {19.5, 20.5};
  tg.mean_ts = 20;
  tg.stddev_ts = 0.5;
  tg.per_token = 2e9;
  tg.rate = 40e9;
  tg.ceiling = 50e9;
  tg.ceiling_pct = 80;
  r.rows = {pp, tg};
  return r;
}

TEST(Report, Markdown) {
  const std::string expected =
      "cpu: Test CPU\n"
      "read bandwidth, 2 threads: 50.00 GB/s (1.00 GiB buffer)\n"
      "peak avx2, 2 threads: 120 GMAC/s (f32 vfmadd ymm)\n"
      "model tiny:q4_0 (synthetic, seed 1): weights generated in 1.25 s, loaded in 0.50 s (avx2), 0.25 s (ref)\n"
      "\n"
      "| model | size | params | isa | threads | test | t/s | per token | rate | ceiling | % of ceiling |\n"
      "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
      "| tiny:q4_0 | 1.50 GiB | 2.50 B | avx2 | 2 | pp512 | 100.00 ± 2.50 | 1.00 GMAC | 100 GMAC/s | 120 GMAC/s | 83.3 |\n"
      "| tiny:q4_0 | 1.50 GiB | 2.50 B | avx2 | 2 | tg128 | 20.00 ± 0.50 | 2.00 GB | 40.00 GB/s | 50.00 GB/s | 80.0 |\n";
  EXPECT_EQ(format_markdown(fixed_report()), expected);
}

TEST(Report, MarkdownWithoutProbesShowsDashes) {
  Report r = fixed_report();
  r.probes.clear();
  for (TestRow& t : r.rows) t.ceiling = t.ceiling_pct = 0;
  const std::string md = format_markdown(r);
  EXPECT_NE(md.find("| 100 GMAC/s | - | - |\n"), std::string::npos) << md;
}

TEST(Report, Csv) {
  const std::string expected =
      "cpu,model,size_bytes,params,isa,threads,test,n_prompt,n_gen,repetitions,avg_ts,stddev_ts,"
      "roofline_unit,per_token,rate,ceiling,ceiling_pct\n"
      "\"Test CPU\",\"tiny:q4_0\",1610612736,2500000000,\"avx2\",2,\"pp512\",512,0,2,100,2.5,\"MAC\",1e+09,1e+11,"
      "1.2e+11,83.3333\n"
      "\"Test CPU\",\"tiny:q4_0\",1610612736,2500000000,\"avx2\",2,\"tg128\",0,128,2,20,0.5,\"bytes\",2e+09,4e+10,"
      "5e+10,80\n";
  EXPECT_EQ(format_csv(fixed_report()), expected);
}

TEST(Report, CsvQuotesQuotes) {
  Report r = fixed_report();
  r.cpu = "a \"quoted\", name";
  EXPECT_NE(format_csv(r).find("\"a \"\"quoted\"\", name\""), std::string::npos);
}

TEST(Report, Json) {
  const nlohmann::json j = nlohmann::json::parse(format_json(fixed_report()));
  EXPECT_EQ(j["cpu"], "Test CPU");
  ASSERT_EQ(j["models"].size(), 1u);
  EXPECT_EQ(j["models"][0]["generate_seconds"], 1.25);
  EXPECT_EQ(j["models"][0]["load_seconds"][1]["isa"], "ref");
  EXPECT_EQ(j["models"][0]["load_seconds"][1]["seconds"], 0.25);
  ASSERT_EQ(j["probes"].size(), 2u);
  EXPECT_EQ(j["probes"][0]["unit"], "bytes/s");
  EXPECT_EQ(j["probes"][1]["isa"], "avx2");
  ASSERT_EQ(j["results"].size(), 2u);
  const auto& pp = j["results"][0];
  EXPECT_EQ(pp["test"], "pp512");
  EXPECT_EQ(pp["n_prompt"], 512);
  EXPECT_EQ(pp["avg_ts"], 100.0);
  EXPECT_EQ(pp["stddev_ts"], 2.5);
  EXPECT_EQ(pp["samples_ts"], (std::vector<double>{97.5, 102.5}));
  EXPECT_EQ(pp["roofline"]["unit"], "MAC");
  EXPECT_EQ(j["results"][1]["roofline"]["ceiling_pct"], 80.0);
  EXPECT_EQ(j["results"][1]["roofline"]["unit"], "bytes");
}

TEST(Report, ParsesFormatNames) {
  EXPECT_EQ(parse_format("md").value(), Format::Markdown);
  EXPECT_EQ(parse_format("json").value(), Format::Json);
  EXPECT_EQ(parse_format("csv").value(), Format::Csv);
  Result<Format> bad = parse_format("xml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().find("[bench] unknown output format 'xml'"), std::string::npos);
}

}  // namespace
}  // namespace tl::bench

// The results of a bench run as plain data, and its three output formats: a markdown
// table like llama-bench's (default), JSON, and CSV.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace tl::bench {

// One Model::load (parse, validate, place) at one ISA level: placement differs by level.
struct LoadTime {
  std::string isa;
  double seconds = 0;
};

// One model as the bench loaded it.
struct ModelRun {
  std::string name;               // display name: file name or "qwen3-30b-a3b:q4_0 L4/48"
  std::string source;             // file path, or "synthetic, seed N"
  uint64_t size_bytes = 0;
  uint64_t params = 0;
  double generate_seconds = -1;   // synthetic weights only; < 0: not generated
  std::vector<LoadTime> loads;    // one per ISA level, in run order
};

// One ceiling measurement.
struct ProbeRow {
  std::string kind;     // "read_bandwidth" (bytes/s) or "peak" (MAC/s)
  std::string isa;      // peak only
  int threads = 0;
  double value = 0;
  std::string what;     // the buffer size or the instruction timed
};

// One line of the table: a test (pp<p> or tg<n>) of a model at an ISA and thread count.
struct TestRow {
  std::string model;
  uint64_t size_bytes = 0;
  uint64_t params = 0;
  std::string isa;
  int threads = 0;
  std::string test;                 // "pp512", "tg128"
  int64_t n_prompt = 0;
  int64_t n_gen = 0;
  std::vector<double> samples_ts;   // tokens/s of each repetition
  double mean_ts = 0;
  double stddev_ts = 0;
  // Roofline: tg rows in bytes (weights read per token, against read bandwidth);
  // pp rows in MACs (weight matmuls per token, against the ISA's peak).
  double per_token = 0;
  double rate = 0;                  // per_token * mean_ts, per second
  double ceiling = 0;               // the probe's value, per second; 0 if not measured
  double ceiling_pct = 0;           // 100 * rate / ceiling

  bool is_tg() const { return n_gen > 0; }
};

struct Report {
  std::string cpu;
  std::vector<ModelRun> models;
  std::vector<ProbeRow> probes;
  std::vector<TestRow> rows;
};

enum class Format { Markdown, Json, Csv };
// "md" (or "markdown"), "json", "csv"; errors start with "[bench] ".
Result<Format> parse_format(std::string_view name);

std::string format_markdown(const Report& report);
std::string format_json(const Report& report);
std::string format_csv(const Report& report);
std::string format_report(const Report& report, Format format);

// "16.12 GiB", "30.53 B", "1.62 GB", "45.1 GMAC/s": the table's units.
std::string human_bytes_binary(double bytes);
std::string human_count(double n);
std::string human_si(double value, std::string_view unit);

}  // namespace tl::bench

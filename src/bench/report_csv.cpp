// The CSV output: one header line, then one line per test (RFC 4180 quoting).
#include <cstdio>

#include "bench/report.h"

namespace tl::bench {
namespace {

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

std::string format_csv(const Report& r) {
  std::string out =
      "cpu,model,size_bytes,params,isa,threads,test,n_prompt,n_gen,repetitions,avg_ts,stddev_ts,"
      "roofline_unit,per_token,rate,ceiling,ceiling_pct\n";
  for (const TestRow& t : r.rows) {
    out += quote(r.cpu) + "," + quote(t.model) + "," + std::to_string(t.size_bytes) + "," + std::to_string(t.params) +
           "," + quote(t.isa) + "," + std::to_string(t.threads) + "," + quote(t.test) + "," +
           std::to_string(t.n_prompt) + "," + std::to_string(t.n_gen) + "," + std::to_string(t.samples_ts.size()) +
           "," + num(t.mean_ts) + "," + num(t.stddev_ts) + "," + quote(t.is_tg() ? "bytes" : "MAC") + "," +
           num(t.per_token) + "," + num(t.rate) + "," + num(t.ceiling) + "," + num(t.ceiling_pct) + "\n";
  }
  return out;
}

}  // namespace tl::bench

// The markdown output: the ceilings and load times as a short list, then one table row
// per test with llama-bench's columns and the roofline's.
#include <cstdio>

#include "bench/report.h"

namespace tl::bench {
namespace {

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

}  // namespace

std::string human_bytes_binary(double bytes) {
  if (bytes >= 1024.0 * 1024 * 1024) return fmt("%.2f GiB", bytes / (1024.0 * 1024 * 1024));
  return fmt("%.2f MiB", bytes / (1024.0 * 1024));
}

std::string human_count(double n) {
  if (n >= 1e9) return fmt("%.2f B", n / 1e9);
  return fmt("%.2f M", n / 1e6);
}

std::string human_si(double value, std::string_view unit) {
  static const struct {
    double scale;
    const char* prefix;
  } kPrefixes[] = {{1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}};
  for (const auto& p : kPrefixes) {
    if (value < p.scale) continue;
    // Three significant digits at most: "120 GMAC/s", "50.00 GB/s".
    return fmt(value / p.scale >= 100 ? "%.0f " : "%.2f ", value / p.scale) + p.prefix + std::string(unit);
  }
  return fmt("%.2f ", value) + std::string(unit);
}

std::string format_markdown(const Report& r) {
  std::string out = "cpu: " + r.cpu + "\n";
  for (const ProbeRow& p : r.probes) {
    if (p.kind == "read_bandwidth") {
      out += "read bandwidth, " + std::to_string(p.threads) + " threads: " + human_si(p.value, "B/s") + " (" +
             p.what + ")\n";
    } else {
      out += "peak " + p.isa + ", " + std::to_string(p.threads) + " threads: " + human_si(p.value, "MAC/s") + " (" +
             p.what + ")\n";
    }
  }
  for (const ModelRun& m : r.models) {
    out += "model " + m.name + " (" + m.source + "): ";
    if (m.generate_seconds >= 0) out += "weights generated in " + fmt("%.2f s", m.generate_seconds) + ", ";
    out += "loaded in";
    for (size_t i = 0; i < m.loads.size(); ++i) {
      out += (i ? ", " : " ") + fmt("%.2f s", m.loads[i].seconds) + " (" + m.loads[i].isa + ")";
    }
    out += "\n";
  }
  out += "\n| model | size | params | isa | threads | test | t/s | per token | rate | ceiling | % of ceiling |\n";
  out += "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
  for (const TestRow& t : r.rows) {
    const char* unit = t.is_tg() ? "B" : "MAC";
    const std::string rate_unit = t.is_tg() ? "B/s" : "MAC/s";
    out += "| " + t.model + " | " + human_bytes_binary(static_cast<double>(t.size_bytes)) + " | " +
           human_count(static_cast<double>(t.params)) + " | " + t.isa + " | " + std::to_string(t.threads) + " | " +
           t.test + " | " + fmt("%.2f", t.mean_ts) + " ± " + fmt("%.2f", t.stddev_ts) + " | " +
           human_si(t.per_token, unit) + " | " + human_si(t.rate, rate_unit) + " | " +
           (t.ceiling > 0 ? human_si(t.ceiling, rate_unit) : "-") + " | " +
           (t.ceiling > 0 ? fmt("%.1f", t.ceiling_pct) : "-") + " |\n";
  }
  return out;
}

std::string format_report(const Report& report, Format format) {
  switch (format) {
    case Format::Json: return format_json(report);
    case Format::Csv: return format_csv(report);
    case Format::Markdown: break;
  }
  return format_markdown(report);
}

Result<Format> parse_format(std::string_view name) {
  if (name == "md" || name == "markdown") return Format::Markdown;
  if (name == "json") return Format::Json;
  if (name == "csv") return Format::Csv;
  return Status::error("[bench] unknown output format '" + std::string(name) + "' (expected md, json or csv)");
}

}  // namespace tl::bench

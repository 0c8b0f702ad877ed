// The JSON output: every field of the report, samples included, for scripts.
#include <nlohmann/json.hpp>

#include "bench/report.h"

namespace tl::bench {

std::string format_json(const Report& r) {
  using nlohmann::json;
  json models = json::array();
  for (const ModelRun& m : r.models) {
    json loads = json::array();
    for (const LoadTime& l : m.loads) loads.push_back({{"isa", l.isa}, {"seconds", l.seconds}});
    json j = {{"name", m.name},
              {"source", m.source},
              {"size_bytes", m.size_bytes},
              {"params", m.params},
              {"load_seconds", loads}};
    if (m.generate_seconds >= 0) j["generate_seconds"] = m.generate_seconds;
    models.push_back(j);
  }
  json probes = json::array();
  for (const ProbeRow& p : r.probes) {
    json j = {{"kind", p.kind}, {"threads", p.threads}, {"value", p.value}, {"what", p.what}};
    j["unit"] = p.kind == "read_bandwidth" ? "bytes/s" : "MAC/s";
    if (!p.isa.empty()) j["isa"] = p.isa;
    probes.push_back(j);
  }
  json rows = json::array();
  for (const TestRow& t : r.rows) {
    rows.push_back({{"model", t.model},
                    {"size_bytes", t.size_bytes},
                    {"params", t.params},
                    {"isa", t.isa},
                    {"threads", t.threads},
                    {"test", t.test},
                    {"n_prompt", t.n_prompt},
                    {"n_gen", t.n_gen},
                    {"samples_ts", t.samples_ts},
                    {"avg_ts", t.mean_ts},
                    {"stddev_ts", t.stddev_ts},
                    {"roofline",
                     {{"unit", t.is_tg() ? "bytes" : "MAC"},
                      {"per_token", t.per_token},
                      {"rate", t.rate},
                      {"ceiling", t.ceiling},
                      {"ceiling_pct", t.ceiling_pct}}}});
  }
  const json doc = {{"cpu", r.cpu}, {"models", models}, {"probes", probes}, {"results", rows}};
  return doc.dump(2) + "\n";
}

}  // namespace tl::bench

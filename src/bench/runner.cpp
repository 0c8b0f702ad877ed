// run_bench: models outermost (a synthetic model is generated once and shared by all
// levels), then ISA levels (one load each: kernels are chosen at placement), then thread
// counts (one pool each, probes cached per count), then the tests.
#include "bench/runner.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <utility>

#include "bench/costs.h"
#include "bench/probes.h"
#include "bench/stats.h"
#include "bench/timing.h"
#include "model/context.h"
#include "model/model.h"

namespace tl::bench {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f s", s);
  return buf;
}

std::string row_text(const TestRow& row) {
  char buf[64];
  std::snprintf(buf, sizeof buf, ": %.2f ± %.2f t/s", row.mean_ts, row.stddev_ts);
  return row.model + " " + row.isa + " t" + std::to_string(row.threads) + " " + row.test + buf;
}

std::string base_name(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// One model to run: a file, or a generated image (kept alive while its models run).
struct Source {
  std::string path;
  const synthetic::Spec* spec = nullptr;
};

// The probes, measured once per thread count (bandwidth) or (level, threads) (peak).
class ProbeCache {
 public:
  explicit ProbeCache(size_t buffer_bytes) : buffer_bytes_(buffer_bytes) {}
  Result<double> bandwidth(ThreadPool& pool, Report& report) {
    auto it = bandwidth_.find(pool.size());
    if (it != bandwidth_.end()) return it->second;
    Result<BandwidthProbe> bw = measure_read_bandwidth(pool, buffer_bytes_);
    if (!bw.ok()) return bw.status();
    report.probes.push_back({"read_bandwidth", "", pool.size(), bw.value().bytes_per_s,
                             human_bytes_binary(static_cast<double>(bw.value().buffer_bytes)) + " buffer"});
    return bandwidth_[pool.size()] = bw.value().bytes_per_s;
  }
  double peak(Isa isa, ThreadPool& pool, Report& report) {
    const auto key = std::make_pair(isa, pool.size());
    auto it = peak_.find(key);
    if (it != peak_.end()) return it->second;
    const PeakProbe p = measure_peak(isa, pool);
    report.probes.push_back({"peak", isa_name(isa), pool.size(), p.macs_per_s, p.what});
    return peak_[key] = p.macs_per_s;
  }

 private:
  size_t buffer_bytes_;
  std::map<int, double> bandwidth_;
  std::map<std::pair<Isa, int>, double> peak_;
};

// Every (ISA level, repack) pair the run covers, levels outermost.
std::vector<std::pair<Isa, bool>> level_axis(const BenchOptions& o) {
  std::vector<std::pair<Isa, bool>> axis;
  for (Isa isa : o.isas) {
    for (bool repack : o.repack) axis.emplace_back(isa, repack);
  }
  return axis;
}

TestRow make_row(const ModelRun& run, const std::string& level, int threads, int64_t p, int64_t n,
                 std::vector<double> samples) {
  TestRow row;
  row.model = run.name;
  row.size_bytes = run.size_bytes;
  row.params = run.params;
  row.isa = level;
  row.threads = threads;
  row.n_prompt = p;
  row.n_gen = n;
  row.test = p > 0 ? "pp" + std::to_string(p) : "tg" + std::to_string(n);
  const Stats s = summarize(samples);
  row.samples_ts = std::move(samples);
  row.mean_ts = s.mean;
  row.stddev_ts = s.stddev;
  return row;
}

void set_roofline(TestRow& row, const ModelCosts& costs, double ceiling) {
  row.per_token = row.is_tg() ? costs.tg_bytes_per_token : costs.pp_macs_per_token(row.n_prompt);
  row.rate = row.per_token * row.mean_ts;
  row.ceiling = ceiling;
  row.ceiling_pct = ceiling > 0 ? 100.0 * row.rate / ceiling : 0;
}

}  // namespace

std::vector<Isa> available_isas() {
  std::vector<Isa> isas;
  for (Isa isa : {Isa::Amx, Isa::Avx512, Isa::Avx2, Isa::Ref}) {
    if (check_isa_available(isa).ok()) isas.push_back(isa);
  }
  return isas;
}

Result<Report> run_bench(const BenchOptions& o) {
  auto log = [&](const std::string& line) {
    if (o.log) o.log(line);
  };
  if (o.threads.empty() || o.isas.empty()) return Status::error("[bench] no thread counts or ISA levels to run");
  if (o.repetitions < 1) return Status::error("[bench] -r must be at least 1");
  if (!o.save_path.empty() && o.synthetic.size() != 1) {
    return Status::error("[bench] --save needs exactly one --synthetic model (got " +
                         std::to_string(o.synthetic.size()) + ")");
  }
  for (Isa isa : o.isas) TL_RETURN_IF_ERROR(check_isa_available(isa));
  const int max_threads = *std::max_element(o.threads.begin(), o.threads.end());

  std::vector<Source> sources;
  for (const std::string& path : o.model_paths) sources.push_back({path, nullptr});
  for (const synthetic::Spec& spec : o.synthetic) sources.push_back({"", &spec});

  Report report;
  report.cpu = cpu_features().brand;
  ProbeCache probes(o.probe_buffer_bytes);
  for (const Source& src : sources) {
    ModelRun run;
    std::unique_ptr<synthetic::Image> image;
    if (src.spec) {
      run.name = src.spec->display_name();
      run.source = "synthetic, seed " + std::to_string(src.spec->seed);
      log("generating " + run.name + " (" + human_bytes_binary(static_cast<double>(
                                               synthetic::image_bytes_estimate(*src.spec))) + ")");
      ThreadPool pool(max_threads, /*pin=*/true);
      Result<std::unique_ptr<synthetic::Image>> made = synthetic::Image::generate(*src.spec, pool, o.progress);
      if (!made.ok()) return made.status();
      image = std::move(made).value();
      run.generate_seconds = image->generate_seconds();
      log("generated " + run.name + " in " + seconds_text(run.generate_seconds));
      if (!o.save_path.empty()) {
        TL_RETURN_IF_ERROR(image->save(o.save_path, o.save_progress));
        log("saved " + run.name + " to " + o.save_path);
      }
    } else {
      run.name = base_name(src.path);
      run.source = src.path;
    }

    report.models.push_back(run);
    ModelRun& model_run = report.models.back();  // rows copy its name and sizes
    ModelCosts costs;
    for (const auto& [isa, repack] : level_axis(o)) {
      ModelOptions mo;
      mo.placement = o.placement;
      mo.placement.isa = isa;
      mo.placement.no_repack = !repack;
      mo.tile_attention = o.tile_attention;
      // Rows name the kernel level, and "+no-repack" where weights keep the file's layout.
      const std::string level = isa_name(isa) + std::string(repack ? "" : "+no-repack");
      std::unique_ptr<Model> model;
      const auto t0 = Clock::now();
      {
        ThreadPool pool(max_threads, /*pin=*/true);
        Result<std::unique_ptr<Model>> loaded = Status::error("[bench] not loaded");
        if (image) {
          Result<gguf::File> file = image->parse();
          if (!file.ok()) return file.status();
          loaded = Model::load(std::move(file).value(), mo, pool);
        } else {
          loaded = Model::load(src.path, mo, pool);
        }
        if (!loaded.ok()) return loaded.status();
        model = std::move(loaded).value();
      }
      const double load_seconds = seconds_since(t0);
      if (model_run.loads.empty()) {
        costs = model_costs(model->file(), model->hparams());
        model_run.size_bytes = costs.weight_bytes;
        model_run.params = costs.params;
      }
      model_run.loads.push_back({level, load_seconds});
      const AttentionKernel* attention = model->attention_kernel();
      log("loaded " + run.name + " for " + level + " in " + seconds_text(load_seconds) + "; prompt attention " +
          (attention ? attention->name : "per token (row kernels)") + "\n" +
          model->placement().report(o.verbose));
      for (int threads : o.threads) {
        ThreadPool pool(threads, /*pin=*/true);
        TimingOptions timing{o.repetitions, o.warmup, o.token_seed};
        for (int64_t p : o.n_prompt) {
          if (p <= 0) continue;
          ContextOptions copt;
          copt.n_ctx = p;
          copt.n_batch = std::min(p, o.n_batch);
          Context ctx(*model, pool, copt);
          ForwardProfile profile;
          if (o.profile) ctx.set_profile(&profile);
          Result<std::vector<double>> samples = time_prompt(ctx, p, timing);
          if (!samples.ok()) return samples.status();
          TestRow row = make_row(model_run, level, threads, p, 0, std::move(samples).value());
          set_roofline(row, costs, o.probes ? probes.peak(isa, pool, report) : 0);
          log(row_text(row));
          if (o.profile) log("  profile: " + profile.shares() + "\n");
          report.rows.push_back(std::move(row));
        }
        for (int64_t n : o.n_gen) {
          if (n <= 0) continue;
          ContextOptions copt;
          copt.n_ctx = n;
          copt.n_batch = 1;
          Context ctx(*model, pool, copt);
          ForwardProfile profile;
          if (o.profile) ctx.set_profile(&profile);
          Result<std::vector<double>> samples = time_generation(ctx, n, timing);
          if (!samples.ok()) return samples.status();
          TestRow row = make_row(model_run, level, threads, 0, n, std::move(samples).value());
          double ceiling = 0;
          if (o.probes) {
            Result<double> bw = probes.bandwidth(pool, report);
            if (!bw.ok()) return bw.status();
            ceiling = bw.value();
          }
          set_roofline(row, costs, ceiling);
          log(row_text(row));
          if (o.profile) log("  profile: " + profile.shares() + "\n");
          report.rows.push_back(std::move(row));
        }
      }
    }
  }
  return report;
}

}  // namespace tl::bench

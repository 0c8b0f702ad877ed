// tilelm bench: llama-bench's measurements (pp/tg tokens per second, mean ± stddev) over
// lists of models, prompt and generation lengths, thread counts and ISA levels, with
// roofline columns; synthetic models of real shapes need no download. With no model it
// runs the embedded demo (see bench/demo.h).
#include <unistd.h>

#include <cstdio>
#include <memory>

#include "bench/demo.h"
#include "bench/list_parse.h"
#include "bench/runner.h"
#include "kernels/amx/amx.h"
#include "runtime/affinity.h"
#include "synthetic/spec.h"
#include "tools/common_options.h"
#include "tools/verbs.h"

namespace tl::cli {
namespace {

struct BenchFlags {
  std::vector<std::string> models;
  std::vector<std::string> synthetic;
  std::vector<std::string> n_prompt;
  std::vector<std::string> n_gen;
  std::vector<std::string> threads;
  std::vector<std::string> isa;
  int repetitions = 5;
  int64_t n_batch = 512;
  int64_t layers = 0;
  int64_t vocab = 0;
  uint64_t seed = 42;
  std::string output = "md";
  std::string save;
  std::vector<std::string> overrides;
  bool no_repack = false;
  std::string attention = "tiles";
  bool verbose = false;
  bool profile = false;
  std::vector<std::string> repack;
  bool no_warmup = false;
  bool no_probes = false;
  bool demo = false;
  int64_t amx_wide_rows = 0;  // 0: the kernels' default
  std::string amx_wide = "int8";
};

// Prints "\rgenerating: 42% (1.20 / 2.86 GiB)" on a terminal; nothing otherwise.
synthetic::Progress progress_bar(const char* what) {
  if (isatty(STDERR_FILENO) == 0) return {};
  return [what](uint64_t done, uint64_t total) {
    std::fprintf(stderr, "\r%s: %3d%% (%.2f / %.2f GiB)", what, total ? static_cast<int>(done * 100 / total) : 100,
                 static_cast<double>(done) / (1 << 30), static_cast<double>(total) / (1 << 30));
    if (done == total) std::fprintf(stderr, "\n");
  };
}

int run_bench_verb(const BenchFlags& f, const CLI::App& cmd) {
  using namespace tl::bench;
  const bool demo = f.demo || (f.models.empty() && f.synthetic.empty());
  const DemoDefaults dd = demo_defaults();
  auto given = [&](const char* flag) { return cmd.count(flag) > 0; };
  if (demo && !f.demo) {
    std::fprintf(stderr, "no model given: running the embedded demo (as --demo; -m or --synthetic choose a model)\n");
  }

  if (given("--amx-wide-rows")) set_amx_wide_min_rows(f.amx_wide_rows);
  apply_amx_wide(f.amx_wide);
  BenchOptions o;
  Result<std::vector<int64_t>> p = parse_int_lists(f.n_prompt, "-p", 0, 1 << 20);
  Result<std::vector<int64_t>> n = parse_int_lists(f.n_gen, "-n", 0, 1 << 20);
  Result<std::vector<int64_t>> t = parse_int_lists(f.threads, "-t", 1, 1024);
  Result<std::vector<std::string>> isa_names = parse_name_lists(f.isa, "--isa");
  Result<std::vector<std::string>> models = parse_name_lists(f.models, "-m");
  Result<std::vector<std::string>> specs = parse_name_lists(f.synthetic, "--synthetic");
  for (const Status* s :
       {&p.status(), &n.status(), &t.status(), &isa_names.status(), &models.status(), &specs.status()}) {
    if (!s->ok()) return fail("bench", s->message());
  }
  Result<Format> format = parse_format(f.output);
  if (!format.ok()) return fail("bench", format.error());

  o.n_prompt = given("-p") ? p.value() : demo ? std::vector<int64_t>{dd.n_prompt} : std::vector<int64_t>{512};
  o.n_gen = given("-n") ? n.value() : demo ? std::vector<int64_t>{dd.n_gen} : std::vector<int64_t>{128};
  o.repetitions = given("-r") || !demo ? f.repetitions : dd.repetitions;
  if (given("-t")) {
    for (int64_t v : t.value()) o.threads.push_back(static_cast<int>(v));
  } else {
    o.threads = {physical_core_count()};
  }
  if (given("--isa")) {
    for (const std::string& name : isa_names.value()) {
      Result<Isa> isa = parse_isa(name);
      if (!isa.ok()) return fail("bench", isa.error());
      o.isas.push_back(isa.value());
    }
  } else if (demo) {
    o.isas = available_isas();
  } else {
    std::string why;
    o.isas = {best_isa(cpu_features(), request_amx_permission(&why))};
  }
  for (Isa isa : o.isas) {
    if (isa == Isa::Amx || isa == Isa::AmxEmu) {
      print_amx_wide();
      break;
    }
  }

  synthetic::SpecOptions so;
  so.n_layer = given("--layers") || !demo ? f.layers : dd.n_layer;
  so.n_vocab = f.vocab;
  so.seed = f.seed;
  std::vector<std::string> spec_texts = specs.value();
  if (demo && spec_texts.empty() && models.value().empty()) spec_texts.push_back(dd.synthetic);
  for (const std::string& text : spec_texts) {
    Result<synthetic::Spec> spec = synthetic::parse_spec(text, so);
    if (!spec.ok()) return fail("bench", spec.error());
    o.synthetic.push_back(spec.value());
  }
  o.model_paths = models.value();
  o.n_batch = f.n_batch;
  o.warmup = !f.no_warmup;
  o.probes = !f.no_probes;
  o.verbose = f.verbose;
  o.profile = f.profile;
  o.save_path = f.save;
  o.tile_attention = f.attention == "tiles";
  for (const std::string& text : f.overrides) {
    Result<TensorOverride> ov = parse_tensor_override(text);
    if (!ov.ok()) return fail("bench", ov.error());
    o.placement.overrides.push_back(ov.value());
  }
  if (!f.repack.empty()) {
    if (f.no_repack) return fail("bench", "give --no-repack or --repack, not both");
    Result<std::vector<int64_t>> r = parse_int_lists(f.repack, "--repack", 0, 1);
    if (!r.ok()) return fail("bench", r.error());
    o.repack.assign(r.value().begin(), r.value().end());
  } else {
    o.repack = {!f.no_repack};
  }
  o.log = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };
  o.progress = progress_bar("generating weights");
  o.save_progress = progress_bar("saving");

  Result<Report> report = run_bench(o);
  if (!report.ok()) return fail("bench", report.error());
  const std::string text = format_report(report.value(), format.value());
  std::fwrite(text.data(), 1, text.size(), stdout);
  if (demo) {
    std::FILE* note = format.value() == Format::Markdown ? stdout : stderr;
    std::fprintf(note, "\nfull-size run: %s\n", full_size_command(o.isas).c_str());
  }
  return 0;
}

}  // namespace

void add_bench_verb(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand(
      "bench",
      "measure prompt (pp) and generation (tg) speed, llama-bench style, with roofline columns;\n"
      "with no model, runs the embedded demo: " +
          bench::demo_defaults().synthetic + " scaled to a few layers, on every ISA level the CPU has");
  auto f = std::make_shared<BenchFlags>();
  cmd->add_option("-m,--model", f->models, "GGUF model file(s), comma-separated or repeated");
  cmd->add_option("--synthetic", f->synthetic,
                  "synthetic model(s) NAME[:TYPE], e.g. qwen3-30b-a3b:q4_0, llama3-8b:q8_0 (presets: " +
                      synthetic::preset_names() + "; default type q4_0)");
  cmd->add_option("--layers", f->layers, "synthetic models: number of layers (scales a preset down)")
      ->check(CLI::Range(int64_t{1}, int64_t{4096}));
  cmd->add_option("--vocab", f->vocab, "synthetic models: vocabulary size (anchors used 32000)")
      ->check(CLI::Range(synthetic::kMinVocab, int64_t{1} << 24));
  cmd->add_option("--seed", f->seed, "synthetic models: weight seed (same seed, same bytes)");
  cmd->add_option("--save", f->save, "write the synthetic model to FILE.gguf (loads in llama.cpp unchanged)");
  cmd->add_option("-p,--n-prompt", f->n_prompt, "prompt lengths, comma-separated (0: no pp test; default 512)");
  cmd->add_option("-n,--n-gen", f->n_gen, "generation lengths, comma-separated (0: no tg test; default 128)");
  cmd->add_option("-t,--threads", f->threads, "thread counts, comma-separated (default: physical cores)");
  cmd->add_option("--isa", f->isa, "ISA levels, comma-separated: amx, avx512, avx2, ref, amx-emu (default: best)");
  cmd->add_option("-r,--repetitions", f->repetitions, "timed runs per test (default 5)")->check(CLI::Range(1, 1000));
  cmd->add_option("-b,--batch-size", f->n_batch, "tokens per forward call in pp tests (default 512)")
      ->check(CLI::Range(int64_t{1}, int64_t{65536}));
  cmd->add_option("-o,--output", f->output, "output format: md, json, csv (default md)");
  cmd->add_option("--override-tensor", f->overrides, "place tensors matching REGEX in TYPE: REGEX=TYPE (also -ot)");
  cmd->add_flag("--no-repack", f->no_repack, "keep weights in the file's layout");
  add_attention_flag(*cmd, f->attention);
  cmd->add_option("--repack", f->repack, "placement axis: 1 (repacked/amx layouts), 0 (as --no-repack), or 1,0");
  cmd->add_flag("-v,--verbose", f->verbose, "log every tensor's placement, kernel and reason (totals are always logged)");
  cmd->add_flag("--profile", f->profile, "log each test's time per forward-pass section (matmuls by role, attention, ...)");
  cmd->add_flag("--no-warmup", f->no_warmup, "skip the untimed warm-up run of each test");
  cmd->add_flag("--no-probes", f->no_probes, "skip the bandwidth and peak probes (no roofline columns)");
  cmd->add_option("--amx-wide-rows", f->amx_wide_rows,
                  "amx, int8 types: rows of a matmul (of an expert, for MoE) from which the wide tile path replaces "
                  "int8 tiles per 32 K (default " + std::to_string(amx_wide_min_rows()) + ")")
      ->check(CLI::Range(int64_t{16}, int64_t{1} << 30));
  add_amx_wide_flag(*cmd, f->amx_wide);
  cmd->add_flag("--demo", f->demo, "the embedded default run (also what no model means)");
  cmd->callback([=] { *exit_code = run_bench_verb(*f, *cmd); });
}

}  // namespace tl::cli

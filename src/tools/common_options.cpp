// Shared model flags and loading; see common_options.h.
#include "tools/common_options.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "kernels/amx/amx.h"

namespace tl::cli {

void add_attention_flag(CLI::App& app, std::string& attention) {
  app.add_option("--attention", attention,
                 "prompt attention: tiles (the level's tile kernel where it has one: amx, amx-emu) or rows "
                 "(per token, the row kernels)")
      ->check(CLI::IsMember({"tiles", "rows"}));
}

namespace {

// The group size comes from the kernels: a constant written here too once drifted from
// theirs.
std::string int8_groups_description() {
  return "int8 tiles at K = 64 on weights and activations requantized per " + std::to_string(amx_group_k()) + " K";
}

}  // namespace

void add_amx_wide_flag(CLI::App& app, std::string& wide) {
  app.add_option("--amx-wide", wide,
                 "amx, int8 types at many rows: int8 (" + int8_groups_description() +
                     "; default, fastest) or bf16 (bf16 tiles on dequantized weights; most accurate)")
      ->check(CLI::IsMember({"int8", "bf16"}));
}

void apply_amx_wide(const std::string& wide) { set_amx_wide(wide == "bf16" ? AmxWide::Bf16 : AmxWide::Int8Groups); }

void print_amx_wide() {
  const std::string what = amx_wide() == AmxWide::Bf16 ? "bf16 tiles on dequantized weights" : int8_groups_description();
  std::fprintf(stderr, "amx: int8 types take %s from %lld rows per matmul (per expert)\n", what.c_str(),
               static_cast<long long>(amx_wide_min_rows()));
}

void add_model_flags(CLI::App& app, ModelFlags& f, bool require_model) {
  auto* m = app.add_option("-m,--model", f.model_path, "GGUF model file");
  if (require_model) m->required();
  app.add_option("-t,--threads", f.threads, "threads (default: physical cores)")->check(CLI::Range(1, 1024));
  app.add_option("--isa", f.isa, "kernel level: amx, amx-emu, avx512, avx2, ref (default: best available)");
  app.add_option("--override-tensor", f.overrides, "place tensors matching REGEX in TYPE: REGEX=TYPE (also -ot)");
  app.add_flag("--no-repack", f.no_repack, "keep weights in the file's layout (no repacked copies)");
  add_attention_flag(app, f.attention);
  add_amx_wide_flag(app, f.amx_wide);
  app.add_flag("-v,--verbose", f.verbose, "print every tensor's placement and kernel");
  app.add_option("-c,--ctx-size", f.n_ctx, "context size (default: min(training context, 4096))")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 24));
  app.add_option("-b,--batch-size", f.n_batch, "tokens per forward call")->check(CLI::Range(int64_t{1}, int64_t{65536}));
}

std::unique_ptr<LoadedModel> load_model(const ModelFlags& f) {
  ModelOptions options;
  if (f.isa.empty()) {
    std::string why;
    const bool amx = request_amx_permission(&why);
    options.placement.isa = best_isa(cpu_features(), amx);
  } else {
    Result<Isa> isa = parse_isa(f.isa);
    if (!isa.ok()) {
      fail("load", isa.error());
      return nullptr;
    }
    Status available = check_isa_available(isa.value());
    if (!available.ok()) {
      fail("load", available.message());
      return nullptr;
    }
    options.placement.isa = isa.value();
  }
  for (const std::string& text : f.overrides) {
    Result<TensorOverride> o = parse_tensor_override(text);
    if (!o.ok()) {
      fail("load", o.error());
      return nullptr;
    }
    options.placement.overrides.push_back(o.value());
  }
  options.placement.no_repack = f.no_repack;
  options.tile_attention = f.attention == "tiles";
  apply_amx_wide(f.amx_wide);

  const auto start = std::chrono::steady_clock::now();
  const bool tty = isatty(STDERR_FILENO) != 0;
  options.placement.progress = [&](size_t done, size_t total) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    // Only a load that takes more than a moment gets a bar, and only on a terminal.
    if (!tty || seconds < 0.5) return;
    std::fprintf(stderr, "\rloading %s: %3zu%% (%zu/%zu tensors)", f.model_path.c_str(), done * 100 / total, done,
                 total);
    if (done == total) std::fprintf(stderr, "\n");
  };

  auto loaded = std::make_unique<LoadedModel>();
  const int threads = f.threads > 0 ? f.threads : physical_core_count();
  loaded->pool = std::make_unique<ThreadPool>(threads, /*pin=*/true);
  Result<std::unique_ptr<Model>> model = Model::load(f.model_path, options, *loaded->pool);
  if (!model.ok()) {
    fail("load", model.error());
    return nullptr;
  }
  loaded->model = std::move(model).value();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const AttentionKernel* attention = loaded->model->attention_kernel();
  std::fprintf(stderr, "model: %s\n%s\nkernels: %s, prompt attention %s, %d threads; loaded in %.2f s\n",
               f.model_path.c_str(), loaded->model->hparams().to_string().c_str(), isa_name(loaded->model->isa()),
               attention ? attention->name : "per token (row kernels)", threads, seconds);
  if (loaded->model->isa() == Isa::Amx || loaded->model->isa() == Isa::AmxEmu) {
    print_amx_wide();
  }
  std::fprintf(stderr, "%s", loaded->model->placement().report(f.verbose).c_str());
  return loaded;
}

Result<std::vector<int32_t>> parse_id_list(const std::string& text) {
  std::vector<int32_t> ids;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = text.find(',', start);
    const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    char* end = nullptr;
    errno = 0;
    const long long v = std::strtoll(item.c_str(), &end, 10);
    if (item.empty() || *end != '\0' || errno != 0 || v < 0 || v > INT32_MAX) {
      return Status::error("bad token id '" + item + "' in '" + text + "' (expected comma-separated ids)");
    }
    ids.push_back(static_cast<int32_t>(v));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return ids;
}

int fail(const std::string& verb, const std::string& message) {
  std::fprintf(stderr, "tilelm %s: %s\n", verb.c_str(), message.c_str());
  return 1;
}

}  // namespace tl::cli

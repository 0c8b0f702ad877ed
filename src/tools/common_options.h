// Flags shared by the verbs that load a model (-m, -t, --isa, -ot, --no-repack,
// --attention, --amx-wide, -c, --verbose), and the loading they drive.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

#include "model/model.h"
#include "runtime/thread_pool.h"

namespace tl::cli {

struct ModelFlags {
  std::string model_path;
  int threads = 0;  // 0: physical cores
  std::string isa;  // "" : best available
  std::vector<std::string> overrides;
  bool no_repack = false;
  std::string attention = "tiles";
  std::string amx_wide = "int8";
  bool verbose = false;
  int64_t n_ctx = 0;
  int64_t n_batch = 512;
};

void add_model_flags(CLI::App& app, ModelFlags& flags, bool require_model = true);
// --attention tiles|rows (ModelOptions::tile_attention), also for bench.
void add_attention_flag(CLI::App& app, std::string& attention);
// --amx-wide int8|bf16: the int8 types' wide tile path (kernels/amx/amx.h's AmxWide),
// also for bench; apply_amx_wide sets it, print_amx_wide says on stderr which one is set
// and from how many rows.
void add_amx_wide_flag(CLI::App& app, std::string& wide);
void apply_amx_wide(const std::string& wide);
void print_amx_wide();

// Everything a verb needs to run a model: the pool and the model, loaded with a progress
// bar on a terminal and the load report on stderr.
struct LoadedModel {
  std::unique_ptr<ThreadPool> pool;
  std::unique_ptr<Model> model;
};
// Prints the error and returns null on failure.
std::unique_ptr<LoadedModel> load_model(const ModelFlags& flags);

// Parses "1,2,3" into ids; an error names the bad item.
Result<std::vector<int32_t>> parse_id_list(const std::string& text);

// Prints "tilelm <verb>: <message>" to stderr; returns the exit code 1.
int fail(const std::string& verb, const std::string& message);

}  // namespace tl::cli

// The bench run: every model x ISA level x thread count x test, with the probes each
// combination needs, into one Report. The verb only parses flags and prints.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "bench/report.h"
#include "placement/placement.h"
#include "runtime/isa.h"
#include "synthetic/image.h"
#include "synthetic/spec.h"

namespace tl::bench {

struct BenchOptions {
  std::vector<std::string> model_paths;      // -m
  std::vector<synthetic::Spec> synthetic;    // --synthetic
  std::vector<int64_t> n_prompt = {512};     // -p; 0 skips pp tests
  std::vector<int64_t> n_gen = {128};        // -n; 0 skips tg tests
  std::vector<int> threads;                  // -t (non-empty)
  std::vector<Isa> isas;                     // --isa (non-empty)
  int repetitions = 5;
  int64_t n_batch = 512;                     // tokens per forward call in pp tests
  bool warmup = true;
  bool probes = true;                        // measure the roofline's ceilings
  bool verbose = false;                      // log every tensor's placement, not just the totals
  bool profile = false;                      // log each test's time per forward-pass section
  size_t probe_buffer_bytes = 0;             // bandwidth probe buffer; 0: its default
  uint64_t token_seed = 1234;
  PlacementOptions placement;                // overrides (isa and no_repack are set per row)
  std::vector<bool> repack = {true};         // --repack 1,0: the placement axis (0 = --no-repack)
  bool tile_attention = true;                // --attention rows: per-token attention everywhere
  std::string save_path;                     // write the (single) synthetic model here

  // Status lines for a terminal (stderr), and the progress (bytes done, total) of weight
  // generation and of --save.
  std::function<void(const std::string&)> log;
  synthetic::Progress progress;
  synthetic::Progress save_progress;
};

// Runs everything; an error (bad model, ISA the CPU lacks, decode failure) stops the run.
// Errors start with their part's prefix ("[bench] ", "[gguf] ", "[runtime] ", ...).
Result<Report> run_bench(const BenchOptions& options);

// The ISA levels this machine can run, fastest first (amx, avx512, avx2, ref; never
// amx-emu), for the default run.
std::vector<Isa> available_isas();

}  // namespace tl::bench

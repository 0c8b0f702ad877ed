// The embedded default of `tilelm bench` (no model given, or --demo): the qwen3-30b-a3b
// preset at Q4_0 on every ISA level the CPU has, scaled down so the whole run takes a few
// minutes on 2 cores with the reference kernels, and the command for the full-size run.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/isa.h"

namespace tl::bench {

struct DemoDefaults {
  std::string synthetic = "qwen3-30b-a3b:q4_0";
  int64_t n_layer = 0;      // of 48
  int64_t n_prompt = 0;
  int64_t n_gen = 0;
  int repetitions = 0;
};

DemoDefaults demo_defaults();

// "tilelm bench --synthetic qwen3-30b-a3b:q4_0 -p 512 -n 128 -r 5 --isa avx2,ref", and
// the anchors' variant with --vocab 32000.
std::string full_size_command(const std::vector<Isa>& isas);

}  // namespace tl::bench

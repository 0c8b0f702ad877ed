// The demo's scale. With the reference kernels a qwen3-30b-a3b layer costs ~57 M MACs per
// token and the 151936-row output matrix 311 M, so a few layers, a short prompt and a
// couple of repetitions keep each ISA level to about a minute on 2 cores.
#include "bench/demo.h"

namespace tl::bench {

DemoDefaults demo_defaults() {
  DemoDefaults d;
  d.n_layer = 4;
  d.n_prompt = 32;
  d.n_gen = 8;
  d.repetitions = 2;
  return d;
}

std::string full_size_command(const std::vector<Isa>& isas) {
  std::string list;
  for (Isa isa : isas) list += (list.empty() ? "" : ",") + std::string(isa_name(isa));
  return "tilelm bench --synthetic " + demo_defaults().synthetic + " -p 512 -n 128 -r 5 --isa " + list +
         "   (add --vocab 32000 to match ../shared/anchors.md)";
}

}  // namespace tl::bench

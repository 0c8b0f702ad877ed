// model_costs: one pass over the tensor table, classifying tensors by their GGUF names.
#include "bench/costs.h"

#include <string_view>

namespace tl::bench {

ModelCosts model_costs(const gguf::File& file, const HParams& hp) {
  ModelCosts c;
  const bool tied = file.find_tensor("output.weight") == nullptr;
  const double expert_share =
      hp.n_expert > 0 ? static_cast<double>(hp.n_expert_used) / static_cast<double>(hp.n_expert) : 1.0;
  for (const gguf::TensorInfo& t : file.tensors()) {
    c.weight_bytes += t.n_bytes;
    c.params += static_cast<uint64_t>(t.n_elements());
    const std::string_view name = t.name;
    const double bytes = static_cast<double>(t.n_bytes);
    const double macs = static_cast<double>(t.ne[0]) * static_cast<double>(t.ne[1]);  // one matrix
    if (name == "token_embd.weight") {
      c.tg_bytes_per_token += static_cast<double>(row_bytes(t.type, t.ne[0]));
      if (tied) {
        c.tg_bytes_per_token += bytes;
        c.output_macs = macs;
      }
    } else if (name == "output.weight") {
      c.tg_bytes_per_token += bytes;
      c.output_macs = macs;
    } else if (name.find("_exps.") != std::string_view::npos) {
      c.tg_bytes_per_token += bytes * expert_share;
      c.layer_macs_per_token += macs * static_cast<double>(hp.n_expert_used);
    } else if (t.n_dims >= 2 && name.substr(0, 4) == "blk.") {
      c.tg_bytes_per_token += bytes;
      c.layer_macs_per_token += macs;
    } else if (name.substr(0, 4) == "blk." || name == "output_norm.weight") {
      c.tg_bytes_per_token += bytes;  // norms and biases
    }
  }
  return c;
}

}  // namespace tl::bench

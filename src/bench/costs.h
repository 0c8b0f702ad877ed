// What one token costs a model, from its tensor table: the weight bytes a decoded token
// reads (the tg roofline) and the multiply-accumulates of its weight matmuls (the pp
// roofline). Attention over the KV cache is left out: at bench context lengths it is
// a few percent of either.
#pragma once

#include <cstdint>

#include "gguf/gguf.h"
#include "model/hparams.h"

namespace tl::bench {

struct ModelCosts {
  uint64_t weight_bytes = 0;  // every tensor (the size column)
  uint64_t params = 0;        // every element (the params column)
  // Weight bytes one decoded token reads: all dense matrices and vectors, the router,
  // n_expert_used / n_expert of each expert tensor, the output matrix, one embedding row.
  double tg_bytes_per_token = 0;
  // Weight-matmul MACs of one token through the layers (experts counted as used).
  double layer_macs_per_token = 0;
  // The output matmul's MACs for one row of logits.
  double output_macs = 0;

  // A pp run of p tokens computes logits for its last token only.
  double pp_macs_per_token(int64_t p) const { return layer_macs_per_token + output_macs / static_cast<double>(p); }
};

ModelCosts model_costs(const gguf::File& file, const HParams& hp);

}  // namespace tl::bench

// A loaded model: the mapped file, its hyper-parameters, placed weights, and the
// kernel tables chosen for this CPU. Immutable after load; many Contexts may share it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "gguf/gguf.h"
#include "kernels/attention_kernel.h"
#include "model/hparams.h"
#include "model/weights.h"
#include "placement/placement.h"
#include "runtime/thread_pool.h"

namespace tl {

struct ModelOptions {
  PlacementOptions placement;  // isa, --override-tensor, --no-repack
  bool tile_attention = true;  // the level's prompt attention kernel if any (--attention)
};

class Model {
 public:
  // Opens, validates and places a model. Errors name the file and what is wrong.
  static Result<std::unique_ptr<Model>> load(const std::string& path, const ModelOptions& options,
                                             ThreadPool& pool);
  // Same, from an already opened file (the synthetic models of `bench` use this).
  static Result<std::unique_ptr<Model>> load(gguf::File file, const ModelOptions& options, ThreadPool& pool);

  const gguf::File& file() const { return file_; }
  const HParams& hparams() const { return hp_; }
  const Placement& placement() const { return placement_; }
  const ModelWeights& weights() const { return weights_; }
  const RowKernels& row_kernels() const { return *rows_; }
  // The prompt attention kernel of the level, or null (row_kernels().attend serves).
  const AttentionKernel* attention_kernel() const { return attention_; }
  Isa isa() const { return isa_; }

 private:
  Model(gguf::File file, HParams hp, Placement placement, const RowKernels& rows, const AttentionKernel* attention,
        Isa isa);
  gguf::File file_;
  HParams hp_;
  Placement placement_;
  ModelWeights weights_;
  const RowKernels* rows_;
  const AttentionKernel* attention_;
  Isa isa_;
};

}  // namespace tl

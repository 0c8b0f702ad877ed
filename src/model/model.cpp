// Model loading: open, validate hyper-parameters and tensor shapes, place, bind.
#include "model/model.h"

#include "kernels/registry.h"

namespace tl {

Model::Model(gguf::File file, HParams hp, Placement placement, const RowKernels& rows,
             const AttentionKernel* attention, Isa isa)
    : file_(std::move(file)),
      hp_(hp),
      placement_(std::move(placement)),
      rows_(&rows),
      attention_(attention),
      isa_(isa) {
  weights_ = bind_weights(placement_, hp_);
}

Result<std::unique_ptr<Model>> Model::load(const std::string& path, const ModelOptions& options,
                                           ThreadPool& pool) {
  Result<gguf::File> file = gguf::File::open(path);
  if (!file.ok()) return file.status();
  return load(std::move(file).value(), options, pool);
}

Result<std::unique_ptr<Model>> Model::load(gguf::File file, const ModelOptions& options, ThreadPool& pool) {
  Result<HParams> hp = HParams::from_gguf(file);
  if (!hp.ok()) return hp.status();
  Result<std::vector<TensorUse>> uses = plan_tensor_uses(file, hp.value());
  if (!uses.ok()) return uses.status();
  Result<Placement> placement = Placement::build(file, uses.value(), options.placement, pool);
  if (!placement.ok()) return placement.status();
  const KernelRegistry& registry = KernelRegistry::instance();
  const RowKernels& rows = registry.row_kernels(options.placement.isa);
  const AttentionKernel* attention =
      options.tile_attention ? registry.choose_attention(options.placement.isa, nullptr) : nullptr;
  return std::unique_ptr<Model>(new Model(std::move(file), hp.value(), std::move(placement).value(), rows,
                                          attention, options.placement.isa));
}

}  // namespace tl

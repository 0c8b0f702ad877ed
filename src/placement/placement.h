// Placement: every weight tensor, on its own, into a buffer of one buffer type.
//
// For each tensor: user overrides first (--override-tensor REGEX=TYPE), then the
// priority list (amx, cpu-repack, mapped, cpu-f32 as they exist); the first type that
// accepts the tensor for every op that reads it wins. An override that cannot work is a
// load-time error naming the tensor. The decision is data: one row per tensor.
#pragma once

#include <functional>
#include <map>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "placement/buffer_type.h"
#include "util/status.h"

namespace tl {

namespace gguf {
class File;
}

struct TensorOverride {
  std::string pattern;  // ECMAScript regex, searched in the tensor name
  std::string buffer_type;
};

struct PlacementOptions {
  Isa isa = Isa::Ref;                   // the level kernels are chosen at
  std::vector<TensorOverride> overrides;
  bool no_repack = false;               // only zero-copy / conversion types
  // Called after each tensor is placed (tensors done, total), e.g. for a progress bar.
  std::function<void(size_t, size_t)> progress;
};

// Parses "REGEX=TYPE" (the -ot flag).
Result<TensorOverride> parse_tensor_override(const std::string& text);

class Placement {
 public:
  // Places every tensor in `uses` (tensors the model reads). `pool` copies in parallel.
  static Result<Placement> build(const gguf::File& file, const std::vector<TensorUse>& uses,
                                 const PlacementOptions& options, ThreadPool& pool);

  const PlacedTensor* find(const std::string& name) const;
  const std::vector<PlacedTensor>& tensors() const { return tensors_; }

  // MiB and tensor count per buffer type with totals; verbose adds one line per tensor
  // (name, type, shape, ops, buffer type, kernel, reason).
  std::string report(bool verbose) const;

 private:
  std::vector<PlacedTensor> tensors_;
  std::map<std::string, size_t, std::less<>> index_;
};

}  // namespace tl

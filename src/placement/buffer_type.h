// Buffer types: where a weight tensor's bytes live and in which layout. Each type says
// which tensors it accepts (for which consuming ops), how many bytes its layout needs,
// and how to fill them. Buffers are ordinary host memory any CPU code can read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "kernels/matmul_kernel.h"
#include "placement/host_buffer.h"
#include "placement/tensor_use.h"
#include "runtime/isa.h"
#include "util/status.h"

namespace tl {

class ThreadPool;

// One tensor after placement.
struct PlacedTensor {
  const gguf::TensorInfo* info = nullptr;
  uint32_t ops = 0;
  const class BufferType* buffer = nullptr;
  std::string reason;            // why this buffer type (for the verbose report)
  const uint8_t* data = nullptr; // the bytes in their buffer
  DType type = DType::F32;       // type of the bytes at `data` (a buffer may convert)
  WeightLayout layout = WeightLayout::Rows;
  size_t row_stride = 0;         // bytes between rows of ne[0] elements
  size_t expert_stride = 0;      // bytes between experts (3-D tensors)
  size_t owned_bytes = 0;        // bytes this tensor occupies in an owned buffer (0: mapped)
  std::unique_ptr<HostBuffer> storage;  // owned bytes, if any
  const MatmulKernel* kernel = nullptr; // for matmul uses
};

class BufferType {
 public:
  virtual ~BufferType() = default;
  virtual std::string_view name() const = 0;
  // True if this type can hold `use.info` for every op in `use.ops` at ISA level `isa`;
  // otherwise false and why.
  virtual bool accepts(const TensorUse& use, Isa isa, std::string* why) const = 0;
  // Fills `out` (data, type, layout, strides, storage) from the file's bytes `src`, for
  // kernels of level `isa`. Copies are made in parallel on `pool`.
  virtual Status place(const TensorUse& use, const uint8_t* src, Isa isa, ThreadPool& pool,
                       PlacedTensor& out) const = 0;
  // True if the tensor's bytes are copied (so its mapped pages can be released).
  virtual bool copies() const = 0;
};

// The buffer types of this build, by name: "amx", "cpu-repack", "mapped", "cpu-f32".
const BufferType* find_buffer_type(std::string_view name);

}  // namespace tl

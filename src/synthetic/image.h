// A synthetic model as the exact bytes of a GGUF file, built in one buffer: the engine
// parses it in place (no copy) and --save writes the same bytes to disk.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "gguf/gguf.h"
#include "runtime/thread_pool.h"
#include "synthetic/image_buffer.h"
#include "synthetic/spec.h"
#include "synthetic/tensor_plan.h"

namespace tl::synthetic {

// Called on the calling thread with (bytes done, bytes total), a few times a second.
using Progress = std::function<void(uint64_t done, uint64_t total)>;

class Image {
 public:
  // Lays out the header and generates every tensor's blocks on all threads of `pool`.
  // The bytes depend only on the spec (seed included), never on the thread count.
  // Errors (not enough memory) start with "[synthetic] ".
  static Result<std::unique_ptr<Image>> generate(const Spec& spec, ThreadPool& pool,
                                                 const Progress& progress = {});

  const Spec& spec() const { return spec_; }
  const std::vector<PlannedTensor>& tensors() const { return plan_; }
  // The whole file: header, metadata, tensor table, data.
  std::span<const uint8_t> bytes() const { return {buffer_->data(), size_}; }
  size_t header_bytes() const { return header_size_; }
  double generate_seconds() const { return generate_seconds_; }
  // A name for messages: "synthetic:<display name>".
  std::string source_name() const;

  // A gguf::File over bytes(); it must not outlive this Image.
  Result<gguf::File> parse() const;
  // Writes bytes() to `path` (through a temporary file and a rename). Errors start with
  // "[synthetic] <path>: ".
  Status save(const std::string& path, const Progress& progress = {}) const;

 private:
  Image() = default;
  Spec spec_;
  std::vector<PlannedTensor> plan_;
  std::unique_ptr<ImageBuffer> buffer_;
  size_t size_ = 0;
  size_t header_size_ = 0;
  double generate_seconds_ = 0;
};

// Bytes of the image `spec` makes, without making it (for memory checks and --help).
uint64_t image_bytes_estimate(const Spec& spec);

}  // namespace tl::synthetic

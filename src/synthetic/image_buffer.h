// Anonymous memory for a whole GGUF image. Pages are committed on first write, so
// reserving a little more than needed costs nothing, and huge pages are asked for
// because decode streams every byte of it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "util/status.h"

namespace tl::synthetic {

class ImageBuffer {
 public:
  // Errors start with "[synthetic] " and give the size asked for.
  static Result<std::unique_ptr<ImageBuffer>> allocate(size_t bytes);
  ~ImageBuffer();
  ImageBuffer(const ImageBuffer&) = delete;
  ImageBuffer& operator=(const ImageBuffer&) = delete;

  uint8_t* data() { return data_; }
  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  ImageBuffer(uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint8_t* data_;
  size_t size_;
};

}  // namespace tl::synthetic

// Owned host memory for placed tensors: 64-byte aligned, huge pages when the system
// offers them (madvise), freed on destruction.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tl {

class HostBuffer {
 public:
  explicit HostBuffer(size_t bytes);
  ~HostBuffer();
  HostBuffer(const HostBuffer&) = delete;
  HostBuffer& operator=(const HostBuffer&) = delete;
  uint8_t* data() { return data_; }
  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace tl

// HostBuffer: aligned anonymous memory; see host_buffer.h.
#include "placement/host_buffer.h"

#include <sys/mman.h>

#include <cstdlib>
#include <new>

namespace tl {

HostBuffer::HostBuffer(size_t bytes) : size_(bytes) {
  if (bytes == 0) return;
  // Large buffers go to 2 MiB alignment so transparent huge pages can back them.
  const size_t align = bytes >= (size_t{4} << 20) ? (size_t{2} << 20) : 64;
  const size_t rounded = (bytes + align - 1) / align * align;
  data_ = static_cast<uint8_t*>(std::aligned_alloc(align, rounded));
  if (!data_) throw std::bad_alloc();
  if (align > 64) madvise(data_, rounded, MADV_HUGEPAGE);
}

HostBuffer::~HostBuffer() { std::free(data_); }

}  // namespace tl

// ImageBuffer: an anonymous private mapping; see image_buffer.h.
#include "synthetic/image_buffer.h"

#include <sys/mman.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace tl::synthetic {

Result<std::unique_ptr<ImageBuffer>> ImageBuffer::allocate(size_t bytes) {
  if (bytes == 0) bytes = 1;
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) {
    return Status::error("[synthetic] cannot reserve " + std::to_string(bytes >> 20) +
                         " MiB for the model image: " + std::strerror(errno) +
                         " (scale it down with --layers or --vocab)");
  }
  // Advice only: without transparent huge pages the buffer still works.
  madvise(p, bytes, MADV_HUGEPAGE);
  return std::unique_ptr<ImageBuffer>(new ImageBuffer(static_cast<uint8_t*>(p), bytes));
}

ImageBuffer::~ImageBuffer() { munmap(data_, size_); }

}  // namespace tl::synthetic

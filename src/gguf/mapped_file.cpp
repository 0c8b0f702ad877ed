// MappedFile: a whole file mapped read-only and private, unmapped on destruction.
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gguf/gguf.h"

namespace tl::gguf {
namespace {

Status os_error(const std::string& path, const char* what) {
  return Status::error("[gguf] " + path + ": " + what + ": " + std::strerror(errno));
}

}  // namespace

Result<std::unique_ptr<MappedFile>> MappedFile::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return os_error(path, "cannot open");
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    Status s = os_error(path, "cannot stat");
    ::close(fd);
    return s;
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::error("[gguf] " + path + ": not a regular file");
  }
  if (st.st_size == 0) {
    ::close(fd);
    return Status::error("[gguf] " + path + ": empty file (0 bytes)");
  }
  void* p = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
  // The mapping keeps the file referenced; the descriptor is no longer needed.
  Status map_error = p == MAP_FAILED ? os_error(path, "cannot mmap") : Status();
  ::close(fd);
  if (!map_error.ok()) return map_error;
  std::unique_ptr<MappedFile> m(new MappedFile());
  m->data_ = static_cast<const uint8_t*>(p);
  m->size_ = static_cast<size_t>(st.st_size);
  return m;
}

MappedFile::~MappedFile() {
  if (data_ != nullptr) ::munmap(const_cast<uint8_t*>(data_), size_);
}

void MappedFile::release(size_t offset, size_t len) const {
  if (offset >= size_) return;
  if (len > size_ - offset) len = size_ - offset;
  // Only whole pages inside the range: a page shared with a neighbouring tensor stays.
  const uintptr_t page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  const uintptr_t begin = reinterpret_cast<uintptr_t>(data_) + offset;
  const uintptr_t end = begin + len;
  const uintptr_t first = (begin + page - 1) & ~(page - 1);
  const uintptr_t last = end & ~(page - 1);
  if (first >= last) return;
  // Advice only: on failure the pages simply stay resident.
  ::madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
}

}  // namespace tl::gguf

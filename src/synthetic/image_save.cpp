// Image::save: the in-memory bytes, verbatim, through a temporary file and a rename, so
// a crash never leaves a half-written model under the final name.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "synthetic/image.h"

namespace tl::synthetic {

Status Image::save(const std::string& path, const Progress& progress) const {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  auto fail = [&](const char* what) {
    const Status s = Status::error("[synthetic] " + path + ": " + what + ": " + std::strerror(errno));
    std::remove(tmp.c_str());
    return s;
  };
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return Status::error("[synthetic] " + path + ": cannot create " + tmp + ": " + std::strerror(errno));
  constexpr size_t kPiece = size_t{64} << 20;
  const std::span<const uint8_t> all = bytes();
  for (size_t at = 0; at < all.size(); at += kPiece) {
    const size_t n = std::min(kPiece, all.size() - at);
    if (std::fwrite(all.data() + at, 1, n, f) != n) {
      std::fclose(f);
      return fail("cannot write");
    }
    if (progress) progress(at + n, all.size());
  }
  if (std::fclose(f) != 0) return fail("cannot close");
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return fail("cannot rename the temporary file");
  return Status();
}

}  // namespace tl::synthetic

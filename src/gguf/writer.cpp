// Writer: lays out a GGUF v3 file (metadata, tensor infos, aligned data) and writes it
// through a temporary file, streaming tensor bytes.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

#include <unistd.h>

#include "gguf/gguf.h"
#include "gguf/value_writer.h"

namespace tl::gguf {
namespace {

constexpr uint32_t kWriteVersion = 3;
constexpr std::string_view kAlignmentKey = "general.alignment";

uint64_t align_up(uint64_t x, uint64_t a) { return (x + a - 1) / a * a; }

Status tensor_error(const std::string& name, const std::string& detail) {
  return Status::error("[gguf] writer: tensor " + name + ": " + detail);
}

}  // namespace

void Writer::set(std::string key, Value value) {
  check_encodable(value);
  // A valid alignment set by key is honoured; any other value is written as given
  // (tests use that to make files the reader must reject).
  if (key == kAlignmentKey && value.type == ValueType::UINT32 && value.u != 0 &&
      (value.u & (value.u - 1)) == 0) {
    alignment_ = static_cast<uint32_t>(value.u);
  }
  for (KeyValue& kv : kv_) {
    if (kv.key == key) {
      kv.value = std::move(value);
      return;
    }
  }
  kv_.push_back(KeyValue{std::move(key), std::move(value)});
}

void Writer::set_alignment(uint32_t alignment) {
  TL_CHECK(alignment != 0 && (alignment & (alignment - 1)) == 0,
           "alignment must be a non-zero power of two");
  set(std::string(kAlignmentKey), Value::from_u32(alignment));
}

Status Writer::add_tensor(std::string name, DType type, std::vector<int64_t> ne,
                          std::span<const uint8_t> data) {
  return add_tensor_impl(std::move(name), type, std::move(ne), data, /*copy=*/true);
}

Status Writer::add_tensor_ref(std::string name, DType type, std::vector<int64_t> ne,
                              std::span<const uint8_t> data) {
  return add_tensor_impl(std::move(name), type, std::move(ne), data, /*copy=*/false);
}

Status Writer::add_tensor_impl(std::string name, DType type, std::vector<int64_t> ne,
                               std::span<const uint8_t> data, bool copy) {
  for (const PendingTensor& t : tensors_) {
    if (t.name == name) return tensor_error(name, "duplicate tensor name");
  }
  if (ne.empty() || ne.size() > 4) {
    return tensor_error(name, std::to_string(ne.size()) + " dimensions (must be 1..4)");
  }
  const DTypeInfo& info = dtype_info(type);
  uint64_t n_bytes = 0;
  bool overflow = false;
  for (size_t d = 0; d < ne.size(); ++d) {
    if (ne[d] < 0) return tensor_error(name, "ne[" + std::to_string(d) + "] is negative");
    if (d == 0) {
      if (ne[0] % info.block_elems != 0) {
        return tensor_error(name, "ne[0] = " + std::to_string(ne[0]) +
                                      " is not a multiple of the block size " +
                                      std::to_string(info.block_elems));
      }
      overflow = __builtin_mul_overflow(static_cast<uint64_t>(ne[0] / info.block_elems),
                                        static_cast<uint64_t>(info.block_bytes), &n_bytes);
    } else {
      overflow = overflow || __builtin_mul_overflow(n_bytes, static_cast<uint64_t>(ne[d]), &n_bytes);
    }
  }
  if (overflow) return tensor_error(name, "byte size overflows");
  if (data.size() != n_bytes) {
    return tensor_error(name, "has " + std::to_string(data.size()) + " bytes, shape " +
                                  "needs " + std::to_string(n_bytes));
  }
  PendingTensor t{std::move(name), type, std::move(ne), {}, data, n_bytes};
  if (copy) {
    t.owned.assign(data.begin(), data.end());
    // A moved vector keeps its buffer, so this span stays valid as tensors_ grows.
    t.data = std::span<const uint8_t>(t.owned.data(), t.owned.size());
  }
  tensors_.push_back(std::move(t));
  return Status();
}

std::vector<uint64_t> Writer::tensor_offsets() const {
  std::vector<uint64_t> offsets;
  uint64_t at = 0;
  for (const PendingTensor& t : tensors_) {
    offsets.push_back(at);
    at = align_up(at + t.n_bytes, alignment_);
  }
  return offsets;
}

std::vector<uint8_t> Writer::header_bytes() const {
  std::vector<uint8_t> out = {'G', 'G', 'U', 'F'};
  append_u32(out, kWriteVersion);
  append_u64(out, tensors_.size());
  append_u64(out, kv_.size());
  for (const KeyValue& kv : kv_) {
    append_string(out, kv.key);
    append_u32(out, static_cast<uint32_t>(kv.value.type));
    append_value(out, kv.value);
  }
  const std::vector<uint64_t> offsets = tensor_offsets();
  for (size_t k = 0; k < tensors_.size(); ++k) {
    const PendingTensor& t = tensors_[k];
    append_string(out, t.name);
    append_u32(out, static_cast<uint32_t>(t.ne.size()));
    for (int64_t n : t.ne) append_u64(out, static_cast<uint64_t>(n));
    append_u32(out, static_cast<uint32_t>(t.type));
    append_u64(out, offsets[k]);
  }
  out.resize(align_up(out.size(), alignment_), 0);
  return out;
}

std::vector<uint8_t> Writer::to_bytes() const {
  std::vector<uint8_t> out = header_bytes();
  for (const PendingTensor& t : tensors_) {
    out.insert(out.end(), t.data.begin(), t.data.end());
    // ggml pads after every tensor, the last one too.
    out.resize(align_up(out.size(), alignment_), 0);
  }
  return out;
}

Status Writer::write(const std::string& path) const {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  auto fail = [&](const char* what) {
    Status s = Status::error("[gguf] " + path + ": " + what + " (" + tmp + "): " +
                             std::strerror(errno));
    std::remove(tmp.c_str());
    return s;
  };
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) return Status::error("[gguf] " + path + ": cannot create " + tmp + ": " + std::strerror(errno));
  const std::vector<uint8_t> header = header_bytes();
  bool ok = std::fwrite(header.data(), 1, header.size(), f) == header.size();
  static const uint8_t kZeros[4096] = {};
  for (const PendingTensor& t : tensors_) {
    if (!ok) break;
    ok = t.data.empty() || std::fwrite(t.data.data(), 1, t.data.size(), f) == t.data.size();
    uint64_t pad = align_up(t.n_bytes, alignment_) - t.n_bytes;
    while (ok && pad > 0) {
      const size_t n = pad < sizeof(kZeros) ? static_cast<size_t>(pad) : sizeof(kZeros);
      ok = std::fwrite(kZeros, 1, n, f) == n;
      pad -= n;
    }
  }
  if (!ok) {
    std::fclose(f);
    return fail("cannot write");
  }
  if (std::fclose(f) != 0) return fail("cannot close");
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return fail("cannot rename");
  return Status();
}

}  // namespace tl::gguf

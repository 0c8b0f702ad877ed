// ByteCursor: bounds-checked little-endian reads over a byte span, with errors that
// name the file, the byte offset and the field being read. Internal to gguf.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

#include "util/status.h"

namespace tl::gguf {

// The name of the field being read, rendered only when an error needs it: array items
// ("key x[12]") cost no string building on the success path, which matters for
// vocabularies of 150k tokens.
class FieldRef {
 public:
  FieldRef(const char* name) : name_(name) {}         // NOLINT: implicit on purpose
  FieldRef(std::string_view name) : name_(name) {}    // NOLINT
  FieldRef(const std::string& name) : name_(name) {}  // NOLINT
  // parent[index]
  FieldRef(const FieldRef& parent, uint64_t index) : parent_(&parent), index_(index) {}
  // parent + suffix, e.g. ": array count"
  FieldRef(const FieldRef& parent, std::string_view suffix)
      : parent_(&parent), name_(suffix), is_suffix_(true) {}
  std::string str() const;

 private:
  const FieldRef* parent_ = nullptr;
  std::string_view name_;
  uint64_t index_ = 0;
  bool is_suffix_ = false;
};

class ByteCursor {
 public:
  ByteCursor(std::span<const uint8_t> bytes, const std::string& name)
      : bytes_(bytes), name_(name) {}

  size_t pos() const { return pos_; }
  size_t remaining() const { return bytes_.size() - pos_; }
  size_t size() const { return bytes_.size(); }

  // "[gguf] <name>: offset <at>: <field>: <detail>"
  Status error_at(size_t at, const FieldRef& field, std::string_view detail) const;
  Status error(const FieldRef& field, std::string_view detail) const {
    return error_at(pos_, field, detail);
  }

  // Each read fails (without moving) when the bytes run out.
  Status read_u8(uint8_t* out, const FieldRef& field) { return read_raw(out, 1, field); }
  Status read_u16(uint16_t* out, const FieldRef& field) { return read_raw(out, 2, field); }
  Status read_u32(uint32_t* out, const FieldRef& field) { return read_raw(out, 4, field); }
  Status read_u64(uint64_t* out, const FieldRef& field) { return read_raw(out, 8, field); }
  // A GGUF string: u64 length, then that many bytes (any bytes; UTF-8 is not checked).
  Status read_string(std::string* out, const FieldRef& field);
  // Fails unless `count` items of at least `min_item_bytes` each can fit in the rest
  // of the file: the guard before any allocation sized by a count from the file.
  Status check_count(uint64_t count, uint64_t min_item_bytes, const FieldRef& field) const;

 private:
  // Host order is little-endian (x86, the only target), so a memcpy is a LE load.
  Status read_raw(void* out, size_t n, const FieldRef& field) {
    if (remaining() < n) return truncated(n, field);
    std::memcpy(out, bytes_.data() + pos_, n);
    pos_ += n;
    return Status();
  }
  Status truncated(uint64_t need, const FieldRef& field) const;

  std::span<const uint8_t> bytes_;
  const std::string& name_;
  size_t pos_ = 0;
};

}  // namespace tl::gguf

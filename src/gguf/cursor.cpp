// ByteCursor's error paths and string reads; see cursor.h.
#include "gguf/cursor.h"

namespace tl::gguf {

std::string FieldRef::str() const {
  if (parent_ == nullptr) return std::string(name_);
  if (is_suffix_) return parent_->str() + std::string(name_);
  return parent_->str() + "[" + std::to_string(index_) + "]";
}

Status ByteCursor::error_at(size_t at, const FieldRef& field, std::string_view detail) const {
  std::string msg = "[gguf] " + name_ + ": offset " + std::to_string(at) + ": ";
  msg += field.str();
  msg += ": ";
  msg += detail;
  return Status::error(std::move(msg));
}

Status ByteCursor::truncated(uint64_t need, const FieldRef& field) const {
  return error(field, "truncated: needs " + std::to_string(need) + " bytes, " +
                          std::to_string(remaining()) + " left in the file");
}

Status ByteCursor::read_string(std::string* out, const FieldRef& field) {
  const size_t start = pos_;
  uint64_t len = 0;
  TL_RETURN_IF_ERROR(read_u64(&len, field));
  if (len > remaining()) {
    const size_t left = remaining();
    pos_ = start;  // the error points at the length field
    return error(field, "string length " + std::to_string(len) + " exceeds the " +
                            std::to_string(left) + " bytes left in the file");
  }
  out->assign(reinterpret_cast<const char*>(bytes_.data() + pos_), static_cast<size_t>(len));
  pos_ += static_cast<size_t>(len);
  return Status();
}

Status ByteCursor::check_count(uint64_t count, uint64_t min_item_bytes,
                               const FieldRef& field) const {
  // count * min_item_bytes <= remaining, written without overflow.
  if (min_item_bytes != 0 && count > remaining() / min_item_bytes) {
    return error(field, "count " + std::to_string(count) + " cannot fit in the " +
                            std::to_string(remaining()) + " bytes left in the file (" +
                            std::to_string(min_item_bytes) + " bytes per item at least)");
  }
  return Status();
}

}  // namespace tl::gguf

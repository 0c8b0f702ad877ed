// Value::to_string: the text `tilelm inspect` prints for a metadata value.
#include <charconv>
#include <cstdio>

#include "gguf/gguf.h"

namespace tl::gguf {
namespace {

// Shortest text that reads back to the same number (FLOAT32 as a float, so 1e-05
// prints as "1e-05", not its double expansion).
std::string float_text(double f, bool is_f32) {
  char buf[64];
  std::to_chars_result r = is_f32 ? std::to_chars(buf, buf + sizeof(buf), static_cast<float>(f))
                                  : std::to_chars(buf, buf + sizeof(buf), f);
  return std::string(buf, r.ptr);
}

// Quoted, with escapes for quotes, backslashes and control bytes so that one value is
// always one printable line; other bytes (UTF-8) pass through.
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    const unsigned char b = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (b < 0x20 || b == 0x7f) {
          char hex[8];
          std::snprintf(hex, sizeof(hex), "\\x%02x", b);
          out += hex;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

}  // namespace

std::string Value::to_string(size_t max_items) const {
  switch (type) {
    case ValueType::UINT8:
    case ValueType::UINT16:
    case ValueType::UINT32:
    case ValueType::UINT64:
      return std::to_string(u);
    case ValueType::INT8:
    case ValueType::INT16:
    case ValueType::INT32:
    case ValueType::INT64:
      return std::to_string(i);
    case ValueType::FLOAT32:
    case ValueType::FLOAT64:
      return float_text(f, type == ValueType::FLOAT32);
    case ValueType::BOOL:
      return u ? "true" : "false";
    case ValueType::STRING:
      return quoted(str);
    case ValueType::ARRAY: {
      std::string out = "[";
      const size_t shown = items.size() < max_items ? items.size() : max_items;
      for (size_t k = 0; k < shown; ++k) {
        if (k) out += ", ";
        out += items[k].to_string(max_items);
      }
      if (shown < items.size()) {
        if (shown) out += ", ";
        out += "... (" + std::to_string(items.size()) + " items)";
      }
      return out + "]";
    }
  }
  return "?";
}

}  // namespace tl::gguf

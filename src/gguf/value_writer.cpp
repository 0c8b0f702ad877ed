// Little-endian encoding of metadata values, the inverse of metadata_reader.cpp.
#include "gguf/value_writer.h"

#include <cstring>
#include <limits>

namespace tl::gguf {
namespace {

template <class T>
void append_raw(std::vector<uint8_t>& out, T v) {
  uint8_t b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));  // host order is little-endian (x86)
  out.insert(out.end(), b, b + sizeof(T));
}

template <class T>
bool fits_u(uint64_t u) { return u <= std::numeric_limits<T>::max(); }
template <class T>
bool fits_i(int64_t i) {
  return i >= std::numeric_limits<T>::min() && i <= std::numeric_limits<T>::max();
}

}  // namespace

void append_u32(std::vector<uint8_t>& out, uint32_t v) { append_raw(out, v); }
void append_u64(std::vector<uint8_t>& out, uint64_t v) { append_raw(out, v); }

void append_string(std::vector<uint8_t>& out, std::string_view s) {
  append_u64(out, s.size());
  out.insert(out.end(), s.begin(), s.end());
}

void append_value(std::vector<uint8_t>& out, const Value& v) {
  switch (v.type) {
    case ValueType::UINT8: append_raw(out, static_cast<uint8_t>(v.u)); break;
    case ValueType::UINT16: append_raw(out, static_cast<uint16_t>(v.u)); break;
    case ValueType::UINT32: append_raw(out, static_cast<uint32_t>(v.u)); break;
    case ValueType::UINT64: append_raw(out, static_cast<uint64_t>(v.u)); break;
    case ValueType::INT8: append_raw(out, static_cast<int8_t>(v.i)); break;
    case ValueType::INT16: append_raw(out, static_cast<int16_t>(v.i)); break;
    case ValueType::INT32: append_raw(out, static_cast<int32_t>(v.i)); break;
    case ValueType::INT64: append_raw(out, static_cast<int64_t>(v.i)); break;
    case ValueType::FLOAT32: append_raw(out, static_cast<float>(v.f)); break;
    case ValueType::FLOAT64: append_raw(out, v.f); break;
    case ValueType::BOOL: append_raw(out, static_cast<uint8_t>(v.u ? 1 : 0)); break;
    case ValueType::STRING: append_string(out, v.str); break;
    case ValueType::ARRAY:
      append_u32(out, static_cast<uint32_t>(v.elem_type));
      append_u64(out, v.items.size());
      for (const Value& item : v.items) append_value(out, item);
      break;
  }
}

void check_encodable(const Value& v) {
  switch (v.type) {
    case ValueType::UINT8: TL_CHECK(fits_u<uint8_t>(v.u), "uint8 value out of range"); break;
    case ValueType::UINT16: TL_CHECK(fits_u<uint16_t>(v.u), "uint16 value out of range"); break;
    case ValueType::UINT32: TL_CHECK(fits_u<uint32_t>(v.u), "uint32 value out of range"); break;
    case ValueType::INT8: TL_CHECK(fits_i<int8_t>(v.i), "int8 value out of range"); break;
    case ValueType::INT16: TL_CHECK(fits_i<int16_t>(v.i), "int16 value out of range"); break;
    case ValueType::INT32: TL_CHECK(fits_i<int32_t>(v.i), "int32 value out of range"); break;
    case ValueType::BOOL: TL_CHECK(v.u <= 1, "bool value not 0 or 1"); break;
    case ValueType::ARRAY:
      for (const Value& item : v.items) {
        TL_CHECK(item.type == v.elem_type, "array item type differs from the element type");
        check_encodable(item);
      }
      break;
    default:
      TL_CHECK(static_cast<uint32_t>(v.type) <= static_cast<uint32_t>(ValueType::FLOAT64),
               "invalid value type");
      break;
  }
}

}  // namespace tl::gguf

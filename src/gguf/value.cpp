// Value: the factories and kind tests declared in gguf.h, and value type names.
#include <utility>

#include "gguf/gguf.h"

namespace tl::gguf {

std::string_view value_type_name(ValueType t) {
  switch (t) {
    case ValueType::UINT8: return "uint8";
    case ValueType::INT8: return "int8";
    case ValueType::UINT16: return "uint16";
    case ValueType::INT16: return "int16";
    case ValueType::UINT32: return "uint32";
    case ValueType::INT32: return "int32";
    case ValueType::FLOAT32: return "float32";
    case ValueType::BOOL: return "bool";
    case ValueType::STRING: return "string";
    case ValueType::ARRAY: return "array";
    case ValueType::UINT64: return "uint64";
    case ValueType::INT64: return "int64";
    case ValueType::FLOAT64: return "float64";
  }
  return "unknown";
}

Value Value::from_u32(uint32_t v) {
  Value out;
  out.type = ValueType::UINT32;
  out.u = v;
  return out;
}

Value Value::from_i32(int32_t v) {
  Value out;
  out.type = ValueType::INT32;
  out.i = v;
  return out;
}

Value Value::from_u64(uint64_t v) {
  Value out;
  out.type = ValueType::UINT64;
  out.u = v;
  return out;
}

Value Value::from_f32(float v) {
  Value out;
  out.type = ValueType::FLOAT32;
  out.f = v;
  return out;
}

Value Value::from_bool(bool v) {
  Value out;
  out.type = ValueType::BOOL;
  out.u = v ? 1 : 0;
  return out;
}

Value Value::from_string(std::string v) {
  Value out;
  out.type = ValueType::STRING;
  out.str = std::move(v);
  return out;
}

Value Value::from_strings(const std::vector<std::string>& v) {
  std::vector<Value> items;
  items.reserve(v.size());
  for (const std::string& s : v) items.push_back(from_string(s));
  return array_of(ValueType::STRING, std::move(items));
}

Value Value::from_f32s(const std::vector<float>& v) {
  std::vector<Value> items;
  items.reserve(v.size());
  for (float x : v) items.push_back(from_f32(x));
  return array_of(ValueType::FLOAT32, std::move(items));
}

Value Value::from_i32s(const std::vector<int32_t>& v) {
  std::vector<Value> items;
  items.reserve(v.size());
  for (int32_t x : v) items.push_back(from_i32(x));
  return array_of(ValueType::INT32, std::move(items));
}

Value Value::array_of(ValueType elem_type, std::vector<Value> items) {
  Value out;
  out.type = ValueType::ARRAY;
  out.elem_type = elem_type;
  out.items = std::move(items);
  return out;
}

bool Value::is_integer() const {
  switch (type) {
    case ValueType::UINT8:
    case ValueType::INT8:
    case ValueType::UINT16:
    case ValueType::INT16:
    case ValueType::UINT32:
    case ValueType::INT32:
    case ValueType::UINT64:
    case ValueType::INT64:
      return true;
    default:
      return false;
  }
}

bool Value::is_float() const {
  return type == ValueType::FLOAT32 || type == ValueType::FLOAT64;
}

}  // namespace tl::gguf

// File's typed metadata getters: kind and range checks, with errors naming the key and
// the type actually found.
#include <cmath>
#include <limits>

#include "gguf/gguf.h"

namespace tl::gguf {
namespace {

std::string type_text(const Value& v) {
  if (v.type != ValueType::ARRAY) return std::string(value_type_name(v.type));
  return "array of " + std::string(value_type_name(v.elem_type));
}

Status key_error(const std::string& path, std::string_view key, const std::string& detail) {
  return Status::error("[gguf] " + path + ": key " + std::string(key) + ": " + detail);
}

Status wrong_type(const std::string& path, std::string_view key, const char* expected,
                  const Value& v) {
  return key_error(path, key, std::string("expected ") + expected + ", found " + type_text(v));
}

bool is_unsigned(ValueType t) {
  return t == ValueType::UINT8 || t == ValueType::UINT16 || t == ValueType::UINT32 ||
         t == ValueType::UINT64;
}

// An integer value as a wide signed number; false if it is not an integer.
bool as_i128(const Value& v, __int128* out) {
  if (!v.is_integer()) return false;
  *out = is_unsigned(v.type) ? static_cast<__int128>(v.u) : static_cast<__int128>(v.i);
  return true;
}

std::string i128_text(__int128 x) {
  return x < 0 ? std::to_string(static_cast<int64_t>(x)) : std::to_string(static_cast<uint64_t>(x));
}

}  // namespace

#define TL_GGUF_FIND_OR_RETURN(v, key)                           \
  const Value* v = find(key);                                    \
  if (v == nullptr) return key_error(path_, key, "not found")

Result<uint64_t> File::get_u64(std::string_view key) const {
  TL_GGUF_FIND_OR_RETURN(v, key);
  __int128 x;
  if (!as_i128(*v, &x)) return wrong_type(path_, key, "an integer", *v);
  if (x < 0) return key_error(path_, key, "expected a non-negative integer, found " + i128_text(x));
  return static_cast<uint64_t>(x);
}

Result<int64_t> File::get_i64(std::string_view key) const {
  TL_GGUF_FIND_OR_RETURN(v, key);
  __int128 x;
  if (!as_i128(*v, &x)) return wrong_type(path_, key, "an integer", *v);
  if (x > std::numeric_limits<int64_t>::max()) {
    return key_error(path_, key, "integer " + i128_text(x) + " does not fit in int64");
  }
  return static_cast<int64_t>(x);
}

Result<double> File::get_f64(std::string_view key) const {
  TL_GGUF_FIND_OR_RETURN(v, key);
  if (v->is_float()) return v->f;
  __int128 x;
  if (as_i128(*v, &x)) return static_cast<double>(x);
  return wrong_type(path_, key, "a number", *v);
}

Result<bool> File::get_bool(std::string_view key) const {
  TL_GGUF_FIND_OR_RETURN(v, key);
  if (v->type != ValueType::BOOL) return wrong_type(path_, key, "bool", *v);
  return v->u != 0;
}

Result<std::string> File::get_string(std::string_view key) const {
  TL_GGUF_FIND_OR_RETURN(v, key);
  if (v->type != ValueType::STRING) return wrong_type(path_, key, "string", *v);
  return v->str;
}

Result<std::vector<std::string>> File::get_string_array(std::string_view key) const {
  TL_GGUF_FIND_OR_RETURN(v, key);
  if (v->type != ValueType::ARRAY || v->elem_type != ValueType::STRING) {
    return wrong_type(path_, key, "array of string", *v);
  }
  std::vector<std::string> out;
  out.reserve(v->items.size());
  for (const Value& item : v->items) out.push_back(item.str);
  return out;
}

Result<std::vector<float>> File::get_f32_array(std::string_view key) const {
  TL_GGUF_FIND_OR_RETURN(v, key);
  if (v->type != ValueType::ARRAY ||
      (v->elem_type != ValueType::FLOAT32 && v->elem_type != ValueType::FLOAT64)) {
    return wrong_type(path_, key, "array of float32", *v);
  }
  std::vector<float> out;
  out.reserve(v->items.size());
  for (const Value& item : v->items) out.push_back(static_cast<float>(item.f));
  return out;
}

Result<std::vector<int32_t>> File::get_i32_array(std::string_view key) const {
  TL_GGUF_FIND_OR_RETURN(v, key);
  Value elem_probe;
  elem_probe.type = v->elem_type;
  const bool int_array = v->type == ValueType::ARRAY && elem_probe.is_integer();
  if (!int_array) return wrong_type(path_, key, "array of integers", *v);
  std::vector<int32_t> out;
  out.reserve(v->items.size());
  for (size_t k = 0; k < v->items.size(); ++k) {
    __int128 x = 0;
    as_i128(v->items[k], &x);
    if (x < std::numeric_limits<int32_t>::min() || x > std::numeric_limits<int32_t>::max()) {
      return key_error(path_, key, "item " + std::to_string(k) + " = " + i128_text(x) +
                                       " does not fit in int32");
    }
    out.push_back(static_cast<int32_t>(x));
  }
  return out;
}

#undef TL_GGUF_FIND_OR_RETURN

}  // namespace tl::gguf

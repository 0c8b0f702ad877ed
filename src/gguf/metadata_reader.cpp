// The metadata section: keys, value types and (nested) values, checked as they are read.
#include "gguf/metadata_reader.h"

#include <utility>

namespace tl::gguf {
namespace {

bool valid_type(uint32_t t) { return t <= static_cast<uint32_t>(ValueType::FLOAT64); }

// Fewest bytes one value of type `t` takes in the file: what bounds an array count
// before its items are reserved.
uint64_t min_encoded_bytes(ValueType t) {
  switch (t) {
    case ValueType::UINT8:
    case ValueType::INT8:
    case ValueType::BOOL:
      return 1;
    case ValueType::UINT16:
    case ValueType::INT16:
      return 2;
    case ValueType::UINT32:
    case ValueType::INT32:
    case ValueType::FLOAT32:
      return 4;
    case ValueType::UINT64:
    case ValueType::INT64:
    case ValueType::FLOAT64:
    case ValueType::STRING:  // the u64 length
      return 8;
    case ValueType::ARRAY:  // u32 element type + u64 count
      return 12;
  }
  return 1;
}

template <class T>
Status read_scalar(ByteCursor& cur, const FieldRef& field, T* out) {
  uint64_t bits = 0;
  Status s;
  if constexpr (sizeof(T) == 1) {
    uint8_t v;
    s = cur.read_u8(&v, field);
    bits = v;
  } else if constexpr (sizeof(T) == 2) {
    uint16_t v;
    s = cur.read_u16(&v, field);
    bits = v;
  } else if constexpr (sizeof(T) == 4) {
    uint32_t v;
    s = cur.read_u32(&v, field);
    bits = v;
  } else {
    s = cur.read_u64(&bits, field);
  }
  if (!s.ok()) return s;
  if constexpr (std::is_floating_point_v<T>) {
    using Bits = std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>;
    Bits b = static_cast<Bits>(bits);
    std::memcpy(out, &b, sizeof(T));
  } else {
    *out = static_cast<T>(bits);
  }
  return Status();
}

Status read_value(ByteCursor& cur, ValueType type, int depth, const FieldRef& field,
                  Value* out) {
  out->type = type;
  switch (type) {
    case ValueType::UINT8: { uint8_t v; TL_RETURN_IF_ERROR(read_scalar(cur, field, &v)); out->u = v; break; }
    case ValueType::UINT16: { uint16_t v; TL_RETURN_IF_ERROR(read_scalar(cur, field, &v)); out->u = v; break; }
    case ValueType::UINT32: { uint32_t v; TL_RETURN_IF_ERROR(read_scalar(cur, field, &v)); out->u = v; break; }
    case ValueType::UINT64: { uint64_t v; TL_RETURN_IF_ERROR(read_scalar(cur, field, &v)); out->u = v; break; }
    case ValueType::INT8: { int8_t v; TL_RETURN_IF_ERROR(read_scalar(cur, field, &v)); out->i = v; break; }
    case ValueType::INT16: { int16_t v; TL_RETURN_IF_ERROR(read_scalar(cur, field, &v)); out->i = v; break; }
    case ValueType::INT32: { int32_t v; TL_RETURN_IF_ERROR(read_scalar(cur, field, &v)); out->i = v; break; }
    case ValueType::INT64: { int64_t v; TL_RETURN_IF_ERROR(read_scalar(cur, field, &v)); out->i = v; break; }
    case ValueType::FLOAT32: { float v; TL_RETURN_IF_ERROR(read_scalar(cur, field, &v)); out->f = v; break; }
    case ValueType::FLOAT64: { double v; TL_RETURN_IF_ERROR(read_scalar(cur, field, &v)); out->f = v; break; }
    case ValueType::BOOL: {
      const size_t at = cur.pos();
      uint8_t v;
      TL_RETURN_IF_ERROR(read_scalar(cur, field, &v));
      if (v > 1) return cur.error_at(at, field, "invalid bool byte " + std::to_string(v) + " (must be 0 or 1)");
      out->u = v;
      break;
    }
    case ValueType::STRING:
      TL_RETURN_IF_ERROR(cur.read_string(&out->str, field));
      break;
    case ValueType::ARRAY: {
      const size_t at = cur.pos();
      if (depth >= kMaxArrayDepth) {
        return cur.error(field, "arrays nested deeper than " + std::to_string(kMaxArrayDepth));
      }
      uint32_t elem = 0;
      TL_RETURN_IF_ERROR(cur.read_u32(&elem, FieldRef(field, ": array element type")));
      if (!valid_type(elem)) {
        return cur.error_at(at, field, "invalid array element type " + std::to_string(elem));
      }
      out->elem_type = static_cast<ValueType>(elem);
      uint64_t count = 0;
      const FieldRef count_field(field, ": array count");
      TL_RETURN_IF_ERROR(cur.read_u64(&count, count_field));
      TL_RETURN_IF_ERROR(cur.check_count(count, min_encoded_bytes(out->elem_type), count_field));
      out->items.resize(static_cast<size_t>(count));
      for (uint64_t k = 0; k < count; ++k) {
        TL_RETURN_IF_ERROR(read_value(cur, out->elem_type, depth + 1, FieldRef(field, k),
                                      &out->items[k]));
      }
      break;
    }
  }
  return Status();
}

}  // namespace

Status read_metadata(ByteCursor& cur, uint64_t count, Metadata* out) {
  // Smallest pair: 8-byte key length, 4-byte type, 1-byte value.
  TL_RETURN_IF_ERROR(cur.check_count(count, 13, "header.kv_count"));
  out->kv.reserve(static_cast<size_t>(count));
  out->value_pos.reserve(static_cast<size_t>(count));
  for (uint64_t n = 0; n < count; ++n) {
    const size_t key_pos = cur.pos();
    KeyValue kv;
    TL_RETURN_IF_ERROR(cur.read_string(&kv.key, "key #" + std::to_string(n)));
    const std::string field = "key " + kv.key;
    if (out->index.count(kv.key)) return cur.error_at(key_pos, field, "duplicate key");
    const size_t type_pos = cur.pos();
    uint32_t type = 0;
    TL_RETURN_IF_ERROR(cur.read_u32(&type, FieldRef(FieldRef(field), ": value type")));
    if (!valid_type(type)) {
      return cur.error_at(type_pos, field, "invalid value type " + std::to_string(type));
    }
    out->value_pos.push_back(cur.pos());
    TL_RETURN_IF_ERROR(read_value(cur, static_cast<ValueType>(type), 0, field, &kv.value));
    out->index.emplace(kv.key, out->kv.size());
    out->kv.push_back(std::move(kv));
  }
  return Status();
}

}  // namespace tl::gguf

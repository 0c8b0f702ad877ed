// Encoding of GGUF primitives and metadata values into bytes. Internal to gguf.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "gguf/gguf.h"

namespace tl::gguf {

void append_u32(std::vector<uint8_t>& out, uint32_t v);
void append_u64(std::vector<uint8_t>& out, uint64_t v);
void append_string(std::vector<uint8_t>& out, std::string_view s);
// The value's payload (not its type tag); arrays write element type, count, items.
void append_value(std::vector<uint8_t>& out, const Value& v);
// Aborts (TL_CHECK) if a Value cannot be encoded as built: a number out of its type's
// range, an array item whose type differs from the element type. These are bugs in
// the caller, not input errors.
void check_encodable(const Value& v);

}  // namespace tl::gguf

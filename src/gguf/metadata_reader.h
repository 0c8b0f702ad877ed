// Reads and validates the GGUF metadata section (key/value pairs). Internal to gguf.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "gguf/cursor.h"
#include "gguf/gguf.h"

namespace tl::gguf {

// Arrays of arrays deeper than this are rejected: real files nest at most once, and
// the bound keeps recursion (and so stack use) small for any input.
inline constexpr int kMaxArrayDepth = 8;

struct Metadata {
  std::vector<KeyValue> kv;
  std::vector<size_t> value_pos;  // file offset of each value (for later errors)
  std::map<std::string, size_t, std::less<>> index;
};

// Reads `count` key/value pairs at the cursor. Rejects truncation, counts and lengths
// beyond the file, unknown value types, bools other than 0/1, too-deep nesting and
// duplicate keys.
Status read_metadata(ByteCursor& cur, uint64_t count, Metadata* out);

}  // namespace tl::gguf

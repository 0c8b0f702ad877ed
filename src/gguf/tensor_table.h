// Reads and validates the GGUF tensor table: names, shapes, types, offsets, and the
// layout of the data section. Internal to gguf.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "gguf/cursor.h"
#include "gguf/gguf.h"

namespace tl::gguf {

inline constexpr uint32_t kMaxDims = 4;

struct TensorTable {
  std::vector<TensorInfo> infos;
  std::vector<size_t> offset_pos;  // file offset of each info's `offset` field
  std::map<std::string, size_t, std::less<>> index;
};

// Reads `count` tensor infos at the cursor. Rejects truncation, duplicate names, n_dims
// outside 1..4, ne < 0 (ne == 0 is allowed, as ggml allows it: an empty tensor),
// element counts or byte sizes that overflow, ne[0] not a multiple of the block size,
// unknown type ids and offsets not a multiple of `alignment`.
Status read_tensor_table(ByteCursor& cur, uint64_t count, uint64_t alignment, TensorTable* out);

// Checks every tensor's bytes lie in the data section [data_offset, file end) and that
// no two non-empty tensors overlap.
Status check_tensor_layout(const ByteCursor& cur, const TensorTable& table, uint64_t data_offset);

}  // namespace tl::gguf

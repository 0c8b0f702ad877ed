// The tensor table: each info checked as read, then the data layout checked as a whole.
#include "gguf/tensor_table.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace tl::gguf {
namespace {

Status read_one(ByteCursor& cur, uint64_t n, uint64_t alignment, TensorTable* out) {
  const size_t name_pos = cur.pos();
  TensorInfo t;
  TL_RETURN_IF_ERROR(cur.read_string(&t.name, "tensor #" + std::to_string(n) + " name"));
  const std::string field = "tensor " + t.name;
  if (out->index.count(t.name)) return cur.error_at(name_pos, field, "duplicate tensor name");

  const size_t dims_pos = cur.pos();
  TL_RETURN_IF_ERROR(cur.read_u32(&t.n_dims, field + ": n_dims"));
  if (t.n_dims == 0 || t.n_dims > kMaxDims) {
    return cur.error_at(dims_pos, field + ": n_dims",
                        std::to_string(t.n_dims) + " is outside 1.." + std::to_string(kMaxDims));
  }
  const size_t ne_pos = cur.pos();
  int64_t n_elements = 1;
  for (uint32_t d = 0; d < t.n_dims; ++d) {
    const std::string ne_field = field + ": ne[" + std::to_string(d) + "]";
    uint64_t raw = 0;
    TL_RETURN_IF_ERROR(cur.read_u64(&raw, ne_field));
    t.ne[d] = static_cast<int64_t>(raw);
    if (t.ne[d] < 0) {
      return cur.error_at(cur.pos() - 8, ne_field, std::to_string(t.ne[d]) + " is negative");
    }
    if (t.ne[d] != 0 && n_elements > std::numeric_limits<int64_t>::max() / t.ne[d]) {
      return cur.error_at(ne_pos, field + ": ne", "element count overflows int64");
    }
    n_elements *= t.ne[d];
  }

  const size_t type_pos = cur.pos();
  uint32_t type_id = 0;
  TL_RETURN_IF_ERROR(cur.read_u32(&type_id, field + ": type"));
  const DTypeInfo* info = dtype_info(type_id);
  if (info == nullptr) {
    return cur.error_at(type_pos, field + ": type",
                        "unknown or retired type id " + std::to_string(type_id));
  }
  t.type = info->type;
  if (t.ne[0] % info->block_elems != 0) {
    return cur.error_at(ne_pos, field + ": ne[0]",
                        std::to_string(t.ne[0]) + " is not a multiple of the " +
                            std::string(info->name) + " block size " +
                            std::to_string(info->block_elems));
  }
  // n_bytes = ne[0]/block * block_bytes * ne[1]*ne[2]*ne[3], checked for overflow.
  uint64_t n_bytes = static_cast<uint64_t>(t.ne[0] / info->block_elems);
  bool overflow = __builtin_mul_overflow(n_bytes, static_cast<uint64_t>(info->block_bytes), &n_bytes);
  for (uint32_t d = 1; d < t.n_dims && !overflow; ++d) {
    overflow = __builtin_mul_overflow(n_bytes, static_cast<uint64_t>(t.ne[d]), &n_bytes);
  }
  if (overflow) return cur.error_at(ne_pos, field + ": ne", "byte size overflows uint64");
  t.n_bytes = n_bytes;

  const size_t offset_pos = cur.pos();
  TL_RETURN_IF_ERROR(cur.read_u64(&t.offset, field + ": offset"));
  if (t.offset % alignment != 0) {
    return cur.error_at(offset_pos, field + ": offset",
                        std::to_string(t.offset) + " is not a multiple of the alignment " +
                            std::to_string(alignment));
  }
  out->index.emplace(t.name, out->infos.size());
  out->offset_pos.push_back(offset_pos);
  out->infos.push_back(std::move(t));
  return Status();
}

}  // namespace

Status read_tensor_table(ByteCursor& cur, uint64_t count, uint64_t alignment, TensorTable* out) {
  // Smallest info: 8-byte name length, n_dims, one ne, type, offset.
  TL_RETURN_IF_ERROR(cur.check_count(count, 8 + 4 + 8 + 4 + 8, "header.tensor_count"));
  out->infos.reserve(static_cast<size_t>(count));
  out->offset_pos.reserve(static_cast<size_t>(count));
  for (uint64_t n = 0; n < count; ++n) TL_RETURN_IF_ERROR(read_one(cur, n, alignment, out));
  return Status();
}

Status check_tensor_layout(const ByteCursor& cur, const TensorTable& table, uint64_t data_offset) {
  const uint64_t data_size = cur.size() - data_offset;  // caller checked data_offset <= size
  for (size_t k = 0; k < table.infos.size(); ++k) {
    const TensorInfo& t = table.infos[k];
    if (t.offset > data_size || t.n_bytes > data_size - t.offset) {
      return cur.error_at(table.offset_pos[k], "tensor " + t.name + ": offset",
                          "data [" + std::to_string(t.offset) + ", +" + std::to_string(t.n_bytes) +
                              ") runs past the end of the data section (" +
                              std::to_string(data_size) + " bytes from file offset " +
                              std::to_string(data_offset) + ")");
    }
  }
  // Sorted by offset, each non-empty tensor must end before the next one starts.
  std::vector<size_t> order;
  for (size_t k = 0; k < table.infos.size(); ++k) {
    if (table.infos[k].n_bytes != 0) order.push_back(k);
  }
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return table.infos[a].offset < table.infos[b].offset;
  });
  for (size_t k = 1; k < order.size(); ++k) {
    const TensorInfo& prev = table.infos[order[k - 1]];
    const TensorInfo& next = table.infos[order[k]];
    if (prev.offset + prev.n_bytes > next.offset) {
      return cur.error_at(table.offset_pos[order[k]], "tensor " + next.name + ": offset",
                          "data at " + std::to_string(next.offset) + " overlaps tensor " +
                              prev.name + " [" + std::to_string(prev.offset) + ", " +
                              std::to_string(prev.offset + prev.n_bytes) + ")");
    }
  }
  return Status();
}

}  // namespace tl::gguf

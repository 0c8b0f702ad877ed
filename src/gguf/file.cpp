// File::open and File::parse: the header, then metadata, alignment and tensor table,
// all validated before the File exists.
#include <algorithm>
#include <cstdio>
#include <utility>

#include "gguf/cursor.h"
#include "gguf/gguf.h"
#include "gguf/metadata_reader.h"
#include "gguf/tensor_table.h"

namespace tl::gguf {
namespace {

constexpr uint32_t kDefaultAlignment = 32;

Status check_magic(ByteCursor& cur) {
  uint8_t m[4] = {};
  for (uint8_t& b : m) TL_RETURN_IF_ERROR(cur.read_u8(&b, "magic"));
  if (m[0] == 'G' && m[1] == 'G' && m[2] == 'U' && m[3] == 'F') return Status();
  char found[32];
  std::snprintf(found, sizeof(found), "%02x %02x %02x %02x", m[0], m[1], m[2], m[3]);
  return cur.error_at(0, "magic", std::string("not a GGUF file (expected \"GGUF\", found bytes ") +
                                      found + ")");
}

Status check_version(ByteCursor& cur, uint32_t* version) {
  TL_RETURN_IF_ERROR(cur.read_u32(version, "version"));
  if (*version == 2 || *version == 3) return Status();
  if (*version == 1) {
    return cur.error_at(4, "version",
                        "GGUF version 1 is not supported (32-bit counts); re-convert the file");
  }
  if (*version == 0x02000000u || *version == 0x03000000u) {
    return cur.error_at(4, "version", "big-endian GGUF files are not supported");
  }
  return cur.error_at(4, "version",
                      "unsupported GGUF version " + std::to_string(*version) + " (reads 2 and 3)");
}

// general.alignment: a UINT32, non-zero power of two; 32 when absent.
Status read_alignment(const ByteCursor& cur, const Metadata& md, uint64_t* alignment) {
  *alignment = kDefaultAlignment;
  auto it = md.index.find("general.alignment");
  if (it == md.index.end()) return Status();
  const Value& v = md.kv[it->second].value;
  const size_t at = md.value_pos[it->second];
  if (v.type != ValueType::UINT32) {
    return cur.error_at(at, "key general.alignment",
                        "expected uint32, found " + std::string(value_type_name(v.type)));
  }
  if (v.u == 0 || (v.u & (v.u - 1)) != 0) {
    return cur.error_at(at, "key general.alignment",
                        std::to_string(v.u) + " is not a non-zero power of two");
  }
  *alignment = v.u;
  return Status();
}

}  // namespace

std::string TensorInfo::shape_string() const {
  std::string out = "[";
  for (uint32_t d = 0; d < n_dims; ++d) {
    if (d) out += ", ";
    out += std::to_string(ne[d]);
  }
  return out + "]";
}

Result<File> File::open(const std::string& path) {
  Result<std::unique_ptr<MappedFile>> map = MappedFile::open(path);
  if (!map.ok()) return map.status();
  std::shared_ptr<MappedFile> shared(std::move(map).value());
  Result<File> file = parse(std::span<const uint8_t>(shared->data(), shared->size()), path);
  if (!file.ok()) return file.status();
  file->map_ = std::move(shared);
  return file;
}

Result<File> File::parse(std::span<const uint8_t> bytes, const std::string& name) {
  ByteCursor cur(bytes, name);
  File f;
  f.path_ = name;
  f.bytes_ = bytes;
  TL_RETURN_IF_ERROR(check_magic(cur));
  TL_RETURN_IF_ERROR(check_version(cur, &f.version_));
  uint64_t tensor_count = 0, kv_count = 0;
  TL_RETURN_IF_ERROR(cur.read_u64(&tensor_count, "header.tensor_count"));
  TL_RETURN_IF_ERROR(cur.read_u64(&kv_count, "header.kv_count"));

  Metadata md;
  TL_RETURN_IF_ERROR(read_metadata(cur, kv_count, &md));
  uint64_t alignment = kDefaultAlignment;
  TL_RETURN_IF_ERROR(read_alignment(cur, md, &alignment));

  TensorTable table;
  TL_RETURN_IF_ERROR(read_tensor_table(cur, tensor_count, alignment, &table));

  // The data section starts at the next multiple of the alignment. Files without
  // tensors (vocab-only) often end right after the table, without that padding.
  const uint64_t end_of_table = cur.pos();
  const uint64_t data_offset = (end_of_table + alignment - 1) / alignment * alignment;
  if (!table.infos.empty()) {
    if (data_offset > bytes.size()) {
      return cur.error_at(end_of_table, "data section",
                          "padding to alignment " + std::to_string(alignment) +
                              " runs past the end of the file (data would start at " +
                              std::to_string(data_offset) + ", file is " +
                              std::to_string(bytes.size()) + " bytes)");
    }
    TL_RETURN_IF_ERROR(check_tensor_layout(cur, table, data_offset));
  }

  f.alignment_ = static_cast<size_t>(alignment);
  // Clamped so data_offset() <= file_size() holds for unpadded tensor-less files too.
  f.data_offset_ = static_cast<size_t>(std::min<uint64_t>(data_offset, bytes.size()));
  f.kv_ = std::move(md.kv);
  f.kv_index_ = std::move(md.index);
  f.tensors_ = std::move(table.infos);
  f.tensor_index_ = std::move(table.index);
  return f;
}

const Value* File::find(std::string_view key) const {
  auto it = kv_index_.find(key);
  return it == kv_index_.end() ? nullptr : &kv_[it->second].value;
}

const TensorInfo* File::find_tensor(std::string_view name) const {
  auto it = tensor_index_.find(name);
  return it == tensor_index_.end() ? nullptr : &tensors_[it->second];
}

}  // namespace tl::gguf

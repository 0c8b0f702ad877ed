// GGUF files: reading (mmap, strict validation) and writing. Knows nothing about models.
//
// Reading validates everything before anyone can look: header, every metadata value
// (nested arrays included), the tensor table (known type ids, dimension products that
// do not overflow, data in bounds, aligned, not overlapping). Any violation is one
// Status naming the file, the byte offset and the field; bytes from a user never abort.
// Accepted on purpose: ne == 0 (an empty tensor, as ggml allows), keys and strings that
// are not UTF-8, padding bytes of any value, tensor-less files that end unpadded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tensor/dtype.h"
#include "util/status.h"

namespace tl::gguf {

enum class ValueType : uint32_t {
  UINT8 = 0,
  INT8 = 1,
  UINT16 = 2,
  INT16 = 3,
  UINT32 = 4,
  INT32 = 5,
  FLOAT32 = 6,
  BOOL = 7,
  STRING = 8,
  ARRAY = 9,
  UINT64 = 10,
  INT64 = 11,
  FLOAT64 = 12,
};
std::string_view value_type_name(ValueType t);

// One metadata value. Scalars keep their declared type; arrays keep their element type
// (arrays of arrays allowed). Integer kinds are stored widened in `u`/`i`, floats in `f`.
struct Value {
  ValueType type = ValueType::UINT8;
  uint64_t u = 0;   // UINT8/16/32/64, BOOL
  int64_t i = 0;    // INT8/16/32/64
  double f = 0.0;   // FLOAT32/64
  std::string str;  // STRING
  ValueType elem_type = ValueType::UINT8;  // ARRAY
  std::vector<Value> items;                // ARRAY

  static Value from_u32(uint32_t v);
  static Value from_i32(int32_t v);
  static Value from_u64(uint64_t v);
  static Value from_f32(float v);
  static Value from_bool(bool v);
  static Value from_string(std::string v);
  static Value from_strings(const std::vector<std::string>& v);
  static Value from_f32s(const std::vector<float>& v);
  static Value from_i32s(const std::vector<int32_t>& v);
  static Value array_of(ValueType elem_type, std::vector<Value> items);

  bool is_integer() const;  // any signed/unsigned integer kind
  bool is_float() const;
  // Human-readable, arrays shortened after `max_items`.
  std::string to_string(size_t max_items = 8) const;
};

struct KeyValue {
  std::string key;
  Value value;
};

struct TensorInfo {
  std::string name;
  uint32_t n_dims = 0;
  int64_t ne[4] = {1, 1, 1, 1};  // ne[0] is the contiguous (innermost) dimension
  DType type = DType::F32;
  uint64_t offset = 0;  // from the start of the data section
  uint64_t n_bytes = 0;
  int64_t n_elements() const { return ne[0] * ne[1] * ne[2] * ne[3]; }
  std::string shape_string() const;  // "[64, 512]"
};

// A read-only memory map of a whole file. Owns the mapping; not copyable.
class MappedFile {
 public:
  static Result<std::unique_ptr<MappedFile>> open(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  // Tells the OS the pages covering [offset, offset+len) are no longer needed, so a
  // tensor copied elsewhere is not held in memory twice. Safe to call more than once.
  void release(size_t offset, size_t len) const;

 private:
  MappedFile() = default;
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

class File {
 public:
  // Maps and validates the file. Error messages start with "[gguf] <path>: ".
  static Result<File> open(const std::string& path);
  // Validates bytes already in memory (the fuzz target and tests use this); `name`
  // stands for the path in messages. The bytes must outlive the File.
  static Result<File> parse(std::span<const uint8_t> bytes, const std::string& name);

  const std::string& path() const { return path_; }
  uint32_t version() const { return version_; }
  size_t alignment() const { return alignment_; }
  size_t data_offset() const { return data_offset_; }  // start of the tensor data section
  size_t file_size() const { return bytes_.size(); }

  const std::vector<KeyValue>& metadata() const { return kv_; }
  const Value* find(std::string_view key) const;  // nullptr if absent
  bool has(std::string_view key) const { return find(key) != nullptr; }

  // Typed getters: an error if the key is absent (the message contains "not found") or
  // of another kind. Integers of any width and signedness are accepted where the value
  // fits; BOOL is not an integer. get_f64 also takes integers (converted);
  // get_f32_array takes FLOAT32 or FLOAT64 arrays (narrowed to float).
  Result<uint64_t> get_u64(std::string_view key) const;
  Result<int64_t> get_i64(std::string_view key) const;
  Result<double> get_f64(std::string_view key) const;
  Result<bool> get_bool(std::string_view key) const;
  Result<std::string> get_string(std::string_view key) const;
  Result<std::vector<std::string>> get_string_array(std::string_view key) const;
  Result<std::vector<float>> get_f32_array(std::string_view key) const;
  Result<std::vector<int32_t>> get_i32_array(std::string_view key) const;

  const std::vector<TensorInfo>& tensors() const { return tensors_; }
  const TensorInfo* find_tensor(std::string_view name) const;  // nullptr if absent
  const uint8_t* tensor_data(const TensorInfo& t) const {
    return bytes_.data() + data_offset_ + t.offset;
  }
  // The mapping behind an opened file (nullptr for parse()).
  const MappedFile* mapping() const { return map_.get(); }

 private:
  std::string path_;
  std::shared_ptr<MappedFile> map_;
  std::span<const uint8_t> bytes_;
  uint32_t version_ = 0;
  size_t alignment_ = 32;
  size_t data_offset_ = 0;
  std::vector<KeyValue> kv_;
  std::vector<TensorInfo> tensors_;
  std::map<std::string, size_t, std::less<>> kv_index_;
  std::map<std::string, size_t, std::less<>> tensor_index_;
};

// Builds a GGUF (version 3) in memory and writes it. Keys and tensors keep their order.
class Writer {
 public:
  void set(std::string key, Value value);  // replaces an existing key
  void set_alignment(uint32_t alignment);  // also writes general.alignment
  // Adds a tensor; `data` must hold exactly row_bytes(type, ne[0]) * ne[1]*ne[2]*ne[3]
  // bytes and is copied. Errors: duplicate name, 0 or > 4 dims, ne < 0, ne[0] not a
  // multiple of the block size, wrong byte count.
  Status add_tensor(std::string name, DType type, std::vector<int64_t> ne,
                    std::span<const uint8_t> data);
  // As add_tensor, but the bytes are not copied: the caller keeps them alive and
  // unchanged until the last write()/to_bytes(). For large synthetic models.
  Status add_tensor_ref(std::string name, DType type, std::vector<int64_t> ne,
                        std::span<const uint8_t> data);
  // Writes to "<path>.tmp.<pid>" then renames, streaming tensor data (no copy of the
  // whole file in memory). Errors start with "[gguf] <path>: ".
  Status write(const std::string& path) const;
  std::vector<uint8_t> to_bytes() const;
  // Everything before the data section: header, metadata, tensor infos, padding.
  std::vector<uint8_t> header_bytes() const;

 private:
  struct PendingTensor {
    std::string name;
    DType type;
    std::vector<int64_t> ne;
    std::vector<uint8_t> owned;      // empty for add_tensor_ref
    std::span<const uint8_t> data;   // into `owned`, or the caller's bytes
    uint64_t n_bytes = 0;
  };
  Status add_tensor_impl(std::string name, DType type, std::vector<int64_t> ne,
                         std::span<const uint8_t> data, bool copy);
  // Offset of each tensor from the start of the data section.
  std::vector<uint64_t> tensor_offsets() const;
  std::vector<KeyValue> kv_;
  std::vector<PendingTensor> tensors_;
  uint32_t alignment_ = 32;
};

}  // namespace tl::gguf

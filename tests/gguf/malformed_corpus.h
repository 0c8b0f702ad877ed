// A byte-level GGUF builder that can write invalid files on purpose, and the table of
// malformed files the parser must reject. Shared by test_gguf and the fuzz seed corpus;
// it uses no test framework.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tl::gguf::corpus {

// Little-endian byte appender.
class ByteBuilder {
 public:
  ByteBuilder& u8(uint8_t v);
  ByteBuilder& u32(uint32_t v);
  ByteBuilder& u64(uint64_t v);
  ByteBuilder& f32(float v);
  ByteBuilder& str(std::string_view s);  // u64 length + bytes
  ByteBuilder& raw(std::string_view s);
  ByteBuilder& zeros(size_t n);
  const std::vector<uint8_t>& bytes() const { return bytes_; }
  size_t size() const { return bytes_.size(); }

 private:
  std::vector<uint8_t> bytes_;
};

// One metadata pair, already encoded after the key: u32 type tag + payload.
struct RawKv {
  std::string key;
  std::vector<uint8_t> typed_value;
};
RawKv kv_u32(std::string key, uint32_t v);
RawKv kv_string(std::string key, std::string_view v);
// Any type tag and payload, valid or not.
RawKv kv_raw(std::string key, uint32_t type, const ByteBuilder& payload);

struct RawTensor {
  std::string name;
  uint32_t n_dims;
  std::vector<uint64_t> ne;  // written as given, whatever n_dims says
  uint32_t type;
  uint64_t offset;
};

// A GGUF file described field by field, every field free to be wrong.
struct Spec {
  char magic[4] = {'G', 'G', 'U', 'F'};
  uint32_t version = 3;
  std::optional<uint64_t> tensor_count;  // default: tensors.size()
  std::optional<uint64_t> kv_count;      // default: kvs.size()
  std::vector<RawKv> kvs;
  std::vector<RawTensor> tensors;
  uint64_t pad_to = 32;      // padding written after the tensor infos
  size_t data_bytes = 0;     // bytes written after the padding (a byte pattern)
};
std::vector<uint8_t> build(const Spec& spec);

// The small valid file every case mutates: v3, metadata of every value type (nested and
// empty arrays, general.alignment = 32), three tensors (f32 [4,2], q8_0 [32], f16 [3])
// and a data section whose last tensor ends exactly at EOF.
Spec small_valid_spec();
std::vector<uint8_t> small_valid_file();

struct MalformedCase {
  std::string name;            // also the file name in messages: name + ".gguf"
  std::vector<uint8_t> bytes;
  std::string expect;          // a substring the error must contain (the field)
};
// Every validation rule, at least one case each.
std::vector<MalformedCase> malformed_cases();

}  // namespace tl::gguf::corpus

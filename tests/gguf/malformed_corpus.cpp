// The malformed GGUF corpus: one mutation of small_valid_spec() per validation rule.
#include "malformed_corpus.h"

#include <cstring>
#include <utility>

namespace tl::gguf::corpus {

ByteBuilder& ByteBuilder::u8(uint8_t v) {
  bytes_.push_back(v);
  return *this;
}
ByteBuilder& ByteBuilder::u32(uint32_t v) {
  for (int k = 0; k < 4; ++k) bytes_.push_back(static_cast<uint8_t>(v >> (8 * k)));
  return *this;
}
ByteBuilder& ByteBuilder::u64(uint64_t v) {
  for (int k = 0; k < 8; ++k) bytes_.push_back(static_cast<uint8_t>(v >> (8 * k)));
  return *this;
}
ByteBuilder& ByteBuilder::f32(float v) {
  uint32_t b;
  std::memcpy(&b, &v, 4);
  return u32(b);
}
ByteBuilder& ByteBuilder::str(std::string_view s) {
  u64(s.size());
  return raw(s);
}
ByteBuilder& ByteBuilder::raw(std::string_view s) {
  bytes_.insert(bytes_.end(), s.begin(), s.end());
  return *this;
}
ByteBuilder& ByteBuilder::zeros(size_t n) {
  bytes_.insert(bytes_.end(), n, 0);
  return *this;
}

RawKv kv_raw(std::string key, uint32_t type, const ByteBuilder& payload) {
  ByteBuilder b;
  b.u32(type);
  std::vector<uint8_t> out = b.bytes();
  out.insert(out.end(), payload.bytes().begin(), payload.bytes().end());
  return RawKv{std::move(key), std::move(out)};
}
RawKv kv_u32(std::string key, uint32_t v) { return kv_raw(std::move(key), 4, ByteBuilder().u32(v)); }
RawKv kv_string(std::string key, std::string_view v) {
  return kv_raw(std::move(key), 8, ByteBuilder().str(v));
}

std::vector<uint8_t> build(const Spec& spec) {
  ByteBuilder b;
  b.raw(std::string_view(spec.magic, 4)).u32(spec.version);
  b.u64(spec.tensor_count.value_or(spec.tensors.size()));
  b.u64(spec.kv_count.value_or(spec.kvs.size()));
  for (const RawKv& kv : spec.kvs) {
    b.str(kv.key);
    b.raw(std::string_view(reinterpret_cast<const char*>(kv.typed_value.data()), kv.typed_value.size()));
  }
  for (const RawTensor& t : spec.tensors) {
    b.str(t.name).u32(t.n_dims);
    for (uint64_t n : t.ne) b.u64(n);
    b.u32(t.type).u64(t.offset);
  }
  if (spec.pad_to > 1) {
    while (b.size() % spec.pad_to != 0) b.u8(0);
  }
  for (size_t k = 0; k < spec.data_bytes; ++k) b.u8(static_cast<uint8_t>(k * 7 + 1));
  return b.bytes();
}

Spec small_valid_spec() {
  Spec s;
  s.kvs.push_back(kv_string("general.architecture", "test"));
  s.kvs.push_back(kv_u32("general.alignment", 32));
  s.kvs.push_back(kv_raw("t.u8", 0, ByteBuilder().u8(200)));
  s.kvs.push_back(kv_raw("t.i8", 1, ByteBuilder().u8(0x80)));
  s.kvs.push_back(kv_raw("t.u16", 2, ByteBuilder().u8(0x34).u8(0x12)));
  s.kvs.push_back(kv_raw("t.i16", 3, ByteBuilder().u8(0xff).u8(0xff)));
  s.kvs.push_back(kv_raw("t.i32", 5, ByteBuilder().u32(static_cast<uint32_t>(-7))));
  s.kvs.push_back(kv_raw("t.f32", 6, ByteBuilder().f32(0.5f)));
  s.kvs.push_back(kv_raw("t.bool", 7, ByteBuilder().u8(1)));
  s.kvs.push_back(kv_raw("t.u64", 10, ByteBuilder().u64(~0ull)));
  s.kvs.push_back(kv_raw("t.i64", 11, ByteBuilder().u64(static_cast<uint64_t>(-5))));
  s.kvs.push_back(kv_raw("t.f64", 12, ByteBuilder().u64(0x3ff8000000000000ull)));  // 1.5
  s.kvs.push_back(kv_raw("t.strings", 9, ByteBuilder().u32(8).u64(2).str("a").str("\xff\n")));
  s.kvs.push_back(kv_raw("t.empty", 9, ByteBuilder().u32(4).u64(0)));
  // [[1, 2], []] as arrays of int32.
  s.kvs.push_back(kv_raw("t.nested", 9,
                         ByteBuilder().u32(9).u64(2).u32(5).u64(2).u32(1).u32(2).u32(5).u64(0)));
  s.tensors.push_back({"a", 2, {4, 2}, 0, 0});      // f32: 32 bytes at 0
  s.tensors.push_back({"b", 1, {32}, 8, 32});       // q8_0: 34 bytes at 32
  s.tensors.push_back({"c", 1, {3}, 1, 96});        // f16: 6 bytes at 96, ends at EOF
  s.data_bytes = 102;
  return s;
}

std::vector<uint8_t> small_valid_file() { return build(small_valid_spec()); }

namespace {

// Index of a key in small_valid_spec().kvs.
size_t kv_at(const Spec& s, std::string_view key) {
  for (size_t k = 0; k < s.kvs.size(); ++k) {
    if (s.kvs[k].key == key) return k;
  }
  return 0;
}

// Nested ARRAY(ARRAY(...(UINT8 empty))) with `depth` array levels inside the value.
ByteBuilder nested(int depth) {
  ByteBuilder b;
  for (int d = 0; d < depth; ++d) b.u32(9).u64(1);
  return b.u32(0).u64(0);
}

}  // namespace

std::vector<MalformedCase> malformed_cases() {
  std::vector<MalformedCase> out;
  auto add = [&](std::string name, std::string expect, auto mutate) {
    Spec s = small_valid_spec();
    mutate(s);
    out.push_back({std::move(name), build(s), std::move(expect)});
  };
  auto add_bytes = [&](std::string name, std::string expect, std::vector<uint8_t> bytes) {
    out.push_back({std::move(name), std::move(bytes), std::move(expect)});
  };

  // Header.
  add_bytes("empty", "magic", {});
  add_bytes("short_magic", "magic", {'G', 'G'});
  add("bad_magic", "magic", [](Spec& s) { s.magic[3] = 'X'; });
  add("version_0", "unsupported GGUF version 0", [](Spec& s) { s.version = 0; });
  add("version_1", "version 1", [](Spec& s) { s.version = 1; });
  add("version_4", "unsupported GGUF version 4", [](Spec& s) { s.version = 4; });
  add("big_endian", "big-endian", [](Spec& s) { s.version = 0x03000000; });
  add_bytes("header_truncated", "header.tensor_count", ByteBuilder().raw("GGUF").u32(3).u32(0).bytes());
  add("kv_count_huge", "header.kv_count", [](Spec& s) { s.kv_count = 1ull << 60; });
  add("kv_count_max", "header.kv_count", [](Spec& s) { s.kv_count = ~0ull; });
  add("tensor_count_huge", "header.tensor_count", [](Spec& s) { s.tensor_count = 1ull << 59; });

  // Metadata.
  add_bytes("key_length_huge", "key #0",
            ByteBuilder().raw("GGUF").u32(3).u64(0).u64(1).u64(1ull << 62).zeros(8).bytes());
  add("value_string_length_huge", "key general.architecture", [](Spec& s) {
    s.kvs[0] = kv_raw("general.architecture", 8, ByteBuilder().u64(1ull << 62).raw("test"));
  });
  add("invalid_value_type", "invalid value type 13", [](Spec& s) {
    s.kvs[2] = kv_raw("t.u8", 13, ByteBuilder().u8(1));
  });
  add("invalid_value_type_max", "invalid value type 4294967295", [](Spec& s) {
    s.kvs[2] = kv_raw("t.u8", 0xffffffffu, ByteBuilder().u8(1));
  });
  add("invalid_array_element_type", "invalid array element type 99", [](Spec& s) {
    s.kvs[kv_at(s, "t.empty")] = kv_raw("t.empty", 9, ByteBuilder().u32(99).u64(0));
  });
  add("array_count_huge", "key t.empty: array count", [](Spec& s) {
    s.kvs[kv_at(s, "t.empty")] = kv_raw("t.empty", 9, ByteBuilder().u32(4).u64(1ull << 61));
  });
  add("string_array_count_huge", "key t.strings: array count", [](Spec& s) {
    s.kvs[kv_at(s, "t.strings")] = kv_raw("t.strings", 9, ByteBuilder().u32(8).u64(~0ull >> 1));
  });
  add("array_item_string_too_long", "key t.strings[1]", [](Spec& s) {
    s.kvs[kv_at(s, "t.strings")] =
        kv_raw("t.strings", 9, ByteBuilder().u32(8).u64(2).str("a").u64(1ull << 40));
  });
  add("inner_array_count_huge", "key t.nested[1]: array count", [](Spec& s) {
    s.kvs[kv_at(s, "t.nested")] = kv_raw(
        "t.nested", 9, ByteBuilder().u32(9).u64(2).u32(5).u64(0).u32(5).u64(1ull << 40));
  });
  add("arrays_nested_too_deep", "nested deeper than 8", [](Spec& s) {
    s.kvs.push_back(kv_raw("t.deep", 9, nested(8)));
  });
  add("invalid_bool", "key t.bool: invalid bool", [](Spec& s) {
    s.kvs[kv_at(s, "t.bool")] = kv_raw("t.bool", 7, ByteBuilder().u8(2));
  });
  add("duplicate_key", "key t.u8: duplicate key", [](Spec& s) {
    s.kvs.push_back(kv_raw("t.u8", 0, ByteBuilder().u8(1)));
  });
  add("alignment_u64", "key general.alignment: expected uint32, found uint64", [](Spec& s) {
    s.kvs[1] = kv_raw("general.alignment", 10, ByteBuilder().u64(32));
  });
  add("alignment_string", "key general.alignment: expected uint32, found string", [](Spec& s) {
    s.kvs[1] = kv_string("general.alignment", "32");
  });
  add("alignment_zero", "power of two", [](Spec& s) { s.kvs[1] = kv_u32("general.alignment", 0); });
  add("alignment_48", "48 is not a non-zero power of two",
      [](Spec& s) { s.kvs[1] = kv_u32("general.alignment", 48); });
  add("kv_truncated_value", "key t.f64", [](Spec& s) {
    s.kvs[kv_at(s, "t.f64")].typed_value.resize(4 + 3);
    s.kvs.erase(s.kvs.begin() + static_cast<long>(kv_at(s, "t.f64")) + 1, s.kvs.end());
    s.tensors.clear();
    s.pad_to = 1;
    s.data_bytes = 0;
  });

  // Tensor infos.
  {
    // Tensor #1's name length is 2^50.
    Spec s = small_valid_spec();
    s.tensors.resize(1);
    s.tensor_count = 2;
    s.pad_to = 1;
    ByteBuilder tail;
    tail.u64(1ull << 50).zeros(40);
    std::vector<uint8_t> b = build(s);
    b.insert(b.end(), tail.bytes().begin(), tail.bytes().end());
    add_bytes("tensor_name_length_huge", "tensor #1 name", std::move(b));
  }
  add("duplicate_tensor_name", "tensor a: duplicate tensor name", [](Spec& s) { s.tensors[1].name = "a"; });
  add("n_dims_0", "tensor b: n_dims", [](Spec& s) {
    s.tensors[1].n_dims = 0;
    s.tensors[1].ne.clear();
  });
  add("n_dims_5", "tensor b: n_dims", [](Spec& s) {
    s.tensors[1].n_dims = 5;
    s.tensors[1].ne = {32, 1, 1, 1, 1};
  });
  add("ne_negative", "tensor a: ne[1]", [](Spec& s) { s.tensors[0].ne[1] = static_cast<uint64_t>(-2); });
  add("ne_product_overflow", "element count overflows int64", [](Spec& s) {
    s.tensors[0].ne = {1ull << 32, 1ull << 32};
  });
  add("n_bytes_overflow", "byte size overflows", [](Spec& s) {
    s.tensors[0].ne = {1ull << 62, 1};  // 2^62 f32 elements = 2^64 bytes
  });
  add("ne0_not_block_multiple", "tensor b: ne[0]", [](Spec& s) { s.tensors[1].ne = {33}; });
  add("type_retired_q4_2", "unknown or retired type id 4", [](Spec& s) { s.tensors[0].type = 4; });
  add("type_unknown", "unknown or retired type id 1000", [](Spec& s) { s.tensors[0].type = 1000; });
  add("offset_misaligned", "tensor b: offset", [](Spec& s) { s.tensors[1].offset = 40; });
  add("data_out_of_bounds", "tensor c: offset", [](Spec& s) { s.tensors[2].offset = 4096; });
  add("data_offset_huge", "tensor c: offset", [](Spec& s) { s.tensors[2].offset = ~0ull << 5; });
  add("data_truncated", "tensor c: offset", [](Spec& s) { s.data_bytes -= 1; });
  add("tensors_overlap", "tensor b: offset", [](Spec& s) { s.tensors[1].offset = 0; });
  add("tensors_overlap_partly", "overlaps tensor b", [](Spec& s) {
    s.tensors[1].offset = 64;  // b [64, 98) then c at 96
  });
  {
    // The file ends inside the padding before the data section.
    Spec s = small_valid_spec();
    s.pad_to = 1;
    s.data_bytes = 0;
    std::vector<uint8_t> b = build(s);
    if (b.size() % 32 == 0) b.push_back(0);
    add_bytes("padding_past_eof", "data section", std::move(b));
  }
  return out;
}

}  // namespace tl::gguf::corpus

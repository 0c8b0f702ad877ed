// Writer -> reader round trips: every value type, several tensor types and alignments,
// streamed writes from borrowed bytes, and a real file rewritten.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

#include "common/testdata.h"
#include "gguf/gguf.h"

namespace tl::gguf {
namespace {

Value scalar(ValueType t, uint64_t u, int64_t i, double f) {
  Value v;
  v.type = t;
  v.u = u;
  v.i = i;
  v.f = f;
  return v;
}

// Equality as the file stores it: FLOAT32 compared after narrowing.
void expect_same(const Value& a, const Value& b, const std::string& where) {
  ASSERT_EQ(a.type, b.type) << where;
  switch (a.type) {
    case ValueType::UINT8: case ValueType::UINT16: case ValueType::UINT32:
    case ValueType::UINT64: case ValueType::BOOL:
      EXPECT_EQ(a.u, b.u) << where; break;
    case ValueType::INT8: case ValueType::INT16: case ValueType::INT32: case ValueType::INT64:
      EXPECT_EQ(a.i, b.i) << where; break;
    case ValueType::FLOAT32:
      EXPECT_EQ(static_cast<float>(a.f), static_cast<float>(b.f)) << where; break;
    case ValueType::FLOAT64:
      EXPECT_EQ(a.f, b.f) << where; break;
    case ValueType::STRING:
      EXPECT_EQ(a.str, b.str) << where; break;
    case ValueType::ARRAY:
      EXPECT_EQ(a.elem_type, b.elem_type) << where;
      ASSERT_EQ(a.items.size(), b.items.size()) << where;
      for (size_t k = 0; k < a.items.size(); ++k) {
        expect_same(a.items[k], b.items[k], where + "[" + std::to_string(k) + "]");
      }
      break;
  }
}

std::vector<KeyValue> every_value_type() {
  std::vector<KeyValue> kv;
  kv.push_back({"u8", scalar(ValueType::UINT8, 255, 0, 0)});
  kv.push_back({"i8", scalar(ValueType::INT8, 0, -128, 0)});
  kv.push_back({"u16", scalar(ValueType::UINT16, 65535, 0, 0)});
  kv.push_back({"i16", scalar(ValueType::INT16, 0, -32768, 0)});
  kv.push_back({"u32", Value::from_u32(4000000000u)});
  kv.push_back({"i32", Value::from_i32(-2000000000)});
  kv.push_back({"f32", Value::from_f32(1e-5f)});
  kv.push_back({"bool", Value::from_bool(true)});
  kv.push_back({"string", Value::from_string(std::string("caf\xc3\xa9\0x\n", 8))});
  kv.push_back({"u64", Value::from_u64(~0ull)});
  kv.push_back({"i64", scalar(ValueType::INT64, 0, INT64_MIN, 0)});
  kv.push_back({"f64", scalar(ValueType::FLOAT64, 0, 0, -0.1)});
  kv.push_back({"strings", Value::from_strings({"a", "", "\xff"})});
  kv.push_back({"f32s", Value::from_f32s({1.5f, -2.0f})});
  kv.push_back({"i32s", Value::from_i32s({1, -2, 3})});
  kv.push_back({"empty_u8s", Value::array_of(ValueType::UINT8, {})});
  kv.push_back({"empty_strings", Value::array_of(ValueType::STRING, {})});
  kv.push_back({"bools", Value::array_of(ValueType::BOOL, {Value::from_bool(false), Value::from_bool(true)})});
  kv.push_back({"nested", Value::array_of(ValueType::ARRAY,
                                          {Value::from_i32s({1, 2}), Value::from_strings({"x"}),
                                           Value::array_of(ValueType::FLOAT64, {})})});
  kv.push_back({"nested_empty", Value::array_of(ValueType::ARRAY, {})});
  return kv;
}

struct TestTensor {
  std::string name;
  DType type;
  std::vector<int64_t> ne;
  std::vector<uint8_t> data;
};

std::vector<TestTensor> several_tensors() {
  std::vector<TestTensor> out = {
      {"f32", DType::F32, {4, 3}, {}},        {"f16", DType::F16, {5}, {}},
      {"q8_0", DType::Q8_0, {64, 2}, {}},     {"q4_k", DType::Q4_K, {256}, {}},
      {"bf16_3d", DType::BF16, {2, 3, 4}, {}}, {"i8_4d", DType::I8, {1, 2, 3, 5}, {}},
      {"empty", DType::F32, {0}, {}},
  };
  uint8_t seed = 1;
  for (TestTensor& t : out) {
    int64_t rows = 1;
    for (size_t d = 1; d < t.ne.size(); ++d) rows *= t.ne[d];
    t.data.resize(row_bytes(t.type, t.ne[0]) * static_cast<size_t>(rows));
    for (uint8_t& b : t.data) b = seed = static_cast<uint8_t>(seed * 33 + 7);
  }
  return out;
}

void expect_round_trip(const File& f, const std::vector<KeyValue>& kv,
                       const std::vector<TestTensor>& tensors, uint32_t alignment) {
  EXPECT_EQ(f.version(), 3u);
  EXPECT_EQ(f.alignment(), alignment);
  EXPECT_EQ(f.data_offset() % alignment, 0u);
  ASSERT_EQ(f.metadata().size(), kv.size());
  for (size_t k = 0; k < kv.size(); ++k) {
    EXPECT_EQ(f.metadata()[k].key, kv[k].key);
    expect_same(f.metadata()[k].value, kv[k].value, kv[k].key);
  }
  ASSERT_EQ(f.tensors().size(), tensors.size());
  for (size_t k = 0; k < tensors.size(); ++k) {
    const TensorInfo& t = f.tensors()[k];
    EXPECT_EQ(t.name, tensors[k].name);
    EXPECT_EQ(t.type, tensors[k].type);
    ASSERT_EQ(t.n_dims, tensors[k].ne.size());
    for (uint32_t d = 0; d < t.n_dims; ++d) EXPECT_EQ(t.ne[d], tensors[k].ne[d]);
    EXPECT_EQ(t.offset % alignment, 0u) << t.name;
    ASSERT_EQ(t.n_bytes, tensors[k].data.size());
    if (t.n_bytes) {
      EXPECT_EQ(std::memcmp(f.tensor_data(t), tensors[k].data.data(), t.n_bytes), 0);
    }
  }
}

class GgufRoundTrip : public ::testing::TestWithParam<uint32_t> {};

TEST_P(GgufRoundTrip, EveryValueTypeAndSeveralTensorTypes) {
  const uint32_t alignment = GetParam();
  std::vector<KeyValue> kv = every_value_type();
  std::vector<TestTensor> tensors = several_tensors();
  Writer w;
  if (alignment != 32) {
    w.set_alignment(alignment);
    kv.insert(kv.begin(), KeyValue{"general.alignment", Value::from_u32(alignment)});
  }
  for (size_t k = (alignment != 32 ? 1 : 0); k < kv.size(); ++k) w.set(kv[k].key, kv[k].value);
  for (const TestTensor& t : tensors) ASSERT_TRUE(w.add_tensor(t.name, t.type, t.ne, t.data).ok());

  std::vector<uint8_t> bytes = w.to_bytes();
  EXPECT_EQ(bytes.size() % alignment, 0u);
  Result<File> f = File::parse(bytes, "mem.gguf");
  ASSERT_TRUE(f.ok()) << f.error();
  expect_round_trip(f.value(), kv, tensors, alignment);

  // write() streams the same bytes to disk.
  const std::string path = test::temp_dir() + "/rt.gguf";
  ASSERT_TRUE(w.write(path).ok());
  EXPECT_EQ(test::read_bytes(path), bytes);
  Result<File> g = File::open(path);
  ASSERT_TRUE(g.ok()) << g.error();
  expect_round_trip(g.value(), kv, tensors, alignment);
}

INSTANTIATE_TEST_SUITE_P(Alignments, GgufRoundTrip, ::testing::Values(32u, 64u, 4096u));

TEST(GgufWriter, SetReplacesInPlace) {
  Writer w;
  w.set("a", Value::from_u32(1));
  w.set("b", Value::from_u32(2));
  w.set("a", Value::from_string("x"));
  std::vector<uint8_t> bytes = w.to_bytes();
  Result<File> f = File::parse(bytes, "m.gguf");
  ASSERT_TRUE(f.ok()) << f.error();
  ASSERT_EQ(f->metadata().size(), 2u);
  EXPECT_EQ(f->metadata()[0].key, "a");
  EXPECT_EQ(f->get_string("a").value(), "x");
  EXPECT_EQ(f->metadata()[1].key, "b");
}

TEST(GgufWriter, BorrowedTensorBytesStream) {
  std::vector<uint8_t> big(1 << 20);
  for (size_t k = 0; k < big.size(); ++k) big[k] = static_cast<uint8_t>(k * 131 + 3);
  Writer w;
  w.set_alignment(64);
  ASSERT_TRUE(w.add_tensor_ref("big", DType::F32, {512, 512}, big).ok());
  ASSERT_TRUE(w.add_tensor_ref("tail", DType::F16, {3}, std::span(big).subspan(0, 6)).ok());
  const std::string path = test::temp_dir() + "/big.gguf";
  ASSERT_TRUE(w.write(path).ok());
  Result<File> f = File::open(path);
  ASSERT_TRUE(f.ok()) << f.error();
  const TensorInfo* t = f->find_tensor("big");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(std::memcmp(f->tensor_data(*t), big.data(), big.size()), 0);
  EXPECT_EQ(f->find_tensor("tail")->offset, big.size());
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp." + std::to_string(::getpid())));
}

TEST(GgufWriter, RejectsBadTensors) {
  Writer w;
  std::vector<uint8_t> d(64);
  ASSERT_TRUE(w.add_tensor("t", DType::F32, {16}, d).ok());
  struct Case { std::string name; DType type; std::vector<int64_t> ne; size_t n; const char* expect; };
  const Case cases[] = {
      {"t", DType::F32, {16}, 64, "duplicate tensor name"},
      {"d0", DType::F32, {}, 0, "dimensions"},
      {"d5", DType::F32, {1, 1, 1, 1, 1}, 4, "dimensions"},
      {"neg", DType::F32, {-1}, 0, "negative"},
      {"blk", DType::Q8_0, {16}, 34, "block size"},
      {"size", DType::F32, {15}, 64, "needs 60"},
  };
  for (const Case& c : cases) {
    Status s = w.add_tensor(c.name, c.type, c.ne, std::span(d).subspan(0, c.n));
    ASSERT_FALSE(s.ok()) << c.name;
    EXPECT_NE(s.message().find("[gguf] writer: tensor " + c.name), std::string::npos) << s.message();
    EXPECT_NE(s.message().find(c.expect), std::string::npos) << s.message();
  }
}

TEST(GgufWriter, WriteErrorNamesThePath) {
  Writer w;
  const std::string path = test::temp_dir() + "/no/such/dir/x.gguf";
  Status s = w.write(path);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("[gguf] " + path + ": "), std::string::npos) << s.message();
}

// A real model read, rewritten from borrowed bytes and read again keeps every key,
// tensor and byte.
TEST(GgufWriter, RewritesStories260K) {
  Result<File> src = File::open(test::testdata_path("stories260K.gguf"));
  ASSERT_TRUE(src.ok()) << src.error();
  Writer w;
  for (const KeyValue& kv : src->metadata()) w.set(kv.key, kv.value);
  for (const TensorInfo& t : src->tensors()) {
    std::vector<int64_t> ne(t.ne, t.ne + t.n_dims);
    ASSERT_TRUE(w.add_tensor_ref(t.name, t.type, ne, {src->tensor_data(t), t.n_bytes}).ok());
  }
  std::vector<uint8_t> bytes = w.to_bytes();
  // ggml lays the file out the same way, so the copy is byte-identical.
  EXPECT_EQ(bytes, test::read_bytes(test::testdata_path("stories260K.gguf")));
  Result<File> back = File::parse(bytes, "copy.gguf");
  ASSERT_TRUE(back.ok()) << back.error();
  ASSERT_EQ(back->metadata().size(), src->metadata().size());
  for (size_t k = 0; k < src->metadata().size(); ++k) {
    expect_same(back->metadata()[k].value, src->metadata()[k].value, src->metadata()[k].key);
  }
}

}  // namespace
}  // namespace tl::gguf

// libFuzzer target for the GGUF parser: any bytes either fail with a "[gguf]" message or
// give a File whose every value and tensor can be read and which rewrites to itself.
#include <cstdint>
#include <cstring>
#include <string>

#include "gguf/gguf.h"

namespace {

using tl::gguf::File;
using tl::gguf::KeyValue;
using tl::gguf::TensorInfo;
using tl::gguf::Value;

constexpr const char* kName = "fuzz.gguf";
volatile uint64_t g_sink = 0;
// Rewrites larger than this are skipped: a valid file with a huge general.alignment
// and several tensors lays out to gigabytes of padding.
constexpr uint64_t kMaxRewriteBytes = 1ull << 20;

void touch_getters(const File& f, const std::string& key) {
  // Every getter on every key: each either succeeds or reports an error, never aborts.
  (void)f.get_u64(key).ok();
  (void)f.get_i64(key).ok();
  (void)f.get_f64(key).ok();
  (void)f.get_bool(key).ok();
  (void)f.get_string(key).ok();
  (void)f.get_string_array(key).ok();
  (void)f.get_f32_array(key).ok();
  (void)f.get_i32_array(key).ok();
}

uint64_t checksum(const uint8_t* p, uint64_t n) {
  uint64_t h = 0;
  for (uint64_t k = 0; k < n; ++k) h = h * 31 + p[k];
  return h;
}

// A valid File goes back through the Writer and must read back the same.
void check_rewrite(const File& f) {
  uint64_t size = f.data_offset() + 64 * f.metadata().size();
  for (const TensorInfo& t : f.tensors()) size += t.n_bytes + f.alignment();
  if (size > kMaxRewriteBytes) return;
  tl::gguf::Writer w;
  for (const KeyValue& kv : f.metadata()) w.set(kv.key, kv.value);
  for (const TensorInfo& t : f.tensors()) {
    tl::Status s = w.add_tensor_ref(t.name, t.type, {t.ne, t.ne + t.n_dims},
                                    {f.tensor_data(t), t.n_bytes});
    TL_CHECK(s.ok(), s.message().c_str());
  }
  std::vector<uint8_t> bytes = w.to_bytes();
  tl::Result<File> back = File::parse(bytes, "rewrite.gguf");
  TL_CHECK(back.ok(), back.error().c_str());
  TL_CHECK(back->metadata().size() == f.metadata().size(), "rewrite lost keys");
  TL_CHECK(back->tensors().size() == f.tensors().size(), "rewrite lost tensors");
  for (size_t k = 0; k < f.tensors().size(); ++k) {
    const TensorInfo& a = f.tensors()[k];
    const TensorInfo& b = back->tensors()[k];
    TL_CHECK(a.name == b.name && a.n_bytes == b.n_bytes, "rewrite changed a tensor");
    TL_CHECK(a.n_bytes == 0 || std::memcmp(f.tensor_data(a), back->tensor_data(b), a.n_bytes) == 0,
             "rewrite changed tensor bytes");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  tl::Result<File> f = File::parse({data, size}, kName);
  if (!f.ok()) {
    TL_CHECK(f.error().rfind(std::string("[gguf] ") + kName + ": ", 0) == 0, f.error().c_str());
    return 0;
  }
  for (const KeyValue& kv : f->metadata()) {
    TL_CHECK(f->find(kv.key) == &kv.value, "key index out of step");
    (void)kv.value.to_string();
    touch_getters(f.value(), kv.key);
  }
  uint64_t sink = 0;
  for (const TensorInfo& t : f->tensors()) {
    TL_CHECK(f->find_tensor(t.name) == &t, "tensor index out of step");
    TL_CHECK(f->data_offset() + t.offset + t.n_bytes <= size, "tensor past the end");
    sink += checksum(f->tensor_data(t), t.n_bytes) + static_cast<uint64_t>(t.n_elements());
    sink += t.shape_string().size();
  }
  check_rewrite(f.value());
  g_sink = sink;  // keeps the reads of every tensor byte from being optimised away
  return 0;
}

// Writes the fuzzer's seed corpus: every malformed case of tests/gguf plus valid files
// (the small hand-built one and one from the Writer with every value type).
#include <cstdio>
#include <string>

#include "gguf/gguf.h"
#include "malformed_corpus.h"

namespace {

bool write_file(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return false;
  const bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  return std::fclose(f) == 0 && ok;
}

std::vector<uint8_t> writer_file() {
  using tl::gguf::Value;
  using tl::gguf::ValueType;
  tl::gguf::Writer w;
  w.set_alignment(64);
  w.set("general.architecture", Value::from_string("llama"));
  w.set("llama.block_count", Value::from_u32(2));
  w.set("f", Value::from_f32(1e-5f));
  w.set("b", Value::from_bool(true));
  w.set("toks", Value::from_strings({"<s>", "\xe2\x96\x81" "a", ""}));
  w.set("scores", Value::from_f32s({0.0f, -1.5f}));
  w.set("types", Value::from_i32s({1, 3}));
  w.set("nested", Value::array_of(ValueType::ARRAY, {Value::from_i32s({7})}));
  std::vector<uint8_t> data(34 * 2 + 8);
  for (size_t k = 0; k < data.size(); ++k) data[k] = static_cast<uint8_t>(k);
  (void)w.add_tensor("q", tl::DType::Q8_0, {32, 2}, std::span(data).subspan(0, 68));
  (void)w.add_tensor("f", tl::DType::F32, {2}, std::span(data).subspan(68, 8));
  return w.to_bytes();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_seed_corpus DIR  (DIR must exist)\n");
    return 2;
  }
  const std::string dir = argv[1];
  int n = 0;
  bool ok = write_file(dir + "/valid_small.gguf", tl::gguf::corpus::small_valid_file()) &&
            write_file(dir + "/valid_writer.gguf", writer_file());
  n += 2;
  for (const tl::gguf::corpus::MalformedCase& c : tl::gguf::corpus::malformed_cases()) {
    ok = ok && write_file(dir + "/" + c.name + ".gguf", c.bytes);
    ++n;
  }
  if (!ok) {
    std::fprintf(stderr, "make_seed_corpus: cannot write into %s\n", dir.c_str());
    return 1;
  }
  std::printf("wrote %d seed files to %s\n", n, dir.c_str());
  return 0;
}

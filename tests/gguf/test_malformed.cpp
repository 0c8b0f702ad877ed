// The malformed corpus: every case must fail with the file name and its field in the
// message, from memory and from disk; truncations and byte flips must never crash.
#include <gtest/gtest.h>

#include <fstream>

#include "common/testdata.h"
#include "gguf/gguf.h"
#include "malformed_corpus.h"

namespace tl::gguf {
namespace {

TEST(GgufMalformed, SmallValidFileParses) {
  std::vector<uint8_t> bytes = corpus::small_valid_file();
  Result<File> f = File::parse(bytes, "small.gguf");
  ASSERT_TRUE(f.ok()) << f.error();
  EXPECT_EQ(f->tensors().size(), 3u);
  EXPECT_EQ(f->metadata().size(), 15u);
  EXPECT_EQ(f->find_tensor("c")->offset + f->find_tensor("c")->n_bytes + f->data_offset(),
            bytes.size());
  EXPECT_EQ(f->find("t.nested")->to_string(), "[[1, 2], []]");
  EXPECT_EQ(f->find("t.strings")->to_string(), "[\"a\", \"\xff\\n\"]");
}

TEST(GgufMalformed, CasesCoverEveryRule) {
  // One name per rule of the parser's validation; a dropped case fails here.
  EXPECT_GE(corpus::malformed_cases().size(), 45u);
}

TEST(GgufMalformed, EveryCaseFailsInMemory) {
  for (const corpus::MalformedCase& c : corpus::malformed_cases()) {
    SCOPED_TRACE(c.name);
    const std::string name = c.name + ".gguf";
    Result<File> f = File::parse(c.bytes, name);
    ASSERT_FALSE(f.ok());
    EXPECT_EQ(f.error().rfind("[gguf] " + name + ": offset ", 0), 0u) << f.error();
    EXPECT_NE(f.error().find(c.expect), std::string::npos)
        << "expected \"" << c.expect << "\" in: " << f.error();
  }
}

TEST(GgufMalformed, EveryCaseFailsFromDisk) {
  const std::string dir = test::temp_dir();
  for (const corpus::MalformedCase& c : corpus::malformed_cases()) {
    SCOPED_TRACE(c.name);
    const std::string path = dir + "/" + c.name + ".gguf";
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(c.bytes.data()), static_cast<std::streamsize>(c.bytes.size()));
    Result<File> f = File::open(path);
    ASSERT_FALSE(f.ok());
    EXPECT_EQ(f.error().rfind("[gguf] " + path + ": ", 0), 0u) << f.error();
    // An empty file never reaches the parser.
    const std::string expect = c.bytes.empty() ? "empty file" : c.expect;
    EXPECT_NE(f.error().find(expect), std::string::npos) << f.error();
  }
}

TEST(GgufMalformed, TruncationAtEveryByteFails) {
  const std::vector<uint8_t> bytes = corpus::small_valid_file();
  for (size_t n = 0; n < bytes.size(); ++n) {
    Result<File> f = File::parse(std::span<const uint8_t>(bytes.data(), n), "cut.gguf");
    ASSERT_FALSE(f.ok()) << "truncated at " << n;
    EXPECT_EQ(f.error().rfind("[gguf] cut.gguf: offset ", 0), 0u) << f.error();
  }
}

// Truncated copies of a real file: byte by byte through the first and last 2 KiB before
// the data section (header, first keys, tensor table), every 13th byte in between (the
// token arrays, slow to re-parse thousands of times), then every 4 KiB of data.
TEST(GgufMalformed, TruncatedRealFileFails) {
  const std::vector<uint8_t> bytes = test::read_bytes(test::testdata_path("stories260K.gguf"));
  ASSERT_FALSE(bytes.empty());
  Result<File> whole = File::parse(bytes, "stories260K.gguf");
  ASSERT_TRUE(whole.ok()) << whole.error();
  const size_t data = whole->data_offset();
  for (size_t n = 0; n < bytes.size();) {
    Result<File> f = File::parse(std::span<const uint8_t>(bytes.data(), n), "stories260K.gguf");
    ASSERT_FALSE(f.ok()) << "truncated at " << n;
    n += n >= data ? 4096 : (n < 2048 || n + 2048 >= data) ? 1 : 13;
  }
}

// Each byte of the small file set to a few values: the result may be a valid file or
// an error, but never a crash (ASan/UBSan builds check the rest).
TEST(GgufMalformed, ByteMutationsNeverCrash) {
  const std::vector<uint8_t> valid = corpus::small_valid_file();
  size_t n_ok = 0, n_err = 0;
  for (size_t at = 0; at < valid.size(); ++at) {
    for (uint8_t v : {uint8_t{0x00}, uint8_t{0xff}, uint8_t{0x7f}, uint8_t(valid[at] + 1)}) {
      std::vector<uint8_t> bytes = valid;
      bytes[at] = v;
      Result<File> f = File::parse(bytes, "mut.gguf");
      if (f.ok()) {
        ++n_ok;
        for (const KeyValue& kv : f->metadata()) (void)kv.value.to_string();
      } else {
        ++n_err;
        EXPECT_EQ(f.error().rfind("[gguf] mut.gguf: offset ", 0), 0u) << f.error();
      }
    }
  }
  EXPECT_GT(n_err, 0u);
  EXPECT_GT(n_ok, 0u);  // data bytes, for one, may take any value
}

TEST(GgufMalformed, Version2Reads) {
  corpus::Spec s = corpus::small_valid_spec();
  s.version = 2;
  std::vector<uint8_t> bytes = corpus::build(s);
  Result<File> f = File::parse(bytes, "v2.gguf");
  ASSERT_TRUE(f.ok()) << f.error();
  EXPECT_EQ(f->version(), 2u);
  EXPECT_EQ(f->tensors().size(), 3u);
  EXPECT_EQ(f->get_string("general.architecture").value(), "test");
}

// Accepted edge cases, stated: empty tensors (ne == 0, as ggml allows), keys and strings
// that are not UTF-8, unpadded tensor-less files, nesting at exactly the depth limit.
TEST(GgufMalformed, AcceptedEdgeCases) {
  corpus::Spec s = corpus::small_valid_spec();
  s.tensors.push_back({"empty", 2, {0, 5}, 0, 96});  // 0 bytes, may share an offset
  s.kvs.push_back(corpus::kv_string("\xc3\x28 bad utf8 key", "\xff\xfe"));
  std::vector<uint8_t> bytes = corpus::build(s);
  Result<File> f = File::parse(bytes, "edge.gguf");
  ASSERT_TRUE(f.ok()) << f.error();
  EXPECT_EQ(f->find_tensor("empty")->n_bytes, 0u);
  EXPECT_EQ(f->find_tensor("empty")->n_elements(), 0);
  EXPECT_EQ(f->get_string("\xc3\x28 bad utf8 key").value(), "\xff\xfe");

  corpus::Spec vocab_only;
  vocab_only.kvs.push_back(corpus::kv_string("general.architecture", "x"));
  vocab_only.pad_to = 1;
  std::vector<uint8_t> unpadded = corpus::build(vocab_only);
  ASSERT_NE(unpadded.size() % 32, 0u);
  Result<File> v = File::parse(unpadded, "vocab.gguf");
  ASSERT_TRUE(v.ok()) << v.error();
  EXPECT_EQ(v->data_offset(), unpadded.size());

  corpus::Spec deep = corpus::small_valid_spec();
  corpus::ByteBuilder b;
  for (int d = 0; d < 7; ++d) b.u32(9).u64(1);  // 8 array levels in all
  b.u32(0).u64(0);
  deep.kvs.push_back(corpus::kv_raw("t.deep", 9, b));
  std::vector<uint8_t> deep_bytes = corpus::build(deep);
  Result<File> d = File::parse(deep_bytes, "deep.gguf");
  ASSERT_TRUE(d.ok()) << d.error();
  EXPECT_EQ(d->find("t.deep")->to_string(), "[[[[[[[[]]]]]]]]");
}

}  // namespace
}  // namespace tl::gguf

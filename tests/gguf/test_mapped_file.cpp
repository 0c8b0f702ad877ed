// MappedFile: open errors (missing, empty, directory) and release() of mapped pages.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>

#include "common/testdata.h"
#include "gguf/gguf.h"

namespace tl::gguf {
namespace {

TEST(GgufMappedFile, OpenErrorsNameThePath) {
  const std::string dir = test::temp_dir();
  const std::string empty = dir + "/empty.gguf";
  std::ofstream(empty).close();
  struct Case { std::string path; const char* expect; };
  for (const Case& c : {Case{dir + "/missing.gguf", "cannot open"}, Case{empty, "empty file"},
                        Case{dir, "not a regular file"}}) {
    Result<File> f = File::open(c.path);
    ASSERT_FALSE(f.ok()) << c.path;
    EXPECT_EQ(f.error().rfind("[gguf] " + c.path + ": ", 0), 0u) << f.error();
    EXPECT_NE(f.error().find(c.expect), std::string::npos) << f.error();
  }
}

// Released pages of a private file mapping read back from the file, unchanged.
TEST(GgufMappedFile, ReleaseKeepsContents) {
  const std::string path = test::testdata_path("stories260K.gguf");
  std::vector<uint8_t> bytes = test::read_bytes(path);
  Result<std::unique_ptr<MappedFile>> m = MappedFile::open(path);
  ASSERT_TRUE(m.ok()) << m.error();
  const MappedFile& map = *m.value();
  ASSERT_EQ(map.size(), bytes.size());
  map.release(100, 200000);
  map.release(0, map.size());
  map.release(map.size() - 1, 1000);  // clamped
  map.release(map.size() + 5, 10);    // ignored
  map.release(5000, 0);
  EXPECT_EQ(std::memcmp(map.data(), bytes.data(), bytes.size()), 0);
}

}  // namespace
}  // namespace tl::gguf

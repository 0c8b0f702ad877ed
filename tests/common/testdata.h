// Where tests find ../shared/testdata (override with TILELM_TESTDATA) and how they read
// it. A missing file is a test failure, never a skip.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tl::test {

// The test data folder: $TILELM_TESTDATA, else the source tree's ../shared/testdata.
std::string testdata_dir();
// Full path of a file under the test data folder; records a test failure if missing.
std::string testdata_path(const std::string& relative);
// Whole file contents; records a test failure (and returns empty) if unreadable.
std::vector<uint8_t> read_bytes(const std::string& path);
std::vector<float> read_f32(const std::string& path);
std::string read_text(const std::string& path);
// A fresh empty folder for a test's output files.
std::string temp_dir();

}  // namespace tl::test

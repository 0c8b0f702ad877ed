// Reading llama.cpp's X.gguf.inp / X.gguf.out vector pairs (testdata/vocab README §3).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "common/testdata.h"

namespace tl::test {

struct VocabCase {
  size_t index = 0;
  std::string text;
  std::vector<int32_t> ids;
};

// The cases of `relative` + ".inp" with their ids from ".out"; a mismatch in counts
// is a test failure.
inline std::vector<VocabCase> read_vocab_cases(const std::string& relative) {
  const std::string inp = read_text(testdata_path(relative + ".inp"));
  const std::string out = read_text(testdata_path(relative + ".out"));
  const std::string sep = "\n__ggml_vocab_test__\n";
  std::vector<VocabCase> cases;
  // The file ends with the separator, so the piece after the last one (empty) is dropped.
  for (size_t at = 0; at < inp.size();) {
    const size_t end = inp.find(sep, at);
    if (end == std::string::npos) break;
    cases.push_back({cases.size(), inp.substr(at, end - at), {}});
    at = end + sep.size();
  }
  std::istringstream lines(out);
  std::string line;
  size_t i = 0;
  for (; std::getline(lines, line); ++i) {
    if (i >= cases.size()) break;
    std::istringstream nums(line);
    int32_t id;
    while (nums >> id) cases[i].ids.push_back(id);
  }
  if (i != cases.size()) {
    ADD_FAILURE() << relative << ": " << cases.size() << " inputs but " << i << " output lines";
  }
  return cases;
}

}  // namespace tl::test

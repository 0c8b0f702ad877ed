// The one known difference between tilelm and the reference tokenizer, shown case by case:
// Qwen's tokenizer.json has an NFC normalizer, and a GGUF has no key for a normalizer, so
// tilelm (as llama.cpp) tokenizes the bytes it is given. known_diff/not-nfc.txt holds the
// 35 real lines of the corpus sources that are not in NFC (corpus/README.md says where
// they come from). On them the Qwen 3 reference (@lenml/tokenizers 3.7.2 through Node)
// must differ from tilelm, and must equal tilelm on the NFC form of the same line, so
// normalization is the whole difference; Llama 3 has no normalizer and agrees exactly.
#include <gtest/gtest.h>

#include <sstream>

#include "common/testdata.h"
#include "hf_reference.h"
#include "tok_test_util.h"

namespace tl::test {
namespace {

std::vector<std::string> not_nfc_lines() {
  std::vector<std::string> lines;
  std::istringstream in(read_text(std::string(TILELM_KNOWN_DIFF_DIR) + "/not-nfc.txt"));
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  // And one made here: the Kelvin sign U+212A, which NFC turns into "K".
  lines.push_back("it'\xE2\x84\xAA");
  return lines;
}

TEST(HfKnownDifference, QwenNormalizesToNfcAndGgufCannotSaySo) {
  const std::string dir = temp_dir();
  const std::vector<std::string> lines = not_nfc_lines();
  ASSERT_EQ(lines.size(), 36u);
  auto is_nfc = reference_is_nfc(lines, dir);
  auto nfc = reference_nfc(lines, dir);
  auto expected = reference_ids("qwen3", lines, dir);
  ASSERT_TRUE(is_nfc && nfc && expected);
  auto tok = convert_npm_tokenizer("qwen3", dir);
  ASSERT_TRUE(tok);
  for (size_t i = 0; i < lines.size(); ++i) {
    EXPECT_FALSE((*is_nfc)[i]) << "line " << i << " is NFC: not a case of this difference";
    const std::vector<int32_t> ours = tok->encode(lines[i], plain());
    EXPECT_NE(ours, (*expected)[i]) << "line " << i << ": the reference no longer normalizes?";
    EXPECT_EQ(tok->encode((*nfc)[i], plain()), (*expected)[i]) << "line " << i << ": " << lines[i];
    EXPECT_EQ(tok->decode(ours), lines[i]) << "line " << i;  // tilelm keeps the bytes
  }
}

TEST(HfKnownDifference, Llama3HasNoNormalizerAndAgrees) {
  const std::string dir = temp_dir();
  const std::vector<std::string> lines = not_nfc_lines();
  auto expected = reference_ids("llama3", lines, dir);
  ASSERT_TRUE(expected);
  auto tok = convert_npm_tokenizer("llama3", dir);
  ASSERT_TRUE(tok);
  for (size_t i = 0; i < lines.size(); ++i) {
    EXPECT_EQ(tok->encode(lines[i], plain()), (*expected)[i]) << "line " << i << ": " << lines[i];
  }
}

}  // namespace
}  // namespace tl::test

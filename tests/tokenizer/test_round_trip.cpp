// decode(encode(text)) == text for the SPM tokenizer: the dummy prefix space is stripped
// again, and byte tokens recombine into the original bytes. Invalid UTF-8 round-trips
// too: each byte that is not part of a complete UTF-8 sequence becomes its own <0xXX>
// token (see utf8_len in spm.cpp for where this differs from llama.cpp).
#include <gtest/gtest.h>

#include <cctype>

#include "tok_test_util.h"
#include "vocab_cases.h"

namespace tl::test {
namespace {

std::vector<std::string> extra_texts() {
  return {
      "h\xC3\xA9llo w\xC3\xB6rld",                 // 2-byte UTF-8
      "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E",      // 3-byte (Japanese)
      "\xF0\x9F\xA6\x99 \xF0\x9F\x9A\x80!",        // emoji (4-byte)
      "line1\nline2\n\n\nend\n",
      "  two leading spaces",
      "trailing spaces   ",
      "many     inner   spaces",
      " ",
      "\t tab and\r\ncrlf",
      "\xFF\xFE invalid lead bytes",               // invalid UTF-8 ...
      "stray continuation \x80\xBF bytes",
      "truncated \xE2\x82",                        // 3-byte sequence cut at the end
      "truncated \xF0\x9F then ascii",             // cut before a space
      std::string("nul \0 byte", 10),
  };
}

void expect_round_trip(const Tokenizer& tok, const std::string& text, const char* what) {
  const std::vector<int32_t> ids = tok.encode(text, plain());
  EXPECT_EQ(tok.decode(ids), text) << what << ": ids " << ids_string(ids);
  const std::vector<int32_t> with_bos = tok.encode(text, {});
  EXPECT_EQ(tok.decode(with_bos), text) << what << " (with BOS)";
}

class RoundTrip : public ::testing::TestWithParam<const char*> {};

TEST_P(RoundTrip, VectorCasesAndExtras) {
  auto tok = load_or_fail(GetParam());
  ASSERT_TRUE(tok);
  for (const VocabCase& c : read_vocab_cases("vocab/ggml-vocab-llama-spm.gguf")) {
    expect_round_trip(*tok, c.text, c.text.c_str());
  }
  for (const std::string& text : extra_texts()) expect_round_trip(*tok, text, text.c_str());
}

INSTANTIATE_TEST_SUITE_P(Models, RoundTrip,
                         ::testing::Values("vocab/ggml-vocab-llama-spm.gguf",
                                           "vocab/ggml-vocab-phi-3.gguf", "stories260K.gguf"),
                         [](const auto& info) {
                           std::string out;
                           for (const char* p = info.param; *p && *p != '.'; ++p) {
                             out += std::isalnum(static_cast<unsigned char>(*p)) ? *p : '_';
                           }
                           return out;
                         });

TEST(RoundTrip, InvalidUtf8BecomesByteTokens) {
  auto tok = load_or_fail("vocab/ggml-vocab-llama-spm.gguf");
  ASSERT_TRUE(tok);
  // "▁" (29871) then one <0xFF> byte token (id 3 + 0xFF) for the lone invalid byte.
  EXPECT_EQ(tok->encode("\xFF", plain()), (std::vector<int32_t>{29871, 3 + 0xFF}));
  // A truncated 4-byte sequence is two byte tokens; the space after it stays a space
  // ("▁a" is 263), where llama.cpp would have taken it into the broken character.
  EXPECT_EQ(tok->encode("\xF0\x9F a", plain()),
            (std::vector<int32_t>{29871, 3 + 0xF0, 3 + 0x9F, 263}));
}

}  // namespace
}  // namespace tl::test

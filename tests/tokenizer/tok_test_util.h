// Shared helpers for the tokenizer tests: a small SPM vocab built in code and file loading.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "common/testdata.h"
#include "gguf/gguf.h"
#include "tokenizer/tokenizer.h"

namespace tl::test {

inline constexpr const char* kSp = "\xE2\x96\x81";  // "▁"

// A toy SPM vocab: <unk>=0, <s>=1, </s>=2, 256 byte tokens (<0x00> is id 3), then
// `normal` as Normal tokens with the given scores, in order.
inline Vocab toy_vocab(const std::vector<std::pair<std::string, float>>& normal,
                       bool byte_tokens = true) {
  Vocab v;
  v.model = "llama";
  auto add = [&](std::string text, float score, TokenType type) {
    v.tokens.push_back(std::move(text));
    v.scores.push_back(score);
    v.types.push_back(type);
  };
  add("<unk>", 0, TokenType::Unknown);
  add("<s>", 0, TokenType::Control);
  add("</s>", 0, TokenType::Control);
  if (byte_tokens) {
    static const char* hex = "0123456789ABCDEF";
    for (int b = 0; b < 256; ++b) {
      add(std::string("<0x") + hex[b >> 4] + hex[b & 15] + ">", 0, TokenType::Byte);
    }
  }
  for (const auto& [text, score] : normal) add(text, score, TokenType::Normal);
  v.unk = 0;
  v.bos = 1;
  v.eos = 2;
  v.add_bos = true;
  v.add_space_prefix = true;
  return v;
}

inline int32_t id_of(const Tokenizer& tok, const std::string& text) {
  const auto& t = tok.vocab().tokens;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == text) return static_cast<int32_t>(i);
  }
  ADD_FAILURE() << "no token '" << text << "'";
  return -1;
}

inline std::unique_ptr<Tokenizer> make_or_fail(Vocab v) {
  auto r = make_tokenizer(std::move(v), "toy");
  if (!r.ok()) {
    ADD_FAILURE() << r.error();
    return nullptr;
  }
  return std::move(r).value();
}

// Opens a GGUF under testdata and builds its tokenizer; fails the test on any error.
inline std::unique_ptr<Tokenizer> load_or_fail(const std::string& relative) {
  auto file = gguf::File::open(testdata_path(relative));
  if (!file.ok()) {
    ADD_FAILURE() << file.error();
    return nullptr;
  }
  auto tok = load_tokenizer(file.value());
  if (!tok.ok()) {
    ADD_FAILURE() << tok.error();
    return nullptr;
  }
  return std::move(tok).value();
}

inline std::string ids_string(const std::vector<int32_t>& ids) {
  std::string s = "[";
  for (size_t i = 0; i < ids.size(); ++i) s += (i ? ", " : "") + std::to_string(ids[i]);
  return s + "]";
}

inline EncodeOptions plain() { return EncodeOptions{false, false}; }

}  // namespace tl::test

// ByteLevel: GPT-2's bytes_to_unicode table and its inverse.
#include "tokenizer/byte_level.h"

namespace tl {
namespace {

void append_utf8(uint32_t cp, std::string& dst) {
  if (cp < 0x80) {
    dst += static_cast<char>(cp);
  } else {
    // The alphabet stops at U+0143, so two bytes always suffice.
    dst += static_cast<char>(0xC0 | (cp >> 6));
    dst += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool prints_as_itself(int byte) {
  return (byte >= '!' && byte <= '~') || (byte >= 0xA1 && byte <= 0xAC) ||
         (byte >= 0xAE && byte <= 0xFF);
}

}  // namespace

ByteLevel::ByteLevel() {
  byte_of_code_point_.fill(-1);
  uint32_t next = 256;
  for (int byte = 0; byte < 256; ++byte) {
    const uint32_t cp = prints_as_itself(byte) ? uint32_t(byte) : next++;
    append_utf8(cp, byte_text_[size_t(byte)]);
    byte_of_code_point_[cp] = static_cast<int16_t>(byte);
  }
}

void ByteLevel::encode(std::string_view bytes, std::string& dst) const {
  for (char c : bytes) dst += byte_text_[static_cast<uint8_t>(c)];
}

bool ByteLevel::decode(std::string_view text, std::string& dst) const {
  bool all_known = true;
  for (size_t at = 0; at < text.size();) {
    const auto lead = static_cast<uint8_t>(text[at]);
    uint32_t cp = lead;
    size_t len = 1;
    if (lead >= 0xC0 && lead < 0xE0 && at + 1 < text.size()) {
      cp = (uint32_t(lead & 0x1F) << 6) | (static_cast<uint8_t>(text[at + 1]) & 0x3F);
      len = 2;
    }
    const int byte = (lead < 0x80 || len == 2) && cp < byte_of_code_point_.size()
                         ? byte_of_code_point_[cp]
                         : -1;
    if (byte >= 0) {
      dst += static_cast<char>(byte);
      at += len;
      continue;
    }
    // Not in the alphabet: copy the whole UTF-8 character through unchanged.
    all_known = false;
    size_t n = 1;
    while (at + n < text.size() && (static_cast<uint8_t>(text[at + n]) & 0xC0) == 0x80) ++n;
    dst.append(text.substr(at, n));
    at += n;
  }
  return all_known;
}

const ByteLevel& byte_level() {
  static const ByteLevel instance;
  return instance;
}

}  // namespace tl

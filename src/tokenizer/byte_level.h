// GPT-2's byte-level alphabet: every byte as one printable Unicode character, both ways.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace tl {

// GPT-2 maps each byte to a code point so that a vocabulary of printable strings can
// spell any byte sequence: the printable Latin-1 bytes ('!'..'~', '¡'..'¬', '®'..'ÿ')
// stand for themselves, and the other 68 bytes take U+0100.. in byte order (so ' ' is
// "Ġ" U+0120 and '\n' is "Ċ" U+010A).
class ByteLevel {
 public:
  ByteLevel();
  // The UTF-8 text of the character that stands for `byte`.
  std::string_view encode_byte(uint8_t byte) const { return byte_text_[byte]; }
  // Appends the byte-level spelling of raw `bytes` to `dst`.
  void encode(std::string_view bytes, std::string& dst) const;
  // Appends the raw bytes spelled by byte-level `text`. A character outside the alphabet
  // (possible in hand-made vocabularies) is copied through as its own UTF-8; returns
  // false if there was one.
  bool decode(std::string_view text, std::string& dst) const;

 private:
  std::array<std::string, 256> byte_text_;
  std::array<int16_t, 512> byte_of_code_point_;  // the alphabet lies below U+0200; -1: none
};

// The one shared instance (the tables are constant).
const ByteLevel& byte_level();

}  // namespace tl

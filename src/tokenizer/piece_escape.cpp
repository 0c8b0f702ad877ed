// escape_piece: readable token pieces for `tilelm tokenize --pieces`.
#include "tokenizer/piece_escape.h"

#include "tokenizer/pre_tokenizer.h"

namespace tl {

std::string escape_piece(std::string_view piece) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t at = 0; at < piece.size();) {
    const auto byte = static_cast<uint8_t>(piece[at]);
    if (byte >= 0x80) {
      // A complete multi-byte character prints as itself; a lone byte is escaped.
      const size_t len = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2;
      if (valid_utf8_prefix(piece.substr(at, len)) == len) {
        out.append(piece.substr(at, len));
        at += len;
        continue;
      }
    }
    switch (byte) {
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '\\': out += "\\\\"; break;
      default:
        if (byte < 0x20 || byte >= 0x7F) {
          out += "\\x";
          out += kHex[byte >> 4];
          out += kHex[byte & 15];
        } else {
          out += static_cast<char>(byte);
        }
    }
    ++at;
  }
  return out;
}

}  // namespace tl

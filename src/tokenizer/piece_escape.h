// Token pieces shown to people: bytes that would not print plainly, escaped.
#pragma once

#include <string>
#include <string_view>

namespace tl {

// Valid UTF-8 text stays as it is, except control characters and the backslash:
// "\n", "\t", "\r", "\\" and "\xNN" for other bytes below 0x20, DEL, and every byte that
// is not part of a complete UTF-8 character (byte-level tokens often hold half of one).
std::string escape_piece(std::string_view piece);

}  // namespace tl

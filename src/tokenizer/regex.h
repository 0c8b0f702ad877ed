// A compiled PCRE2 pattern in UTF + Unicode-property mode, JIT-compiled where available.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "util/status.h"

struct pcre2_real_code_8;
struct pcre2_real_match_data_8;

namespace tl {

// Per-call match state. One per thread at a time: the pattern is shared, this is not.
class RegexScratch {
 public:
  RegexScratch();
  ~RegexScratch();
  RegexScratch(const RegexScratch&) = delete;
  RegexScratch& operator=(const RegexScratch&) = delete;
  pcre2_real_match_data_8* get() const { return data_; }

 private:
  pcre2_real_match_data_8* data_;
};

class Regex {
 public:
  // `\p{L}`, `\s`, `\w` etc. follow Unicode properties (PCRE2_UCP); `$` means the end of
  // the subject only, as in JavaScript. Errors name the pattern and the offset.
  static Result<Regex> compile(std::string_view pattern);

  // The first non-empty match in `subject` at or after `from` as [*begin, *end); false if
  // none. `subject` must be valid UTF-8 and `from` on a character boundary. Lookarounds
  // see only `subject`, which is how Hugging Face applies each split to each piece.
  bool find(std::string_view subject, size_t from, RegexScratch& scratch, size_t* begin,
            size_t* end) const;

  const std::string& pattern() const { return pattern_; }

 private:
  struct Free {
    void operator()(pcre2_real_code_8* code) const;
  };
  std::string pattern_;
  std::unique_ptr<pcre2_real_code_8, Free> code_;
};

}  // namespace tl

// Regex: the PCRE2 calls behind the pre-tokenizers.
#include "tokenizer/regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

namespace tl {

RegexScratch::RegexScratch() : data_(pcre2_match_data_create(1, nullptr)) {
  TL_CHECK(data_ != nullptr, "out of memory for PCRE2 match data");
}

RegexScratch::~RegexScratch() { pcre2_match_data_free(data_); }

void Regex::Free::operator()(pcre2_real_code_8* code) const { pcre2_code_free(code); }

Result<Regex> Regex::compile(std::string_view pattern) {
  int error = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* code =
      pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                    PCRE2_UTF | PCRE2_UCP | PCRE2_DOLLAR_ENDONLY, &error, &offset, nullptr);
  if (!code) {
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(error, message, sizeof(message));
    return Status::error("[tokenizer] regex '" + std::string(pattern) + "': " +
                         reinterpret_cast<const char*>(message) + " at offset " +
                         std::to_string(offset));
  }
  // JIT is only a speed-up: where it is unavailable the interpreter gives the same matches.
  pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
  Regex re;
  re.pattern_ = std::string(pattern);
  re.code_.reset(code);
  return re;
}

bool Regex::find(std::string_view subject, size_t from, RegexScratch& scratch, size_t* begin,
                 size_t* end) const {
  const auto* bytes = reinterpret_cast<PCRE2_SPTR>(subject.data());
  while (from < subject.size()) {
    // Callers validated the UTF-8 once for all patterns; checking again per call would
    // make the split quadratic in the number of matches.
    int rc = pcre2_match(code_.get(), bytes, subject.size(), from, PCRE2_NO_UTF_CHECK,
                         scratch.get(), nullptr);
    if (rc == PCRE2_ERROR_JIT_STACKLIMIT) {
      // A pathological input outgrew the JIT's stack: the interpreter's heap frames can.
      rc = pcre2_match(code_.get(), bytes, subject.size(), from,
                       PCRE2_NO_UTF_CHECK | PCRE2_NO_JIT, scratch.get(), nullptr);
    }
    // NOMATCH, or a resource limit on a pathological input: the rest of the subject is
    // then one piece, which still tokenizes and round-trips.
    if (rc < 0) return false;
    const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(scratch.get());
    if (ovector[1] > ovector[0]) {
      *begin = ovector[0];
      *end = ovector[1];
      return true;
    }
    // An empty match splits nothing: look again one character further on.
    from = ovector[0] + 1;
    while (from < subject.size() && (static_cast<uint8_t>(subject[from]) & 0xC0) == 0x80) ++from;
  }
  return false;
}

}  // namespace tl

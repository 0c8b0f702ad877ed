// PreTokenizer: a regex list applied piece by piece over the valid UTF-8 runs of a text.
#include "tokenizer/pre_tokenizer.h"

#include <cstdint>

namespace tl {
namespace {

// Cuts `piece` into its matches of `re` and the gaps between them, in order.
void split_isolated(const Regex& re, std::string_view piece, RegexScratch& scratch,
                    std::vector<std::string_view>& out) {
  size_t last = 0, begin = 0, end = 0;
  while (re.find(piece, last, scratch, &begin, &end)) {
    if (begin > last) out.push_back(piece.substr(last, begin - last));
    out.push_back(piece.substr(begin, end - begin));
    last = end;
  }
  if (last < piece.size()) out.push_back(piece.substr(last));
}

}  // namespace

std::string hf_regex_to_pcre(std::string_view hf_regex) {
  // Contractions are case-insensitive in the Hugging Face patterns. PCRE2's caseless
  // Unicode matching would also take "'ſ" (U+017F folds to s); llama.cpp and the
  // JavaScript reference both spell the cases out in ASCII, and so do we.
  constexpr std::string_view kCaseless = "(?i:'s|'t|'re|'ve|'m|'ll|'d)";
  constexpr std::string_view kAscii = "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])";
  std::string out;
  for (size_t at = 0; at < hf_regex.size();) {
    if (hf_regex.substr(at, kCaseless.size()) == kCaseless) {
      out += kAscii;
      at += kCaseless.size();
    } else {
      out += hf_regex[at++];
    }
  }
  return out;
}

Result<PreTokenizer> PreTokenizer::create(std::string_view name, std::string_view source) {
  PreTokenizer pre;
  pre.spec_ = find_pre_tokenizer_spec(name);
  if (!pre.spec_) {
    std::string known;
    for (const PreTokenizerSpec& spec : pre_tokenizer_specs()) {
      known += (known.empty() ? "" : ", ") + std::string(spec.name);
    }
    return Status::error("[tokenizer] " + std::string(source) + ": unknown pre-tokenizer '" +
                         std::string(name) + "' (tokenizer.ggml.pre; known: " + known + ")");
  }
  for (std::string_view hf : pre.spec_->regexes) {
    Result<Regex> re = Regex::compile(hf_regex_to_pcre(hf));
    if (!re.ok()) return re.status();
    pre.regexes_.push_back(std::move(re).value());
  }
  return pre;
}

void PreTokenizer::split(std::string_view text, std::vector<std::string_view>& words) const {
  RegexScratch scratch;
  std::vector<std::string_view> pieces, next;
  for (size_t at = 0; at < text.size();) {
    const size_t valid = valid_utf8_prefix(text.substr(at));
    if (valid == 0) {
      words.push_back(text.substr(at, 1));
      ++at;
      continue;
    }
    pieces.assign(1, text.substr(at, valid));
    for (const Regex& re : regexes_) {
      next.clear();
      for (std::string_view piece : pieces) split_isolated(re, piece, scratch, next);
      pieces.swap(next);
    }
    words.insert(words.end(), pieces.begin(), pieces.end());
    at += valid;
  }
}

size_t valid_utf8_prefix(std::string_view text) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const size_t n = text.size();
  size_t at = 0;
  auto cont = [&](size_t i, uint8_t lo, uint8_t hi) { return i < n && s[i] >= lo && s[i] <= hi; };
  while (at < n) {
    const uint8_t b = s[at];
    if (b < 0x80) {
      ++at;
    } else if (b >= 0xC2 && b <= 0xDF) {
      if (!cont(at + 1, 0x80, 0xBF)) break;
      at += 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      // E0 excludes overlongs, ED excludes the UTF-16 surrogates.
      const uint8_t lo = b == 0xE0 ? 0xA0 : 0x80, hi = b == 0xED ? 0x9F : 0xBF;
      if (!cont(at + 1, lo, hi) || !cont(at + 2, 0x80, 0xBF)) break;
      at += 3;
    } else if (b >= 0xF0 && b <= 0xF4) {
      // F0 excludes overlongs, F4 stops at U+10FFFF.
      const uint8_t lo = b == 0xF0 ? 0x90 : 0x80, hi = b == 0xF4 ? 0x8F : 0xBF;
      if (!cont(at + 1, lo, hi) || !cont(at + 2, 0x80, 0xBF) || !cont(at + 3, 0x80, 0xBF)) break;
      at += 4;
    } else {
      break;
    }
  }
  return at;
}

}  // namespace tl

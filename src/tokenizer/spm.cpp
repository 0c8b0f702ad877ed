// SpmTokenizer: score-ordered pair merging over a linked list of symbols, with byte fallback.
#include "tokenizer/spm.h"

#include <queue>

namespace tl {
namespace {

constexpr std::string_view kSpace = "\xE2\x96\x81";  // U+2581 "▁", SentencePiece's space

// Length of the UTF-8 character starting at text[at], by its lead byte's high nibble as
// llama.cpp splits text. Where llama.cpp lets a truncated sequence swallow whatever bytes
// follow (even the first bytes of an escaped space, which then decode as a literal "▁"),
// a lead byte without its continuation bytes is one symbol of its own here. Valid UTF-8
// splits identically; invalid bytes become byte tokens, so every input round-trips.
size_t utf8_len(std::string_view text, size_t at) {
  static constexpr uint8_t kLen[16] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4};
  const size_t len = kLen[static_cast<uint8_t>(text[at]) >> 4];
  if (at + len > text.size()) return 1;
  for (size_t i = 1; i < len; ++i) {
    if ((static_cast<uint8_t>(text[at + i]) & 0xC0) != 0x80) return 1;
  }
  return len;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// "<0xXX>" -> XX, else -1.
int parse_byte_token(std::string_view text) {
  if (text.size() != 6 || text.substr(0, 3) != "<0x" || text[5] != '>') return -1;
  const int hi = hex_digit(text[3]), lo = hex_digit(text[4]);
  return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

std::string byte_token_text(uint8_t byte) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  return std::string{'<', '0', 'x', kHex[byte >> 4], kHex[byte & 15], '>'};
}

// A run of input bytes; merged symbols keep the left index and the right one empties.
struct Symbol {
  int32_t prev, next;
  uint32_t start, len;
};

// A candidate merge of two adjacent symbols whose concatenation is a token.
struct Bigram {
  int32_t left, right;
  float score;
  uint32_t len;  // left.len + right.len when queued; a mismatch later means it is stale
};

// Highest score first; among equal scores the leftmost pair, as SentencePiece does.
struct BigramOrder {
  bool operator()(const Bigram& a, const Bigram& b) const {
    return a.score < b.score || (a.score == b.score && a.left > b.left);
  }
};

}  // namespace

Result<std::unique_ptr<Tokenizer>> SpmTokenizer::create(Vocab vocab, std::string_view source) {
  for (int32_t id = 0; id < vocab.size(); ++id) {
    if (vocab.type(id) == TokenType::Byte && parse_byte_token(vocab.tokens[size_t(id)]) < 0) {
      return Status::error("[tokenizer] " + std::string(source) + ": byte token " +
                           std::to_string(id) + " has text '" + vocab.tokens[size_t(id)] +
                           "', expected <0xXX>");
    }
  }
  return std::unique_ptr<Tokenizer>(new SpmTokenizer(std::move(vocab)));
}

SpmTokenizer::SpmTokenizer(Vocab vocab) : Tokenizer(std::move(vocab)), special_(vocab_) {
  token_ids_.reserve(vocab_.tokens.size());
  token_bytes_.assign(vocab_.tokens.size(), -1);
  for (int32_t id = 0; id < vocab_.size(); ++id) {
    const std::string& text = vocab_.tokens[size_t(id)];
    token_ids_[text] = id;  // a repeated text maps to its last id, as in llama.cpp
    max_token_len_ = std::max(max_token_len_, text.size());
    if (vocab_.type(id) == TokenType::Byte) {
      token_bytes_[size_t(id)] = static_cast<int16_t>(parse_byte_token(text));
    }
  }
  for (int b = 0; b < 256; ++b) {
    int32_t id = find_token(byte_token_text(static_cast<uint8_t>(b)));
    // A vocab without byte tokens may still hold the byte itself as a token.
    if (id < 0) id = find_token(std::string(1, static_cast<char>(b)));
    byte_tokens_[size_t(b)] = id;
  }
}

int32_t SpmTokenizer::find_token(std::string_view text) const {
  if (text.size() > max_token_len_) return -1;
  auto it = token_ids_.find(text);
  return it == token_ids_.end() ? -1 : it->second;
}

std::vector<int32_t> SpmTokenizer::encode(std::string_view text,
                                          const EncodeOptions& opt) const {
  std::vector<int32_t> out;
  if (opt.add_special && vocab_.add_bos && vocab_.bos >= 0) out.push_back(vocab_.bos);
  // llama.cpp adds the space prefix to the first raw fragment and to every raw fragment
  // that follows a special token (SentencePiece's "legacy" behaviour); empty text has
  // no fragment at all, so "" encodes to nothing (plus BOS).
  bool after_special = true;
  if (!text.empty()) {
    std::string escaped;
    for (const Fragment& f : special_.split(text, opt.parse_special)) {
      if (f.id >= 0) {
        out.push_back(f.id);
        after_special = true;
        continue;
      }
      escaped.clear();
      if (vocab_.add_space_prefix && after_special) escaped = kSpace;
      for (char c : f.text) {
        if (c == ' ') {
          escaped += kSpace;
        } else {
          escaped += c;
        }
      }
      encode_fragment(escaped, out);
      after_special = false;
    }
  }
  if (opt.add_special && vocab_.add_eos && vocab_.eos >= 0) out.push_back(vocab_.eos);
  return out;
}

void SpmTokenizer::encode_fragment(std::string_view text, std::vector<int32_t>& out) const {
  std::vector<Symbol> symbols;
  symbols.reserve(text.size());
  for (size_t at = 0; at < text.size();) {
    const size_t len = utf8_len(text, at);
    const auto index = static_cast<int32_t>(symbols.size());
    symbols.push_back({index - 1, at + len == text.size() ? -1 : index + 1, uint32_t(at),
                       uint32_t(len)});
    at += len;
  }

  // Every merge pops one bigram and pushes at most two, so the queue sees O(n) entries
  // and the whole loop is O(n log n).
  std::priority_queue<Bigram, std::vector<Bigram>, BigramOrder> queue;
  auto try_add = [&](int32_t left, int32_t right) {
    if (left < 0 || right < 0) return;
    const Symbol& l = symbols[size_t(left)];
    const Symbol& r = symbols[size_t(right)];
    const int32_t id = find_token(text.substr(l.start, l.len + r.len));
    if (id < 0) return;
    queue.push({left, right, score(id), l.len + r.len});
  };
  for (int32_t i = 1; i < static_cast<int32_t>(symbols.size()); ++i) try_add(i - 1, i);

  while (!queue.empty()) {
    const Bigram b = queue.top();
    queue.pop();
    Symbol& l = symbols[size_t(b.left)];
    Symbol& r = symbols[size_t(b.right)];
    if (l.len == 0 || r.len == 0 || l.len + r.len != b.len) continue;  // stale
    l.len += r.len;
    r.len = 0;
    l.next = r.next;
    if (r.next >= 0) symbols[size_t(r.next)].prev = b.left;
    try_add(l.prev, b.left);
    try_add(b.left, l.next);
  }

  for (int32_t i = symbols.empty() ? -1 : 0; i >= 0; i = symbols[size_t(i)].next) {
    emit_symbol(text.substr(symbols[size_t(i)].start, symbols[size_t(i)].len), out);
  }
}

void SpmTokenizer::emit_symbol(std::string_view text, std::vector<int32_t>& out) const {
  if (const int32_t id = find_token(text); id >= 0) {
    out.push_back(id);
    return;
  }
  // Only single characters can be missing (merges always form tokens): byte fallback.
  bool all_bytes = true;
  for (char c : text) all_bytes = all_bytes && byte_tokens_[static_cast<uint8_t>(c)] >= 0;
  if (all_bytes) {
    for (char c : text) out.push_back(byte_tokens_[static_cast<uint8_t>(c)]);
  } else if (vocab_.unk >= 0) {
    out.push_back(vocab_.unk);  // a vocab without byte tokens loses the character
  }
}

std::string SpmTokenizer::text_piece(int32_t id) const {
  if (vocab_.type(id) == TokenType::Byte) return std::string(1, static_cast<char>(token_bytes_[size_t(id)]));
  const std::string& text = vocab_.tokens[size_t(id)];
  std::string piece;
  piece.reserve(text.size());
  for (size_t at = 0; at < text.size();) {
    if (text.compare(at, kSpace.size(), kSpace) == 0) {
      piece += ' ';
      at += kSpace.size();
    } else {
      piece += text[at++];
    }
  }
  return piece;
}

}  // namespace tl

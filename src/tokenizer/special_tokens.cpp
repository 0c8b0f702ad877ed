// SpecialTokens: a byte trie over special-token texts and the llama.cpp partition order.
#include "tokenizer/special_tokens.h"

#include <algorithm>

namespace tl {

SpecialTokens::SpecialTokens(const Vocab& vocab) : nodes_(1) {
  for (int32_t id = 0; id < vocab.size(); ++id) {
    const TokenType type = vocab.type(id);
    if (type != TokenType::Control && type != TokenType::UserDefined &&
        type != TokenType::Unknown) {
      continue;
    }
    const std::string& text = vocab.tokens[static_cast<size_t>(id)];
    if (text.empty()) continue;
    int32_t node = 0;
    for (char c : text) {
      const uint8_t byte = static_cast<uint8_t>(c);
      int32_t next = child(node, byte);
      if (next < 0) {
        next = static_cast<int32_t>(nodes_.size());
        nodes_.emplace_back();
        auto& edges = nodes_[static_cast<size_t>(node)].next;
        edges.insert(std::lower_bound(edges.begin(), edges.end(), std::make_pair(byte, 0)),
                     {byte, next});
      }
      node = next;
    }
    Node& end = nodes_[static_cast<size_t>(node)];
    if (end.id < 0) {  // two tokens with one text: the lower id wins, as in the sort below
      end.id = id;
      end.always = type == TokenType::UserDefined;
    }
  }
}

int32_t SpecialTokens::child(int32_t node, uint8_t byte) const {
  const auto& edges = nodes_[static_cast<size_t>(node)].next;
  auto it = std::lower_bound(edges.begin(), edges.end(), std::make_pair(byte, int32_t{0}));
  return it != edges.end() && it->first == byte ? it->second : -1;
}

std::vector<Fragment> SpecialTokens::split(std::string_view text, bool parse_special) const {
  struct Match {
    size_t pos, len;
    int32_t id;
  };
  std::vector<Match> matches;
  if (nodes_.size() > 1) {
    for (size_t pos = 0; pos < text.size(); ++pos) {
      int32_t node = 0;
      for (size_t i = pos; i < text.size(); ++i) {
        node = child(node, static_cast<uint8_t>(text[i]));
        if (node < 0) break;
        const Node& n = nodes_[static_cast<size_t>(node)];
        if (n.id >= 0 && (parse_special || n.always)) matches.push_back({pos, i + 1 - pos, n.id});
      }
    }
  }
  if (matches.empty()) return {Fragment{text, -1}};

  // Longest token first, then lowest id, then leftmost: the order in which llama.cpp
  // carves tokens out of the remaining raw text.
  std::sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) {
    if (a.len != b.len) return a.len > b.len;
    if (a.id != b.id) return a.id < b.id;
    return a.pos < b.pos;
  });
  std::vector<uint8_t> claimed(text.size(), 0);
  std::vector<Match> taken;
  for (const Match& m : matches) {
    if (std::any_of(claimed.begin() + m.pos, claimed.begin() + m.pos + m.len,
                    [](uint8_t c) { return c != 0; })) {
      continue;
    }
    std::fill(claimed.begin() + m.pos, claimed.begin() + m.pos + m.len, 1);
    taken.push_back(m);
  }
  std::sort(taken.begin(), taken.end(), [](const Match& a, const Match& b) { return a.pos < b.pos; });

  std::vector<Fragment> out;
  size_t at = 0;
  for (const Match& m : taken) {
    if (m.pos > at) out.push_back({text.substr(at, m.pos - at), -1});
    out.push_back({text.substr(m.pos, m.len), m.id});
    at = m.pos + m.len;
  }
  if (at < text.size()) out.push_back({text.substr(at), -1});
  return out;
}

}  // namespace tl

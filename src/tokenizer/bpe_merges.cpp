// BpeMerges: the rank table and the rank-ordered merge loop.
#include "tokenizer/bpe_merges.h"

#include <algorithm>
#include <bit>

namespace tl {
namespace {

// std heap functions build a max-heap: "less" here means "merged later". A function
// object, not a function, so that the heap code inlines the comparison.
struct Later {
  bool operator()(const BpeScratch::Candidate& a, const BpeScratch::Candidate& b) const {
    return a.rank != b.rank ? a.rank > b.rank : a.left > b.left;
  }
};

}  // namespace

BpeMerges BpeMerges::build(std::span<const std::string> merges,
                           const std::function<int32_t(std::string_view)>& token_id) {
  BpeMerges table;
  size_t capacity = 16;
  while (capacity < merges.size() * 2) capacity *= 2;
  table.slots_.assign(capacity, Entry{kEmpty, 0, 0});
  table.shift_ = 64 - static_cast<unsigned>(std::countr_zero(capacity));
  std::string merged;
  for (size_t rank = 0; rank < merges.size(); ++rank) {
    const std::string_view line = merges[rank];
    const size_t space = line.find(' ');
    const int32_t left = space == std::string_view::npos ? -1 : token_id(line.substr(0, space));
    const int32_t right = left < 0 ? -1 : token_id(line.substr(space + 1));
    int32_t result = -1;
    if (right >= 0) {
      merged.assign(line.substr(0, space));
      merged.append(line.substr(space + 1));
      result = token_id(merged);
    }
    if (result < 0) {
      ++table.skipped_;
      continue;
    }
    const uint64_t k = key(left, right);
    size_t i = table.slot(k);
    while (table.slots_[i].key != kEmpty && table.slots_[i].key != k) i = (i + 1) & (capacity - 1);
    if (table.slots_[i].key == k) continue;  // listed twice: the first rank stands
    table.slots_[i] = Entry{k, static_cast<uint32_t>(rank), result};
    ++table.size_;
  }
  return table;
}

const BpeMerges::Entry* BpeMerges::find(int32_t left, int32_t right) const {
  const uint64_t k = key(left, right);
  const size_t mask = slots_.size() - 1;
  for (size_t i = slot(k);; i = (i + 1) & mask) {
    if (slots_[i].key == k) return &slots_[i];
    if (slots_[i].key == kEmpty) return nullptr;
  }
}

void BpeMerges::apply(std::vector<int32_t>& ids, BpeScratch& scratch) const {
  const auto n = static_cast<int32_t>(ids.size());
  if (n < 2) return;
  auto& sym = scratch.symbols;
  auto& heap = scratch.heap;
  sym.resize(size_t(n));
  heap.clear();
  for (int32_t i = 0; i < n; ++i) sym[size_t(i)] = {ids[size_t(i)], i - 1, i + 1 < n ? i + 1 : -1};

  auto consider = [&](int32_t left, bool keep_heap) {
    if (left < 0) return;
    const int32_t right = sym[size_t(left)].next;
    if (right < 0) return;
    const int32_t a = sym[size_t(left)].id, b = sym[size_t(right)].id;
    if (a < 0 || b < 0) return;  // a byte without a token never merges
    if (const Entry* e = find(a, b)) {
      heap.push_back({e->rank, left, right, a, b});
      if (keep_heap) std::push_heap(heap.begin(), heap.end(), Later{});
    }
  };
  // The first candidates are heapified at once: O(n), where n pushes would be O(n log n).
  for (int32_t i = 0; i + 1 < n; ++i) consider(i, false);
  std::make_heap(heap.begin(), heap.end(), Later{});

  // Each merge pops one candidate and pushes at most two, so the heap sees O(n) entries.
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), Later{});
    const BpeScratch::Candidate c = heap.back();
    heap.pop_back();
    BpeScratch::Symbol& l = sym[size_t(c.left)];
    // Stale if either side has merged since: ids only ever grow into longer tokens, and a
    // symbol absorbed by its left neighbour is unlinked.
    if (l.id != c.left_id || l.next != c.right || sym[size_t(c.right)].id != c.right_id) continue;
    BpeScratch::Symbol& r = sym[size_t(c.right)];
    l.id = find(c.left_id, c.right_id)->merged;
    l.next = r.next;
    if (r.next >= 0) sym[size_t(r.next)].prev = c.left;
    r.id = -2;  // dead
    r.prev = r.next = -1;
    consider(l.prev, true);
    consider(c.left, true);
  }

  ids.clear();
  for (int32_t i = 0; i >= 0; i = sym[size_t(i)].next) ids.push_back(sym[size_t(i)].id);
}

}  // namespace tl

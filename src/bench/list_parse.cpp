// Strict comma-list parsing: every item non-empty, integers whole and in range.
#include "bench/list_parse.h"

#include <charconv>

namespace tl::bench {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string prefix(std::string_view flag, std::string_view text) {
  return "[bench] " + std::string(flag) + " '" + std::string(text) + "': ";
}

// Splits on commas, keeping empty items so they can be reported.
std::vector<std::string_view> split(std::string_view text) {
  std::vector<std::string_view> items;
  size_t start = 0;
  while (true) {
    const size_t comma = text.find(',', start);
    items.push_back(trim(text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
    if (comma == std::string_view::npos) return items;
    start = comma + 1;
  }
}

}  // namespace

Result<std::vector<int64_t>> parse_int_list(std::string_view text, std::string_view flag, int64_t min,
                                            int64_t max) {
  const std::string hint = " (expected comma-separated integers, e.g. " + std::string(flag) + " 8,16)";
  if (trim(text).empty()) return Status::error(prefix(flag, text) + "empty list" + hint);
  std::vector<int64_t> values;
  const std::vector<std::string_view> items = split(text);
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string_view item = items[i];
    const std::string where = "item " + std::to_string(i + 1);
    if (item.empty()) return Status::error(prefix(flag, text) + where + " is empty" + hint);
    int64_t v = 0;
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
    if (ec == std::errc::result_out_of_range) {
      return Status::error(prefix(flag, text) + "'" + std::string(item) + "' is too large" + hint);
    }
    if (ec != std::errc() || end != item.data() + item.size()) {
      return Status::error(prefix(flag, text) + "'" + std::string(item) + "' is not an integer" + hint);
    }
    if (v < min || v > max) {
      return Status::error(prefix(flag, text) + std::to_string(v) + " is out of range (" + std::to_string(min) +
                           ".." + std::to_string(max) + ")");
    }
    values.push_back(v);
  }
  return values;
}

Result<std::vector<int64_t>> parse_int_lists(const std::vector<std::string>& texts, std::string_view flag,
                                             int64_t min, int64_t max) {
  std::vector<int64_t> all;
  for (const std::string& text : texts) {
    Result<std::vector<int64_t>> one = parse_int_list(text, flag, min, max);
    if (!one.ok()) return one.status();
    all.insert(all.end(), one.value().begin(), one.value().end());
  }
  return all;
}

Result<std::vector<std::string>> parse_name_list(std::string_view text, std::string_view flag) {
  const std::string hint = " (expected comma-separated names, e.g. --isa avx512,avx2)";
  if (trim(text).empty()) return Status::error(prefix(flag, text) + "empty list" + hint);
  std::vector<std::string> names;
  const std::vector<std::string_view> items = split(text);
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].empty()) {
      return Status::error(prefix(flag, text) + "item " + std::to_string(i + 1) + " is empty" + hint);
    }
    names.emplace_back(items[i]);
  }
  return names;
}

Result<std::vector<std::string>> parse_name_lists(const std::vector<std::string>& texts, std::string_view flag) {
  std::vector<std::string> all;
  for (const std::string& text : texts) {
    Result<std::vector<std::string>> one = parse_name_list(text, flag);
    if (!one.ok()) return one.status();
    all.insert(all.end(), one.value().begin(), one.value().end());
  }
  return all;
}

}  // namespace tl::bench

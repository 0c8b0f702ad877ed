// Comma lists of the bench options (-p 128,512, -t 8,16, --isa avx512,avx2): parsed
// strictly, so a typo is an error with a hint, never a silently different benchmark.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace tl::bench {

// Parses "128,512" into integers in [min, max]. `flag` names the option in messages:
// "[bench] -p '12,,3': item 2 is empty (expected comma-separated integers, e.g. -p 128,512)".
Result<std::vector<int64_t>> parse_int_list(std::string_view text, std::string_view flag, int64_t min,
                                            int64_t max);

// The same over several occurrences of a flag (-p 128 -p 512 == -p 128,512).
Result<std::vector<int64_t>> parse_int_lists(const std::vector<std::string>& texts, std::string_view flag,
                                             int64_t min, int64_t max);

// Splits "avx512,avx2" into non-empty names (surrounding spaces trimmed).
Result<std::vector<std::string>> parse_name_list(std::string_view text, std::string_view flag);
Result<std::vector<std::string>> parse_name_lists(const std::vector<std::string>& texts, std::string_view flag);

}  // namespace tl::bench

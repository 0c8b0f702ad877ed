#include "model/profile.h"

#include <algorithm>
#include <cstdio>
#include <vector>

namespace tl {
namespace {

constexpr const char* kNames[] = {"embed",       "norms",          "qkv",         "rope+cache", "attention",
                                  "attn_out",    "ffn_gate_up",    "ffn_down",    "router",     "experts_gate_up",
                                  "experts_down", "experts_combine", "output"};
static_assert(std::size(kNames) == static_cast<size_t>(Section::kCount));

}  // namespace

double ForwardProfile::total() const {
  double t = 0;
  for (double s : seconds) t += s;
  return t;
}

std::string ForwardProfile::shares() const {
  std::vector<size_t> order;
  for (size_t i = 0; i < seconds.size(); ++i) {
    if (seconds[i] > 0) order.push_back(i);
  }
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return seconds[a] > seconds[b]; });
  const double t = total();
  std::string s;
  for (size_t i : order) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s%s %.1f%%", s.empty() ? "" : ", ", kNames[i], 100.0 * seconds[i] / t);
    s += buf;
  }
  return s;
}

}  // namespace tl

// summarize(): two passes, so large means do not swamp small deviations.
#include "bench/stats.h"

#include <cmath>

namespace tl::bench {

Stats summarize(const std::vector<double>& samples) {
  Stats s;
  if (samples.empty()) return s;
  for (double x : samples) s.mean += x;
  s.mean /= static_cast<double>(samples.size());
  if (samples.size() < 2) return s;
  double sq = 0;
  for (double x : samples) sq += (x - s.mean) * (x - s.mean);
  s.stddev = std::sqrt(sq / static_cast<double>(samples.size() - 1));
  return s;
}

}  // namespace tl::bench

// Mean and sample standard deviation of repeated measurements, as llama-bench reports.
#pragma once

#include <vector>

namespace tl::bench {

struct Stats {
  double mean = 0;
  double stddev = 0;  // sample (n - 1) deviation; 0 for fewer than two samples
};

Stats summarize(const std::vector<double>& samples);

}  // namespace tl::bench

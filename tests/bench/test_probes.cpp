// The probes run on every level this machine has and report plausible, positive rates.
// (Their accuracy is judged against published figures in ../shared/anchors.md, not here.)
#include <gtest/gtest.h>

#include "bench/probes.h"
#include "bench/runner.h"

namespace tl::bench {
namespace {

TEST(Probes, ReadBandwidthOfASmallBuffer) {
  ThreadPool pool(2);
  Result<BandwidthProbe> bw = measure_read_bandwidth(pool, size_t{64} << 20);
  ASSERT_TRUE(bw.ok()) << bw.error();
  EXPECT_EQ(bw.value().buffer_bytes, size_t{64} << 20);
  EXPECT_GT(bw.value().bytes_per_s, 1e8);  // any machine reads more than 100 MB/s
}

TEST(Probes, PeakOfEveryAvailableLevel) {
  ThreadPool pool(2);
  std::vector<Isa> isas = available_isas();
  isas.push_back(Isa::AmxEmu);  // times the scalar loop
  for (Isa isa : isas) {
    SCOPED_TRACE(isa_name(isa));
    const PeakProbe p = measure_peak(isa, pool, 0.01);
    EXPECT_GT(p.macs_per_s, 1e7);
    EXPECT_FALSE(p.what.empty());
  }
}

}  // namespace
}  // namespace tl::bench

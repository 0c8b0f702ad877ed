// Peak memory while loading: a model whose matmul weights are repacked into the amx
// buffer must never hold much more than the file plus the repacked bytes, and once
// loaded, the file pages of repacked tensors are released (not held twice).
//
// The load runs in a forked child so its peak RSS (ru_maxrss) is its own. Margin: 48 MiB
// for allocator slack, thread stacks and page-table rounding — small against the
// ~230 MiB file, and far below the file size a leak of the mapping would add.
#include <gtest/gtest.h>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "common/testdata.h"
#include "model/model.h"
#include "synthetic/image.h"
#include "synthetic/spec.h"

namespace tl::test {
namespace {

constexpr double kMiB = 1024.0 * 1024.0;
constexpr double kMarginMiB = 48;

// Current resident set of this process, from /proc/self/status (kB -> bytes).
double resident_bytes() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) * 1024.0;
  }
  return 0;
}

struct ChildReport {
  double file_bytes, owned_bytes, released_file_bytes, peak_delta, after_delta;
};

TEST(LoadMemory, PeakIsFilePlusRepackedAndCopiesReleaseTheirPages) {
  const std::string path = temp_dir() + "/model.gguf";
  {
    ThreadPool pool(2);
    synthetic::SpecOptions so;
    so.n_layer = 1;
    so.n_vocab = 32000;
    Result<synthetic::Spec> spec = synthetic::parse_spec("llama3-8b:q8_0", so);
    ASSERT_TRUE(spec.ok()) << spec.error();
    Result<std::unique_ptr<synthetic::Image>> image = synthetic::Image::generate(spec.value(), pool);
    ASSERT_TRUE(image.ok()) << image.error();
    ASSERT_TRUE(image.value()->save(path).ok());
  }  // the generated image is freed before the child forks

  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    close(fds[0]);
    ChildReport r{};
    const double before = resident_bytes();
    {
      ThreadPool pool(2);
      ModelOptions options;
      options.placement.isa = Isa::AmxEmu;  // every matmul weight is copied into amx panels
      Result<std::unique_ptr<Model>> model = Model::load(path, options, pool);
      if (model.ok()) {
        r.file_bytes = static_cast<double>(model.value()->file().file_size());
        for (const PlacedTensor& t : model.value()->placement().tensors()) {
          r.owned_bytes += static_cast<double>(t.owned_bytes);
          if (t.owned_bytes > 0) r.released_file_bytes += static_cast<double>(t.info->n_bytes);
        }
        r.after_delta = resident_bytes() - before;
      }
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    r.peak_delta = static_cast<double>(usage.ru_maxrss) * 1024.0 - before;
    ssize_t written = write(fds[1], &r, sizeof r);
    _exit(written == sizeof r ? 0 : 1);
  }
  close(fds[1]);
  ChildReport r{};
  const ssize_t got = read(fds[0], &r, sizeof r);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_EQ(got, static_cast<ssize_t>(sizeof r));
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  ASSERT_GT(r.file_bytes, 100 * kMiB) << "the model did not load in the child";
  ASSERT_GT(r.owned_bytes, 50 * kMiB) << "nothing was repacked: the test would prove nothing";

  std::printf("file %.1f MiB, repacked %.1f MiB, peak +%.1f MiB, after load +%.1f MiB\n", r.file_bytes / kMiB,
              r.owned_bytes / kMiB, r.peak_delta / kMiB, r.after_delta / kMiB);
  EXPECT_LE(r.peak_delta, r.file_bytes + r.owned_bytes + kMarginMiB * kMiB);
  // After the load only the repacked copies and the file pages of tensors that stayed
  // mapped (and were touched) may be resident: the copied tensors' file pages are gone.
  EXPECT_LE(r.after_delta, r.owned_bytes + (r.file_bytes - r.released_file_bytes) + kMarginMiB * kMiB);
  EXPECT_LT(r.after_delta, r.file_bytes + r.owned_bytes - 0.5 * r.released_file_bytes)
      << "the file pages of repacked tensors were not released";
}

}  // namespace
}  // namespace tl::test

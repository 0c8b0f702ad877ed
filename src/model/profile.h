// Wall time of the forward pass per section, for `tilelm bench --profile`: where a
// prompt or a generated token spends its time. Every op is a parallel region that ends
// before the next begins, so the calling thread's clock sees each one whole.
#pragma once

#include <array>
#include <chrono>
#include <string>

namespace tl {

enum class Section {
  Embed,
  Norms,         // rms norms, biases, residual adds, swiglu (dense: in FfnGateUp)
  QkvMatmul,
  RopeCache,     // rope and the KV cache append
  Attention,
  OutMatmul,     // attn_output
  FfnGateUp,
  FfnDown,
  Router,        // router matmul, softmax and top-k
  ExpertGateUp,
  ExpertDown,
  ExpertCombine, // the weighted sum of the experts' outputs
  OutputMatmul,
  kCount
};

struct ForwardProfile {
  std::array<double, static_cast<size_t>(Section::kCount)> seconds{};
  double total() const;
  // "name share% ..." of the sections that took time, largest first.
  std::string shares() const;
};

// Charges the time since the previous lap to a section (no-op without a profile).
class Laps {
 public:
  void start(ForwardProfile* p) {
    profile_ = p;
    if (p) last_ = std::chrono::steady_clock::now();
  }
  void operator()(Section s) {
    if (!profile_) return;
    const auto now = std::chrono::steady_clock::now();
    profile_->seconds[static_cast<size_t>(s)] += std::chrono::duration<double>(now - last_).count();
    last_ = now;
  }

 private:
  ForwardProfile* profile_ = nullptr;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace tl

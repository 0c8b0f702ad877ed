// The kernel registry: an ordered list of matmul kernels per ISA level (amx, avx512,
// avx2, ref). The first that accepts a problem at or below the chosen level wins; every
// refusal's reason is kept for the verbose load report.
#pragma once

#include <string>
#include <vector>

#include "kernels/attention_kernel.h"
#include "kernels/matmul_kernel.h"
#include "kernels/row_kernels.h"
#include "kernels/weight_packer.h"

namespace tl {

class KernelRegistry {
 public:
  // Every kernel compiled into this build, best level first.
  static const KernelRegistry& instance();

  // The best kernel at or below `max_isa` that accepts `p`, or nullptr. Reasons of the
  // kernels that declined are appended to *why (if not null), one per line.
  const MatmulKernel* choose_matmul(const MatmulProblem& p, Isa max_isa, std::string* why) const;
  // The element-wise kernels of the best level at or below `max_isa`.
  const RowKernels& row_kernels(Isa max_isa) const;
  // The prompt attention kernel of the best level at or below `max_isa` that accepts this
  // machine, or nullptr (then the row kernels' attend serves; reasons appended to *why).
  const AttentionKernel* choose_attention(Isa max_isa, std::string* why) const;

  // The best packer at or below `max_isa` for a (K, N) matrix of `type` whose layout
  // some kernel at that level accepts; nullptr if none (reasons appended to *why).
  const WeightPacker* choose_packer(DType type, int64_t K, int64_t N, Isa max_isa, std::string* why) const;
  // The same among the AMX tile layouts only (the `amx` buffer type's); choose_packer
  // never returns those (the `cpu-repack` type's interleaved layouts).
  const WeightPacker* choose_amx_packer(DType type, int64_t K, int64_t N, Isa max_isa, std::string* why) const;

  void add_matmul(const MatmulKernel& k) { matmul_.push_back(k); }
  void add_packer(const WeightPacker& p) { packers_.push_back(p); }
  void add_rows(const RowKernels& k) { rows_.push_back(k); }
  void add_attention(const AttentionKernel& k) { attention_.push_back(k); }

 private:
  const WeightPacker* choose_packer_among(DType type, int64_t K, int64_t N, Isa max_isa, bool amx,
                                          std::string* why) const;
  std::vector<MatmulKernel> matmul_;
  std::vector<RowKernels> rows_;
  std::vector<AttentionKernel> attention_;
  std::vector<WeightPacker> packers_;
};

// Each ISA level's registration function (one translation unit per level).
void register_amx(KernelRegistry& r);
void register_amx_emu(KernelRegistry& r);
void register_avx512(KernelRegistry& r);
void register_avx2(KernelRegistry& r);
void register_ref(KernelRegistry& r);

}  // namespace tl

// What every op needs to run: the thread pool, the element-wise kernels of the chosen
// ISA level and its prompt attention kernel if it has one. Passed explicitly; there is
// no global state.
#pragma once

#include "kernels/attention_kernel.h"
#include "kernels/row_kernels.h"
#include "runtime/thread_pool.h"

namespace tl {

struct OpContext {
  ThreadPool& pool;
  const RowKernels& rows;
  const AttentionKernel* attention = nullptr;  // null: rows.attend per token
};

}  // namespace tl

// What every op needs to run: the thread pool and the element-wise kernels of the
// chosen ISA level. Passed explicitly; there is no global state.
#pragma once

#include "kernels/row_kernels.h"
#include "runtime/thread_pool.h"

namespace tl {

struct OpContext {
  ThreadPool& pool;
  const RowKernels& rows;
};

}  // namespace tl

// The matmul check shared by the kernel tests: seeded weights of every type, the shapes,
// and the comparison of one kernel against the reference kernel.
#pragma once

#include <functional>
#include <vector>

#include "kernels/matmul_kernel.h"

namespace tl::test {

// Every weight type of the engine core.
const std::vector<DType>& matmul_types();

// `pick` gives the kernel under test for a problem (nullptr: fail), e.g. from the
// registry. Runs every test shape of `type` and compares with the ref kernel; failures
// are gtest failures naming the shape and the worst element.
using KernelPicker = std::function<const MatmulKernel*(const MatmulProblem& p)>;
void check_matmul(DType type, KernelPicker pick);

}  // namespace tl::test

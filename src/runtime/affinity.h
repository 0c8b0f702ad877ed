// Where threads may run: the process's allowed CPUs, pinning, and physical core count.
#pragma once

#include <vector>

namespace tl {

// CPU ids in this thread's affinity mask, ascending (the process's allowed set when
// called before any pinning). Empty if the mask cannot be read.
std::vector<int> allowed_cpus();

// Binds the calling thread to the given CPUs. False if the kernel refuses.
bool set_current_thread_cpus(const std::vector<int>& cpus);

// Physical cores available to this process (the default thread count): unique
// (package, core) pairs among the allowed CPUs, so hyper-thread siblings count once.
int physical_core_count();

}  // namespace tl

// TL_CHECK: broken internal invariants abort with file:line. Never used for user input.
#pragma once

#include <cstdio>
#include <cstdlib>

#define TL_CHECK(cond, msg)                                                          \
  do {                                                                               \
    if (!(cond)) {                                                                   \
      std::fprintf(stderr, "tilelm: internal error at %s:%d: %s (%s)\n", __FILE__,   \
                   __LINE__, #cond, (msg));                                          \
      std::abort();                                                                  \
    }                                                                                \
  } while (0)

#ifdef NDEBUG
#define TL_DCHECK(cond, msg) \
  do {                       \
  } while (0)
#else
#define TL_DCHECK(cond, msg) TL_CHECK(cond, msg)
#endif

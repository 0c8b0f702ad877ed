#!/usr/bin/env bash
# The README's first command: installs what building needs, builds tilelm, and runs
# `tilelm bench` on its embedded default (no download): a synthetic qwen3-30b-a3b at Q4_0,
# scaled to 4 of its 48 layers with short tests, on every ISA level this CPU has. The
# bench takes a couple of minutes on 2 cores; it ends with the table and the command for
# the full-size run. Extra arguments go to `tilelm bench` (e.g. -t 8, --isa avx2).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build.sh

printf '\n==== tilelm bench (embedded demo, same as: tilelm bench --demo) ====\n'
build/src/tools/tilelm bench "$@"

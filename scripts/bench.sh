#!/usr/bin/env bash
# The benchmark (not part of the tests): builds the release dist/ and times the demos in
# headless Chromium; writes bench/report.md and bench/report.json.
# BENCH_REPEATS (default 7) and BENCH_SIZES (default 1000000,10000000) adjust it; BENCH_ONLY=load
# measures only the load on a slow link, Lighthouse and the wasm size.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-tools.sh
[[ -x /usr/bin/chromium ]] || { echo "run scripts/test.sh once first: it installs Chromium" >&2; exit 1; }
(cd e2e && npm ci --no-audit --no-fund --loglevel=error)
# The benchmark's own tools (Lighthouse).
(cd bench && npm ci --no-audit --no-fund --loglevel=error)
./scripts/build.sh
node bench/run.mjs

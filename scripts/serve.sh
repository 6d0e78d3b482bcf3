#!/usr/bin/env bash
# The first command: install whatever build tools are missing, then build parlab (release, so
# the timings mean something) and serve it cross-origin isolated on http://127.0.0.1:8080/.
# Extra arguments go to `trunk serve` (e.g. --port 9000).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-tools.sh
source scripts/env.sh
exec trunk serve --release "$@"

#!/usr/bin/env bash
# Builds what gets published: the app (release) and the course book, into dist/. Installs the
# build tools first if any is missing. CI (scripts/test.sh), the benchmark and the GitHub Pages
# workflow all build with this script; publish dist/ as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-tools.sh
source scripts/env.sh
# Trunk's post-build hook builds the book into dist/course (scripts/build-book.sh).
trunk build --release --locked

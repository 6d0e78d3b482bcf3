#!/usr/bin/env bash
# Builds the course book (course/) into the app's output: `<out>/course` where <out> is the
# first argument, or Trunk's staging directory when Trunk runs this as its post-build hook (so
# `trunk build` and `trunk serve` both ship the book), or dist/. The preprocessor that turns
# `{{#parlab …}}` into live demos is built first (natively, in debug: its speed does not
# matter) and put on PATH, where mdBook looks for `mdbook-parlab`.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-${TRUNK_STAGING_DIR:-dist}}
mkdir -p "$out"
# scripts/env.sh's build-std is for the wasm target only; this is a native build.
env -u CARGO_UNSTABLE_BUILD_STD cargo build -p mdbook-parlab --locked --quiet
PATH="$PWD/target/debug:$PATH" mdbook build course --dest-dir "$(cd "$out" && pwd)/course"

#!/usr/bin/env bash
# Trunk's post-build hook: drops the `name` section wasm-bindgen writes into the staged wasm
# (see crates/strip-wasm-names). Built natively, in debug: its speed does not matter.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-${TRUNK_STAGING_DIR:-dist}}
# scripts/env.sh's build-std is for the wasm target only; this is a native build.
env -u CARGO_UNSTABLE_BUILD_STD cargo run -p strip-wasm-names --locked --quiet -- "$out"

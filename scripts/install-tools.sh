#!/usr/bin/env bash
# Installs the build tools parlab needs, from the Rust crate registry only, and only what is missing:
# the pinned nightly (rust-toolchain.toml) and stable Rust, Trunk, the wasm-bindgen-cli that matches
# Cargo.lock, and mdBook (the course book). Idempotent: a second run only checks versions.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.22.1
# The course book's pages are allowed by hash in the CSP (e2e/headers.test.mjs): another mdBook
# writes other inline scripts, so the version is pinned.
MDBOOK_VERSION=0.5.4
WASM_BINDGEN_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
: "${WASM_BINDGEN_VERSION:?could not read the wasm-bindgen version from Cargo.lock}"

log() { printf '\033[1m[install-tools]\033[0m %s\n' "$*"; }

# RUSTUP_AUTO_INSTALL=0 may be set: install the toolchain rust-toolchain.toml names explicitly.
log "toolchain: $(sed -n 's/^channel = "\(.*\)"/\1/p' rust-toolchain.toml)"
rustup toolchain install >/dev/null
# Stable Rust: the native tests run on it (scripts/test.sh).
rustup toolchain list | grep -q '^stable-' || rustup toolchain install stable --profile minimal >/dev/null

if [[ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]]; then
  log "installing trunk $TRUNK_VERSION (debug build: its own speed does not matter)"
  # trunk needs rustc >= 1.96.1; the pinned nightly (this directory's toolchain) has it.
  cargo install --locked --debug "trunk@$TRUNK_VERSION"
fi

if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]]; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # The crate's own lock file names a webpki-roots release the registry no longer serves, so
  # `cargo install --locked` fails after unpacking the source. Build a copy of that source with
  # the one dependency moved back to a release that exists.
  if ! cargo install --locked --debug "wasm-bindgen-cli@$WASM_BINDGEN_VERSION" >/dev/null 2>&1; then
    src=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/"wasm-bindgen-cli-$WASM_BINDGEN_VERSION" | head -n1)
    work=$(mktemp -d)
    cp -r "$src" "$work/wasm-bindgen-cli"
    (cd "$work/wasm-bindgen-cli" && cargo update -p webpki-roots --precise 1.0.10)
    cargo install --locked --debug --path "$work/wasm-bindgen-cli"
    rm -rf "$work"
  fi
fi
if [[ "$(mdbook --version 2>/dev/null || true)" != "mdbook v$MDBOOK_VERSION" ]]; then
  log "installing mdbook $MDBOOK_VERSION (the course book; without its dev server)"
  cargo install --locked --debug "mdbook@$MDBOOK_VERSION" --no-default-features --features search
fi
log "ready: $(trunk --version), $(wasm-bindgen --version), $(mdbook --version)"

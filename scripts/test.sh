#!/usr/bin/env bash
# The second command: install what the tests need (build tools, Debian's Chromium, Firefox ESR
# and WebKitGTK with Xvfb, geckodriver, the e2e npm packages), then run every test: formatting
# and clippy on both targets, the native tests, a release build of dist/, and the browser
# end-to-end tests against it (the course book included).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n\033[1m[test] %s\033[0m\n' "$*"; }
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

./scripts/install-tools.sh
missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
[[ -x /usr/bin/firefox-esr ]] || missing+=(firefox-esr)
# WebKit (Safari's engine): WebKitGTK's MiniBrowser, driven by WebKitWebDriver under Xvfb.
[[ -x /usr/bin/WebKitWebDriver ]] || missing+=(webkit2gtk-driver)
[[ -x /usr/bin/xvfb-run ]] || missing+=(xvfb)
# CPython 3: a native test runs the course's race lesson with it (crates/mdbook-parlab/tests/races_python.rs).
command -v python3 >/dev/null || missing+=(python3)
if ((${#missing[@]})); then
  log "installing Debian's ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
GECKODRIVER_VERSION=0.37.1
if [[ "$(geckodriver --version 2>/dev/null | head -n1)" != "geckodriver $GECKODRIVER_VERSION"* ]]; then
  log "installing geckodriver $GECKODRIVER_VERSION (drives Firefox over WebDriver)"
  cargo install --locked --debug "geckodriver@$GECKODRIVER_VERSION"
fi
(cd e2e && npm ci --no-audit --no-fund --loglevel=error)

log "rustfmt"
cargo fmt --all --check

log "clippy, native"
cargo clippy --workspace --all-targets --locked -- -D warnings

# On stable Rust: only the wasm build needs the pinned nightly (build-std for atomics), and this
# proves it. Its own target directory, so the two toolchains do not rebuild each other's output.
log "native tests on stable Rust: parlab-kernels, parlab-web (its pure parts), mdbook-parlab"
CARGO_TARGET_DIR=target/stable cargo +stable test --workspace --locked

source scripts/env.sh
log "clippy, wasm32"
cargo clippy -p parlab-web --target wasm32-unknown-unknown --release --locked -- -D warnings

log "release build of dist/ (the app and the course book)"
./scripts/build.sh

log "browser end-to-end tests (headless Chromium, headless Firefox ESR, WebKitGTK under Xvfb)"
(cd e2e && npm test)

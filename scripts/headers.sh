#!/usr/bin/env bash
# parlab's response headers (cross-origin isolation and the Content-Security-Policy) have one
# source: www/_headers, the file Netlify and Cloudflare Pages read. This writes them where they
# cannot be read from that file:
#   scripts/headers.sh               Trunk's post-build hook: into the staged sw.js (hosts without
#                                    header control), replacing its ISOLATION_HEADERS placeholder,
#                                    and the build's name (a hash of index.html, which names the
#                                    hashed glue and wasm) into its BUILD placeholder, which names
#                                    the worker's offline cache;
#   scripts/headers.sh --trunk-toml  into Trunk.toml's [serve.headers] (`trunk serve`), which
#                                    cannot read a file: run it after editing www/_headers.
# e2e/headers.test.mjs fails when Trunk.toml, dist/sw.js or dist/_headers differ from the source.
set -euo pipefail
cd "$(dirname "$0")/.."

# `Name<TAB>value` per header of www/_headers (its indented lines; it has one rule, `/*`).
pairs() {
  sed -n 's/^[[:space:]]\{1,\}\([A-Za-z-]\{1,\}\):[[:space:]]*\(.*[^[:space:]]\)[[:space:]]*$/\1\t\2/p' www/_headers
}
# A double-quoted string for JavaScript and TOML alike (the values hold no control characters).
quoted() { local s=${1//\\/\\\\}; printf '"%s"' "${s//\"/\\\"}"; }

if [[ ${1:-} == --trunk-toml ]]; then
  table=$(pairs | while IFS=$'\t' read -r name value; do printf '%s = %s\n' "$(quoted "$name")" "$(quoted "$value")"; done)
  # Replace the lines after the [serve.headers] header, up to the next blank line or table.
  awk -v table="$table" '
    /^\[serve\.headers\]$/ { print; print table; skipping = 1; next }
    skipping && (/^$/ || /^\[/) { skipping = 0 }
    !skipping { print }
  ' Trunk.toml >Trunk.toml.new
  mv Trunk.toml.new Trunk.toml
  exit 0
fi

sw=${1:-${TRUNK_STAGING_DIR:-dist}}/sw.js
placeholder='const ISOLATION_HEADERS = {}; // written by scripts/headers.sh from www/_headers'
grep -qxF "$placeholder" "$sw" || { echo "headers.sh: $sw has no ISOLATION_HEADERS placeholder" >&2; exit 1; }
object=$(
  echo 'const ISOLATION_HEADERS = {'
  pairs | while IFS=$'\t' read -r name value; do printf '  %s: %s,\n' "$(quoted "$name")" "$(quoted "$value")"; done
  echo '};'
)
awk -v placeholder="$placeholder" -v object="$object" '$0 == placeholder { print object; next } { print }' "$sw" >"$sw.new"
mv "$sw.new" "$sw"

build_placeholder="const BUILD = 'unbuilt'; // written by scripts/headers.sh: a hash of the built index.html"
grep -qxF "$build_placeholder" "$sw" || { echo "headers.sh: $sw has no BUILD placeholder" >&2; exit 1; }
build=$(sha256sum "$(dirname "$sw")/index.html" | cut -c1-16)
awk -v placeholder="$build_placeholder" -v line="const BUILD = '$build';" '$0 == placeholder { print line; next } { print }' "$sw" >"$sw.new"
mv "$sw.new" "$sw"

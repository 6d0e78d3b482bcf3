#!/usr/bin/env bash
# Builds the parts of the app that Trunk does not, and lets index.html pick a page's part.
#
# The app is built in parts, a wasm each (crates/web/Cargo.toml's `part-*` features): a page loads
# only the shell and its own demos, so a new demo does not make every page slower to start.
# Trunk builds `part-core` (index.html's rust link); this post-build hook builds every other part
# with cargo and wasm-bindgen into the staged dist/, names its files by a hash of the wasm, as
# Trunk does, and writes every part's files with their Subresource Integrity hashes into
# index.html's `parlab-parts` manifest. Trunk's own preload links (of part-core) are taken out of
# the page: the script after the manifest adds the links of the part that holds `?demo=`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

staging=${TRUNK_STAGING_DIR:-dist}
index=$staging/index.html
profile=${TRUNK_PROFILE:-release}
[[ $profile == release ]] && release=(--release) || release=()

# `name<TAB>demo demo …` per `part-*` feature of crates/web/Cargo.toml.
parts() {
  sed -n 's/^part-\([a-z-]*\) = \[\(.*\)\]$/\1\t\2/p' crates/web/Cargo.toml |
    sed -e 's/"demo-\([a-z-]*\)"/\1/g' -e 's/,//g'
}
# `sha384-<base64>` of a file, as Subresource Integrity writes it.
integrity() { printf 'sha384-%s' "$(printf "$(sha384sum "$1" | cut -c1-96 | sed 's/../\\x&/g')" | base64 -w0)"; }
# A JSON list of the links a part's page needs: its glue and every snippet (modulepreload), its wasm.
files() {
  local js=$1 wasm=$2 first=1 module
  printf '['
  for module in "$js" $(cd "$staging" && find snippets -name '*.js' | sort); do
    ((first)) || printf ','
    first=0
    printf '{"rel":"modulepreload","href":"./%s","integrity":"%s"}' "$module" "$(integrity "$staging/$module")"
  done
  printf ',{"rel":"preload","href":"./%s","integrity":"%s"}]' "$wasm" "$(integrity "$staging/$wasm")"
}
# One part's manifest entry.
entry() {
  local demos
  demos=$(printf '"%s",' $2)
  printf '{"name":"%s","demos":[%s],"js":"./%s","wasm":"./%s","files":%s}' "$1" "${demos%,}" "$3" "$4" "$(files "$3" "$4")"
}

core_js=$(sed -n 's/.*data-parlab-js="\.\/\([^"]*\)".*/\1/p' "$index")
core_wasm=$(sed -n 's/.*data-parlab-wasm="\.\/\([^"]*\)".*/\1/p' "$index")
[[ -n $core_js && -n $core_wasm ]] || { echo "parts.sh: $index names no glue and wasm (Trunk.toml's pattern_script)" >&2; exit 1; }

manifest=()
while IFS=$'\t' read -r name demos; do
  if [[ $name == core ]]; then
    manifest+=("$(entry core "$demos" "$core_js" "$core_wasm")")
    continue
  fi
  cargo build "${release[@]}" --locked --target wasm32-unknown-unknown -p parlab-web --bin parlab-web \
    --no-default-features --features "part-$name"
  out=$(mktemp -d)
  wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name "parlab-web-$name" \
    "target/wasm32-unknown-unknown/$profile/parlab-web.wasm"
  hash=$(sha256sum "$out/parlab-web-${name}_bg.wasm" | cut -c1-16)
  js=parlab-web-$name-$hash.js
  wasm=parlab-web-$name-${hash}_bg.wasm
  mv "$out/parlab-web-${name}_bg.wasm" "$staging/$wasm"
  sed "s/parlab-web-${name}_bg\.wasm/$wasm/g" "$out/parlab-web-$name.js" >"$staging/$js"
  # The snippets (wasm-bindgen-rayon's worker, parlab's own JS) are the crate's, the same in
  # every part: Trunk staged them with part-core.
  diff -r "$out/snippets" "$staging/snippets" >/dev/null ||
    { echo "parts.sh: part-$name's snippets differ from part-core's" >&2; exit 1; }
  rm -r "$out"
  manifest+=("$(entry "$name" "$demos" "$js" "$wasm")")
done < <(parts)

json=$(IFS=,; printf '{"parts":[%s]}' "${manifest[*]}")
placeholder='<script id="parlab-parts" type="application/json">{"parts":[]}</script>'
grep -qF "$placeholder" "$index" || { echo "parts.sh: $index has no parlab-parts manifest" >&2; exit 1; }
# Trunk's preload links are part-core's; the picker adds the links of the page's own part.
html=$(sed -e 's/<link rel="modulepreload"[^>]*>//g' -e 's/<link rel="preload"[^>]*>//g' "$index")
printf '%s\n' "${html//"$placeholder"/"<script id=\"parlab-parts\" type=\"application/json\">$json</script>"}" >"$index"

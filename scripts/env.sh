# Sourced by the scripts that build for the browser: rebuild std with atomics for the wasm
# target only (a `[unstable] build-std` in .cargo/config.toml would rebuild it for host builds
# too, making native tests slow).
export CARGO_UNSTABLE_BUILD_STD=panic_abort,std

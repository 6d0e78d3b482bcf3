//! parlab's web shell: mounts the Yew app. Everything that computes lives in `parlab-kernels`;
//! this crate starts the thread pool, moves runs onto it, and draws what comes back.

// A build of one part (crates/web/Cargo.toml) leaves the other parts' demo views unused.
#![cfg_attr(not(all(feature = "part-core", feature = "part-lab")), allow(dead_code))]

mod app;
mod demos;
#[cfg(test)]
mod layers;
mod platform;
mod shell;

/// How long the first render waits for the pool (see [`platform::pool::settled_within`]); meanwhile the
/// page shows its plain-HTML start-up text.
const FIRST_RENDER_WAIT_MS: i32 = 150;

fn main() {
    platform::crash::install_panic_hook();
    if !platform::pool::can_start_pool() {
        render();
        return;
    }
    platform::pool::begin(app::registry::pool_size_for(&platform::url::read(platform::pool::limits()).state));
    wasm_bindgen_futures::spawn_local(async {
        platform::pool::settled_within(FIRST_RENDER_WAIT_MS).await;
        render();
    });
}

/// Mounts the app in place of the plain-HTML first paint (index.html's `#boot`). The first
/// paint goes first: removed after, it would move the whole app up as it went (a layout shift).
fn render() {
    if let Some(boot) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("boot")) {
        boot.remove();
    }
    yew::Renderer::<app::App>::new().render();
}

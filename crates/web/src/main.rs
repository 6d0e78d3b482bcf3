//! parlab's web shell: mounts the Yew app. Everything that computes lives in `parlab-kernels`;
//! this crate starts the thread pool, moves runs onto it, and draws what comes back.

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
        yew::Renderer::<app::App>::new().render();
        return;
    }
    platform::pool::begin(app::registry::pool_size_for(&platform::url::read(platform::pool::limits()).state));
    wasm_bindgen_futures::spawn_local(async {
        platform::pool::settled_within(FIRST_RENDER_WAIT_MS).await;
        yew::Renderer::<app::App>::new().render();
    });
}

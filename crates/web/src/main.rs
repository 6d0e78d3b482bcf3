//! parlab's web shell: mounts the Yew app. Everything that computes lives in `parlab-kernels`;
//! this crate starts the thread pool, moves runs onto it, and draws what comes back.

mod app;
mod charts;
mod clock;
mod compare;
mod crash;
mod demos;
mod history;
mod isolation;
mod parallelism;
mod pool;
mod run_lock;
mod share;
mod shared;
mod theme;
mod url;

/// How long the first render waits for the pool (see [`pool::settled_within`]); meanwhile the
/// page shows its plain-HTML start-up text.
const FIRST_RENDER_WAIT_MS: i32 = 150;

fn main() {
    crash::install_panic_hook();
    if !pool::can_start_pool() {
        yew::Renderer::<app::App>::new().render();
        return;
    }
    pool::begin(pool::pool_size_for(&url::read(pool::limits()).state));
    wasm_bindgen_futures::spawn_local(async {
        pool::settled_within(FIRST_RENDER_WAIT_MS).await;
        yew::Renderer::<app::App>::new().render();
    });
}

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

fn main() {
    crash::install_panic_hook();
    if pool::can_start_pool() {
        pool::begin(pool::pool_size_for(&url::read(pool::limits()).state));
    }
    yew::Renderer::<app::App>::new().render();
}

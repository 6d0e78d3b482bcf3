//! `performance.now()` as a [`Clock`] that all threads share.

use parlab_kernels::clock::Clock;
use wasm_bindgen::JsCast;

/// Reads `performance.timeOrigin + performance.now()` on whatever thread calls it, so readings
/// from the UI thread and from every worker are on one time line.
pub struct PerformanceClock;

thread_local! {
    static PERFORMANCE: Option<web_sys::Performance> =
        js_sys::Reflect::get(&js_sys::global(), &"performance".into()).ok().and_then(|p| p.dyn_into().ok());
}

impl Clock for PerformanceClock {
    fn now_ms(&self) -> f64 {
        PERFORMANCE.with(|p| p.as_ref().map_or(0.0, |p| p.time_origin() + p.now()))
    }
}

//! A wall clock that every thread of a run agrees on.

/// Milliseconds on a clock shared by all threads (not necessarily starting at zero).
///
/// Kernels record chunk start and end times with it, so two threads' readings must be
/// comparable: in the browser that is `performance.timeOrigin + performance.now()`, because each
/// Web Worker's `performance.now()` alone counts from that worker's own start.
pub trait Clock: Sync {
    fn now_ms(&self) -> f64;
}

/// The native clock, for tests and the native benchmark (`Instant` panics on wasm32).
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone, Copy)]
pub struct SystemClock {
    origin: std::time::Instant,
}

#[cfg(not(target_arch = "wasm32"))]
impl Default for SystemClock {
    fn default() -> Self {
        Self { origin: std::time::Instant::now() }
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Clock for SystemClock {
    fn now_ms(&self) -> f64 {
        self.origin.elapsed().as_secs_f64() * 1e3
    }
}

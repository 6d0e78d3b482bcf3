//! Cancel and progress: the two things a page needs to reach inside a running kernel.
//!
//! Both are plain atomics in memory shared by all threads, so the UI thread reads progress and
//! sets the cancel flag without sending any message to the threads doing the work.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use crate::clock::Clock;

/// What a simulated worker crash says (see [`RunControl::panic_at_next_pool_check`]).
pub const SIMULATED_PANIC: &str = "simulated panic on a worker thread";

/// A run was stopped by [`RunControl::cancel`] before it finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cancelled;

impl fmt::Display for Cancelled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the run was cancelled")
    }
}

impl std::error::Error for Cancelled {}

/// Shared handle to one run's cancel flag and progress counter; clones share the same run.
///
/// Kernels check the flag at least every [`crate::map::BLOCK`] elements, so a cancel takes
/// effect within microseconds to a few milliseconds whatever the input size.
#[derive(Debug, Clone, Default)]
pub struct RunControl {
    inner: Arc<Shared>,
}

#[derive(Debug, Default)]
struct Shared {
    cancelled: AtomicBool,
    /// Set by [`RunControl::panic_at_next_pool_check`].
    panic_armed: AtomicBool,
    done: AtomicU64,
    total: AtomicU64,
}

/// Two handles are equal when they control the same run.
impl PartialEq for RunControl {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

impl RunControl {
    /// A run expected to perform `total` units of work (elements processed, for the map).
    pub fn new(total: u64) -> Self {
        let control = Self::default();
        control.inner.total.store(total, Ordering::Relaxed);
        control
    }

    pub fn cancel(&self) {
        self.inner.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.inner.cancelled.load(Ordering::Relaxed)
    }

    /// Makes the next [`check`](Self::check) made on a rayon pool thread panic with
    /// [`SIMULATED_PANIC`], as a bug in a kernel would: the page's tests crash a worker in the
    /// middle of a run this way, without racing the run.
    pub fn panic_at_next_pool_check(&self) {
        self.inner.panic_armed.store(true, Ordering::Relaxed);
    }

    /// `Err(Cancelled)` once [`cancel`](Self::cancel) was called: use with `?` between steps.
    pub fn check(&self) -> Result<(), Cancelled> {
        if self.inner.panic_armed.load(Ordering::Relaxed)
            && rayon::current_thread_index().is_some()
            && self.inner.panic_armed.swap(false, Ordering::Relaxed)
        {
            panic!("{SIMULATED_PANIC}");
        }
        if self.is_cancelled() { Err(Cancelled) } else { Ok(()) }
    }

    /// Records `units` more units of work as done.
    pub fn advance(&self, units: u64) {
        self.inner.done.fetch_add(units, Ordering::Relaxed);
    }

    /// Units done so far and units expected in all.
    pub fn progress(&self) -> (u64, u64) {
        (self.inner.done.load(Ordering::Relaxed), self.inner.total.load(Ordering::Relaxed))
    }

    /// Progress as a fraction in `0.0..=1.0` (1.0 for a run with no work).
    pub fn fraction(&self) -> f64 {
        let (done, total) = self.progress();
        if total == 0 { 1.0 } else { (done as f64 / total as f64).min(1.0) }
    }
}

/// A run that can stop after any step and go on later. A page without a thread pool runs it on
/// its own thread a step at a time and gives the browser a turn between steps, so the page
/// never freezes and Cancel is seen; each step should take a few milliseconds at most.
pub trait Stepwise {
    /// Why a step may stop the run: [`Cancelled`], or a richer reason.
    type Stop: From<Cancelled>;
    fn is_done(&self) -> bool;
    /// One bounded piece of the run; nothing once done.
    fn step(&mut self, control: &RunControl, clock: &dyn Clock) -> Result<(), Self::Stop>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancel_is_seen_by_every_clone() {
        let control = RunControl::new(10);
        let other = control.clone();
        assert_eq!(other.check(), Ok(()));
        control.cancel();
        assert_eq!(other.check(), Err(Cancelled));
    }

    #[test]
    fn an_armed_panic_fires_once_and_only_on_a_pool_thread() {
        let control = RunControl::new(1);
        control.panic_at_next_pool_check();
        assert_eq!(control.check(), Ok(()), "not on a pool thread");
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let on_pool = pool.install(|| std::panic::catch_unwind(|| control.check()));
        let message = on_pool.expect_err("the armed check did not panic");
        assert_eq!(message.downcast_ref::<String>().map(String::as_str), Some(SIMULATED_PANIC));
        assert_eq!(pool.install(|| control.check()), Ok(()), "it fires once");
    }

    #[test]
    fn fraction_counts_shared_progress_and_saturates() {
        let control = RunControl::new(4);
        control.clone().advance(1);
        assert_eq!(control.fraction(), 0.25);
        control.advance(10);
        assert_eq!(control.fraction(), 1.0);
        assert_eq!(RunControl::new(0).fraction(), 1.0);
    }
}

//! The measured parallelism: how many threads this device really ran at full speed at once,
//! measured on the pool (see `parlab_kernels::parallelism`) rather than read from
//! `navigator.hardwareConcurrency`, which browsers may round up (WebKit said 4 on a 2-CPU
//! machine). It is a reading of one moment: on a busy machine it says about 1 of 2 cores. The
//! banner, the sweep's core mark and the verdicts show it; it never sets the default thread
//! count (the pool from the reported cores, see `pool::compute_threads`).
//!
//! Measured once per browser tab and kept in `sessionStorage`, so every page and frame of the
//! session reuses it; measured again when a person asks.
//!
//! For a verdict: [`measurement`] gives the figure, the unrounded cores' worth of work that were
//! free and how many were measured; [`Measurement::busy_note`] words it (“your machine was
//! busy, or has fewer cores than it reports: 1.1 of 2 cores were free”) when it fell short of
//! the cores. Both happen: another program on the cores, or a browser that reports more cores
//! than the machine has (WebKitGTK reports 4 on a 2-core machine here), and the page cannot tell
//! which.

use std::cell::Cell;
use std::num::NonZeroUsize;

use parlab_kernels::parallelism::{free_cores, measure_curve};

use crate::platform::clock::PerformanceClock;
use crate::platform::{pool, run_lock};

/// Where the figure is kept for the session: `reported/measured/free/of` (`free` and `of` may be
/// missing: `reported/measured` is read as `free` = `measured` of `reported`), so a device that
/// reports another count (another browser window size class, a changed setting) measures again.
const STORAGE_KEY: &str = "parlab.measured-parallelism";

/// Test hook: a `sessionStorage` item that replaces the next measurement's result by its value,
/// the free cores' worth (e.g. `1.1`), as if the machine were that busy. The measurement still
/// happens when it would (the pool ready, then [`SETTLE_MS`]), holds the run lock and lands in
/// the page the same way; only the figure is given. The end-to-end tests use it so a busy
/// machine is made, not waited for.
const FAKE_KEY: &str = "parlab.test.busy-measurement";

/// How long the whole measurement may take, spread over the thread counts it tries (twice).
const BUDGET_MS: f64 = 800.0;

/// How long after the pool is ready the first measurement waits: right after start-up the
/// engine is still compiling the workers' code on the same cores, and a measurement then read
/// 1 on a 2-CPU machine.
pub const SETTLE_MS: u32 = 1_500;

thread_local! {
    static MEASURED: Cell<Option<Measurement>> = Cell::new(stored());
}

/// One measurement: the rounded figure, and what it came from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measurement {
    /// How many threads ran at full speed at once, rounded (at least 1, at most `of`).
    pub measured: NonZeroUsize,
    /// The cores' worth of work the device gave, unrounded: best throughput ÷ one thread's.
    pub free: f64,
    /// How many threads it was measured on: the reported cores, at most the pool.
    pub of: NonZeroUsize,
}

impl Measurement {
    /// Whether fewer cores ran at full speed than were measured: another program or tab was
    /// busy, the browser rounds its count up, or hyper-threads share a core.
    pub fn is_busy(&self) -> bool {
        self.measured < self.of
    }

    /// “your machine was busy, or has fewer cores than it reports: 1.1 of 2 cores were free”,
    /// when [`is_busy`](Self::is_busy).
    pub fn busy_note(&self) -> Option<String> {
        self.is_busy().then(|| {
            format!(
                "your machine was busy, or has fewer cores than it reports: {:.1} of {} cores were free",
                self.free, self.of
            )
        })
    }
}

/// What the page knows about its cores.
#[derive(Debug, Clone, PartialEq)]
pub enum Parallelism {
    /// Not measured yet in this session, or being measured.
    Measuring,
    Measured(Measurement),
    /// The measurement could not be made; the reported count stands.
    Failed(String),
}

/// The measured parallelism of this session, rounded, if any.
pub fn measured() -> Option<NonZeroUsize> {
    measurement().map(|m| m.measured)
}

/// The session's measurement, if any, with its unrounded figure.
pub fn measurement() -> Option<Measurement> {
    MEASURED.with(Cell::get)
}

/// What the page starts with: the session's figure, or still to measure.
pub fn initial() -> Parallelism {
    measurement().map_or(Parallelism::Measuring, Parallelism::Measured)
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn stored() -> Option<Measurement> {
    let text = storage()?.get_item(STORAGE_KEY).ok().flatten()?;
    let mut parts = text.split('/');
    let reported: usize = parts.next()?.parse().ok()?;
    (reported == pool::hardware_concurrency()).then_some(())?;
    let measured: NonZeroUsize = parts.next()?.parse().ok()?;
    let free = parts.next().and_then(|f| f.parse::<f64>().ok()).filter(|f| f.is_finite() && *f >= 1.0);
    let of = parts.next().and_then(|o| o.parse::<NonZeroUsize>().ok());
    Some(Measurement {
        measured,
        free: free.unwrap_or(measured.get() as f64),
        of: of.unwrap_or(NonZeroUsize::new(reported).unwrap_or(NonZeroUsize::MIN)).max(measured),
    })
}

/// The test hook's figure ([`FAKE_KEY`]), if set.
fn fake_free() -> Option<f64> {
    storage()?.get_item(FAKE_KEY).ok().flatten()?.parse::<f64>().ok().filter(|f| f.is_finite() && *f >= 1.0)
}

/// Measures the parallelism on the pool of `pool_threads`: the same short compute-bound job on
/// 1 … k threads (k the reported core count, at most the pool), holding the run lock so no timed
/// run shares the cores with it. Remembers the figure for the session.
pub async fn measure(pool_threads: NonZeroUsize) -> Result<Measurement, String> {
    let reported = pool::hardware_concurrency();
    let k = pool_threads.get().min(reported);
    let of = NonZeroUsize::new(k).unwrap_or(NonZeroUsize::MIN);
    let free = if k == 1 {
        1.0
    } else {
        let controller = web_sys::AbortController::new().map_err(|e| pool::js_error_text(&e))?;
        let _lock = run_lock::acquire(&controller.signal(), || {}).await.map_err(|_| "cancelled".to_owned())?;
        match fake_free() {
            Some(free) => free,
            None => {
                let window_ms = (BUDGET_MS / (2.0 * k as f64 + 0.5)).clamp(20.0, 100.0);
                let points = pool::run(move || measure_curve(k, window_ms, &PerformanceClock)).await?;
                free_cores(&points).ok_or_else(|| "one thread did no measurable work".to_owned())?
            }
        }
    };
    // More than k cannot be shown by k threads: a disturbed one-thread window would say so.
    let free = free.min(k as f64);
    let measured = NonZeroUsize::new((free.round() as usize).clamp(1, k)).unwrap_or(NonZeroUsize::MIN);
    let found = Measurement { measured, free, of };
    MEASURED.with(|cell| cell.set(Some(found)));
    if let Some(storage) = storage() {
        let _ = storage.set_item(STORAGE_KEY, &format!("{reported}/{measured}/{free:.2}/{of}"));
    }
    Ok(found)
}

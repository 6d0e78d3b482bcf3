//! The measured parallelism: how many threads this device really runs at full speed at once,
//! measured on the pool (see `parlab_kernels::parallelism`) rather than read from
//! `navigator.hardwareConcurrency`, which browsers may round up (WebKit said 4 on a 2-CPU
//! machine). The default thread count, the sweep's core mark and the verdicts use it.
//!
//! Measured once per browser tab and kept in `sessionStorage`, so every page and frame of the
//! session reuses it; measured again when a person asks.

use std::cell::Cell;
use std::num::NonZeroUsize;

use parlab_kernels::parallelism::{estimate, measure_curve};

use crate::platform::clock::PerformanceClock;
use crate::platform::{pool, run_lock};

/// Where the figure is kept for the session: `reported/measured`, so a device that reports
/// another count (another browser window size class, a changed setting) measures again.
const STORAGE_KEY: &str = "parlab.measured-parallelism";

/// How long the whole measurement may take, spread over the thread counts it tries (twice).
const BUDGET_MS: f64 = 800.0;

/// How long after the pool is ready the first measurement waits: right after start-up the
/// engine is still compiling the workers' code on the same cores, and a measurement then read
/// 1 on a 2-CPU machine.
pub const SETTLE_MS: u32 = 1_500;

thread_local! {
    static MEASURED: Cell<Option<NonZeroUsize>> = Cell::new(stored());
}

/// What the page knows about its cores.
#[derive(Debug, Clone, PartialEq)]
pub enum Parallelism {
    /// Not measured yet in this session, or being measured.
    Measuring,
    Measured(NonZeroUsize),
    /// The measurement could not be made; the reported count stands.
    Failed(String),
}

/// The measured parallelism of this session, if any.
pub fn measured() -> Option<NonZeroUsize> {
    MEASURED.with(Cell::get)
}

/// What the page starts with: the session's figure, or still to measure.
pub fn initial() -> Parallelism {
    measured().map_or(Parallelism::Measuring, Parallelism::Measured)
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn stored() -> Option<NonZeroUsize> {
    let text = storage()?.get_item(STORAGE_KEY).ok().flatten()?;
    let (reported, measured) = text.split_once('/')?;
    (reported.parse::<usize>().ok()? == pool::hardware_concurrency()).then_some(())?;
    measured.parse().ok()
}

/// Measures the parallelism on the pool of `pool_threads`: the same short compute-bound job on
/// 1 … k threads (k the reported core count, at most the pool), holding the run lock so no timed
/// run shares the cores with it. Remembers the figure for the session.
pub async fn measure(pool_threads: NonZeroUsize) -> Result<NonZeroUsize, String> {
    let reported = pool::hardware_concurrency();
    let k = pool_threads.get().min(reported);
    let found = if k == 1 {
        NonZeroUsize::MIN
    } else {
        let controller = web_sys::AbortController::new().map_err(|e| pool::js_error_text(&e))?;
        let _lock = run_lock::acquire(&controller.signal(), || {}).await.map_err(|_| "cancelled".to_owned())?;
        let window_ms = (BUDGET_MS / (2.0 * k as f64 + 0.5)).clamp(20.0, 100.0);
        let points = pool::run(move || measure_curve(k, window_ms, &PerformanceClock)).await?;
        // More than k cannot be shown by k threads: a disturbed one-thread window would say so.
        estimate(&points)
            .and_then(|n| NonZeroUsize::new(n.min(k)))
            .ok_or_else(|| "one thread did no measurable work".to_owned())?
    };
    MEASURED.with(|cell| cell.set(Some(found)));
    if let Some(storage) = storage() {
        let _ = storage.set_item(STORAGE_KEY, &format!("{reported}/{found}"));
    }
    Ok(found)
}

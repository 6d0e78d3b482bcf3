//! The wait-share sweep: each task's total time fixed, the share of it spent waiting varied from
//! none to almost all, and the speedup over sequential of the variants that differ in what they
//! overlap: k blocking threads, Python threads under the GIL, the event loop.

use super::experiment::time_variant;
use super::{IoConfig, Variant, calibrate};
use crate::clock::Clock;
use crate::control::{Cancelled, RunControl};

/// The wait shares swept, in percent of each task's time.
pub const SWEEP_SHARES: [u32; 6] = [0, 25, 50, 75, 90, 99];
/// The variants the sweep compares with `sequential`.
pub const SWEPT: [Variant; 3] = [Variant::Threads, Variant::PythonThreads, Variant::EventLoop];

/// One variant at one wait share.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SweepPoint {
    pub variant: Variant,
    pub share_pct: u32,
    pub median_ms: f64,
    pub sequential_ms: f64,
    pub speedup: f64,
    pub correct: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WaitSweep {
    /// Each task's time, compute and wait together, ms.
    pub task_ms: f64,
    pub points: Vec<SweepPoint>,
}

impl IoConfig {
    /// Tasks run by [`run_wait_sweep`] in all (its progress total).
    pub fn sweep_work(&self) -> u64 {
        (self.tasks * (1 + SWEPT.len()) * SWEEP_SHARES.len() * self.repeats.get()) as u64
    }
}

/// At each share of [`SWEEP_SHARES`], `sequential` and each of [`SWEPT`], timed and checked.
pub fn run_wait_sweep(config: &IoConfig, control: &RunControl, clock: &dyn Clock) -> Result<WaitSweep, Cancelled> {
    let rate = calibrate(clock, control)?;
    let task_ms = config.compute_us / 1e3 + config.wait_ms;
    let mut points = Vec::with_capacity(SWEEP_SHARES.len() * SWEPT.len());
    for share_pct in SWEEP_SHARES {
        let wait_ms = task_ms * f64::from(share_pct) / 100.0;
        let at = IoConfig { wait_ms, compute_us: (task_ms - wait_ms) * 1e3, ..*config };
        let (sequential, _) = time_variant(Variant::Sequential, &at, rate, control, clock)?;
        let sequential_ms = sequential.timing.summary.median_ms;
        for variant in SWEPT {
            let (row, _) = time_variant(variant, &at, rate, control, clock)?;
            let median_ms = row.timing.summary.median_ms;
            points.push(SweepPoint {
                variant,
                share_pct,
                median_ms,
                sequential_ms,
                speedup: if median_ms > 0.0 { sequential_ms / median_ms } else { 0.0 },
                correct: row.correct && sequential.correct,
            });
        }
    }
    Ok(WaitSweep { task_ms, points })
}

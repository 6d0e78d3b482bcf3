//! Timing every way of sharing the counter on the same n, k and window.

use std::num::NonZeroUsize;

use super::{Count, StoreCosts, Variant, count, measure_store_costs};
use crate::clock::Clock;
use crate::control::{Cancelled, RunControl};
use crate::stats::{Timings, VariantTiming};

/// Increments of the untimed warm-up before a variant's timed runs (the first wasm run is slow).
const WARM_UP: u64 = 1_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RaceConfig {
    pub n: u64,
    pub threads: NonZeroUsize,
    pub window: u32,
    pub repeats: NonZeroUsize,
}

impl RaceConfig {
    /// Increments done by [`run_race`] in all (its progress total).
    pub fn total_work(&self) -> u64 {
        let per_variant = self.n.min(WARM_UP) + self.n * self.repeats.get() as u64;
        per_variant * Variant::ALL.len() as u64
    }
}

/// One variant's timings and the total of its last run. `timing.correct` is whether every run
/// counted exactly n: for `unsynchronized` on several threads it is the lesson when it is not.
#[derive(Debug, Clone, PartialEq)]
pub struct RaceRow {
    pub variant: Variant,
    pub timing: VariantTiming,
    pub last: Count,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RaceReport {
    pub config: RaceConfig,
    pub rows: Vec<RaceRow>,
    /// What a plain store, an atomic store and an atomic add cost on one thread, measured after
    /// the variants: why the slot variants pay more in the page than natively.
    pub store_costs: StoreCosts,
}

/// Every variant, in [`Variant::ALL`] order: an untimed warm-up, then `repeats` timed runs;
/// then the cost of one store of each kind. Call from a pool thread.
pub fn run_race(config: &RaceConfig, control: &RunControl, clock: &dyn Clock) -> Result<RaceReport, Cancelled> {
    let mut rows = Vec::with_capacity(Variant::ALL.len());
    for variant in Variant::ALL {
        count(variant, config.n.min(WARM_UP), config.threads, config.window, control)?;
        let mut timings = Timings::default();
        let mut last = Count { final_value: 0, expected: config.n, layout: None };
        for _ in 0..config.repeats.get() {
            let began = clock.now_ms();
            last = count(variant, config.n, config.threads, config.window, control)?;
            timings.push(clock.now_ms() - began);
            timings.correct &= last.lost() == 0;
        }
        let threads = if variant == Variant::Sequential { 1 } else { config.threads.get() };
        rows.push(RaceRow { variant, timing: timings.finish(threads), last });
    }
    let store_costs = measure_store_costs(control, clock)?;
    Ok(RaceReport { config: *config, rows, store_costs })
}

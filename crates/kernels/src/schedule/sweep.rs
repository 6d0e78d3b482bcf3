//! Dynamic's chunk trade-off, measured: small chunks balance the load but cost a hand-out
//! each, large ones are cheap to hand out but leave threads idle at the end.

use super::experiment::{run_once, time_variant};
use super::{LiveOwners, ScheduleConfig, Tasks, Variant};
use crate::clock::Clock;
use crate::control::{Cancelled, RunControl};
use crate::stats::VariantTiming;

/// The chunks the sweep times for `n` tasks on `k` threads: 1, 2, 4, … below `n / k`, then
/// `n / k` itself (one chunk per thread, as `block` splits), so both ends of the trade-off show.
pub fn sweep_chunks(n: usize, k: usize) -> Vec<usize> {
    let top = (n / k.max(1)).max(1);
    let mut chunks: Vec<usize> =
        std::iter::successors(Some(1usize), |c| c.checked_mul(2)).take_while(|&c| c < top).collect();
    chunks.push(top);
    chunks
}

#[derive(Debug, Clone, PartialEq)]
pub struct SweepPoint {
    pub chunk: usize,
    /// `dynamic`'s timing at this chunk; `correct` as in the table.
    pub timing: VariantTiming,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChunkSweep {
    /// One per chunk of [`sweep_chunks`], in that order.
    pub points: Vec<SweepPoint>,
    /// The chunk with the lowest median time (the smallest of equals).
    pub best_chunk: usize,
}

impl ScheduleConfig {
    /// Tasks run by [`run_chunk_sweep`] in all (its progress total).
    pub fn sweep_work(&self) -> u64 {
        let points = sweep_chunks(self.tasks, self.threads.get()).len();
        self.tasks as u64 * (1 + (points * self.repeats.get()) as u64)
    }
}

/// `dynamic` at every chunk of [`sweep_chunks`], `repeats` timed runs each, after one
/// untimed sequential run that gives the reference. Call from a pool thread.
pub fn run_chunk_sweep(
    config: &ScheduleConfig,
    control: &RunControl,
    clock: &dyn Clock,
    live: &LiveOwners,
) -> Result<ChunkSweep, Cancelled> {
    let tasks = Tasks::new(config.work, config.tasks, config.seed);
    let reference = run_once(Variant::Sequential, &tasks, config, control, clock, live)?;
    let mut points = Vec::new();
    for chunk in sweep_chunks(config.tasks, config.threads.get()) {
        let config = ScheduleConfig { chunk: std::num::NonZeroUsize::new(chunk).unwrap_or(config.chunk), ..*config };
        let (timing, _) = time_variant(Variant::Dynamic, &tasks, &config, &reference, control, clock, live)?;
        points.push(SweepPoint { chunk, timing });
    }
    let best_chunk = points
        .iter()
        .min_by(|a, b| a.timing.summary.median_ms.total_cmp(&b.timing.summary.median_ms))
        .map_or(1, |p| p.chunk);
    Ok(ChunkSweep { points, best_chunk })
}

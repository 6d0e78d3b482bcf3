//! The barrier demo: a 1-D heat (Jacobi) stencil, `steps` sweeps over `n` cells, each sweep
//! reading the last one. Threads must finish a sweep before anyone starts the next: they meet at
//! a barrier (threads that live across all steps), or are started and joined every step
//! (`spawn-per-step`: starting threads every step, parallel within a step; not the mistake of
//! `start(); join()` in one turn of a loop, which runs the threads one at a time).
//!
//! Every variant runs the same update on the same cells ([`sweep_cells`]), and each cell's new
//! value depends only on its neighbours' old ones, so every split of the cells gives the same
//! bits as one thread: the checker compares them bit for bit.

mod experiment;
mod params;
mod step_barrier;

use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

pub use experiment::{BarrierConfig, BarrierReport, BarrierRow, RECORDED_STEPS, ThreadWaits, run_barrier, sweep_rod};
pub use params::{BarrierParams, DEFAULT_N, DEFAULT_STEPS, MIN_N};
pub use step_barrier::StepBarrier;

/// Cells the page allows (two buffers of 8 bytes each).
pub const MAX_N: usize = 4_000_000;
/// Sweeps the page allows.
pub const MAX_STEPS: usize = 10_000;
/// Bytes a cell costs: two buffers of f64.
pub const BYTES_PER_CELL: usize = 16;
/// How far heat spreads per sweep (stable for a 1-D explicit scheme when ≤ 0.5).
pub const ALPHA: f64 = 0.25;

/// The three ways of running the sweeps, in table order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    Sequential,
    /// k threads live across all steps and meet at a barrier after each sweep.
    Barrier,
    /// k tasks started and joined for every sweep.
    SpawnPerStep,
}

impl Variant {
    pub const ALL: [Variant; 3] = [Variant::Sequential, Variant::Barrier, Variant::SpawnPerStep];

    pub fn name(self) -> &'static str {
        match self {
            Variant::Sequential => "sequential",
            Variant::Barrier => "barrier",
            Variant::SpawnPerStep => "spawn-per-step",
        }
    }
}

/// The rod at the start: a hot middle half (100°) between cold quarters (0°); both ends stay
/// at 0°.
pub fn initial_cells(n: usize) -> Vec<AtomicU64> {
    (0..n).map(|i| AtomicU64::new(if (n / 4..n - n / 4).contains(&i) { 100f64 } else { 0f64 }.to_bits())).collect()
}

/// One sweep over `range`: each cell moves toward its neighbours' mean, the two ends stay put.
/// Reads only `current` and writes only `range` of `next`, so threads with disjoint ranges
/// never touch the same cell in a sweep. (Relaxed atomics: plain loads and stores on every
/// target; the barrier or the join orders the sweeps.)
pub fn sweep_cells(current: &[AtomicU64], next: &[AtomicU64], range: Range<usize>) {
    let n = current.len();
    let load = |i: usize| f64::from_bits(current[i].load(Ordering::Relaxed));
    for i in range {
        let value = if i == 0 || i + 1 == n {
            load(i)
        } else {
            let here = load(i);
            here + ALPHA * (load(i - 1) - 2.0 * here + load(i + 1))
        };
        next[i].store(value.to_bits(), Ordering::Relaxed);
    }
}

/// Thread `t`'s share of `n` cells when `k` threads split them into contiguous ranges.
pub fn share(n: usize, k: usize, t: usize) -> Range<usize> {
    let k = k.max(1);
    n * t / k..n * (t + 1) / k
}

/// The cells as values (for checks and tests).
pub fn values(cells: &[AtomicU64]) -> Vec<f64> {
    cells.iter().map(|c| f64::from_bits(c.load(Ordering::Relaxed))).collect()
}

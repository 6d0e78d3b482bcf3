//! Timing the three variants on the same rod: a warm-up, then `repeats` timed runs each, every
//! parallel result compared bit for bit with the sequential one.

use std::num::NonZeroUsize;
use std::sync::atomic::AtomicU64;
use std::sync::{Mutex, PoisonError};

use super::{StepBarrier, Variant, initial_cells, share, sweep_cells, values};
use crate::clock::Clock;
use crate::control::{Cancelled, RunControl};
use crate::map::Span;
use crate::stats::{Timings, VariantTiming};
use crate::threads::on_k_loops;

/// Sweeps of the untimed warm-up before each variant's timed runs.
const WARM_UP_STEPS: usize = 5;
/// Barrier waits kept for the timeline: the first sweeps of the last barrier run.
pub const RECORDED_STEPS: usize = 40;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BarrierConfig {
    pub n: usize,
    pub steps: usize,
    pub threads: NonZeroUsize,
    pub repeats: NonZeroUsize,
}

impl BarrierConfig {
    /// Cell updates done by [`run_barrier`] in all (its progress total).
    pub fn total_work(&self) -> u64 {
        let per_variant = (self.steps.min(WARM_UP_STEPS) + self.steps * self.repeats.get()) as u64 * self.n as u64;
        per_variant * Variant::ALL.len() as u64
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct BarrierRow {
    pub variant: Variant,
    pub timing: VariantTiming,
}

/// One thread of the last barrier run: its sweeps and its waits at the barrier (the first
/// [`RECORDED_STEPS`] of each, ms from the run's start) and its total time waiting.
#[derive(Debug, Clone, PartialEq)]
pub struct ThreadWaits {
    pub thread: usize,
    pub sweeps: Vec<Span>,
    pub waits: Vec<Span>,
    pub total_wait_ms: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BarrierReport {
    pub config: BarrierConfig,
    pub rows: Vec<BarrierRow>,
    /// Per thread, from the last timed barrier run.
    pub waits: Vec<ThreadWaits>,
    /// The rod after the last sweep (sequential), every `n / 200`-th cell, for the chart.
    pub profile: Vec<f64>,
}

/// Every variant in [`Variant::ALL`] order. Call from a pool thread.
pub fn run_barrier(
    config: &BarrierConfig,
    control: &RunControl,
    clock: &dyn Clock,
) -> Result<BarrierReport, Cancelled> {
    let (n, k) = (config.n, config.threads.get());
    let mut reference: Option<Vec<f64>> = None;
    let mut rows = Vec::with_capacity(Variant::ALL.len());
    let mut waits = Vec::new();
    for variant in Variant::ALL {
        let threads = if variant == Variant::Sequential { 1 } else { k };
        run_variant(variant, n, config.steps.min(WARM_UP_STEPS), threads, control, clock, false)?;
        let mut timings = Timings::default();
        for _ in 0..config.repeats.get() {
            let began = clock.now_ms();
            let run = run_variant(variant, n, config.steps, threads, control, clock, variant == Variant::Barrier)?;
            timings.push(clock.now_ms() - began);
            let result = values(&run.cells);
            match &reference {
                None => reference = Some(result),
                Some(expected) => {
                    timings.correct &= expected.iter().zip(&result).all(|(a, b)| a.to_bits() == b.to_bits())
                }
            }
            if variant == Variant::Barrier {
                waits = run.waits;
            }
        }
        rows.push(BarrierRow { variant, timing: timings.finish(threads) });
    }
    let reference = reference.unwrap_or_default();
    let stride = (n / 200).max(1);
    let profile = reference.iter().step_by(stride).copied().collect();
    Ok(BarrierReport { config: *config, rows, waits, profile })
}

/// The rod after `steps` sweeps of `variant` on `threads` threads (untimed, nothing recorded).
/// Call from a pool thread with at least `threads` threads.
pub fn sweep_rod(
    variant: Variant,
    n: usize,
    steps: usize,
    threads: usize,
    control: &RunControl,
    clock: &dyn Clock,
) -> Result<Vec<f64>, Cancelled> {
    Ok(values(&run_variant(variant, n, steps, threads, control, clock, false)?.cells))
}

struct VariantRun {
    /// The rod after the last sweep.
    cells: Vec<AtomicU64>,
    waits: Vec<ThreadWaits>,
}

fn run_variant(
    variant: Variant,
    n: usize,
    steps: usize,
    k: usize,
    control: &RunControl,
    clock: &dyn Clock,
    record: bool,
) -> Result<VariantRun, Cancelled> {
    let a = initial_cells(n);
    let b: Vec<AtomicU64> = (0..n).map(|_| AtomicU64::new(0)).collect();
    let buffers = |step: usize| if step.is_multiple_of(2) { (&a, &b) } else { (&b, &a) };
    let mut waits = Vec::new();
    match variant {
        Variant::Sequential => {
            for step in 0..steps {
                control.check()?;
                let (current, next) = buffers(step);
                sweep_cells(current, next, 0..n);
                control.advance(n as u64);
            }
        }
        Variant::SpawnPerStep => {
            for step in 0..steps {
                control.check()?;
                let (current, next) = buffers(step);
                on_k_loops(k, |t| sweep_cells(current, next, share(n, k, t)));
                control.advance(n as u64);
            }
        }
        Variant::Barrier => {
            let barrier = StepBarrier::new(k);
            let origin = clock.now_ms();
            // One slot per loop, so the threads come back in loop order without a sort.
            let recorded: Mutex<Vec<Option<ThreadWaits>>> = Mutex::new(vec![None; k]);
            on_k_loops(k, |t| {
                let thread = rayon::current_thread_index().unwrap_or(t);
                let range = share(n, k, t);
                let mut mine = ThreadWaits { thread, sweeps: Vec::new(), waits: Vec::new(), total_wait_ms: 0.0 };
                for step in 0..steps {
                    let (current, next) = buffers(step);
                    let began = clock.now_ms() - origin;
                    sweep_cells(current, next, range.clone());
                    control.advance(range.len() as u64);
                    let arrived = clock.now_ms() - origin;
                    let stop = barrier.wait(control.is_cancelled());
                    let left = clock.now_ms() - origin;
                    mine.total_wait_ms += left - arrived;
                    if record && step < RECORDED_STEPS {
                        mine.sweeps.push(Span { thread, began_ms: began, ended_ms: arrived });
                        mine.waits.push(Span { thread, began_ms: arrived, ended_ms: left });
                    }
                    if stop {
                        break;
                    }
                }
                recorded.lock().unwrap_or_else(PoisonError::into_inner)[t] = Some(mine);
            });
            control.check()?;
            waits = recorded.into_inner().unwrap_or_else(PoisonError::into_inner).into_iter().flatten().collect();
        }
    }
    let cells = if steps.is_multiple_of(2) { a } else { b };
    Ok(VariantRun { cells, waits })
}

//! The map's sweeps: speedup against k (`sweep=k`) and the crossover in n (`sweep=n`), each
//! point a run of the experiment, checked as a run is.

use std::num::NonZeroUsize;

use super::experiment::{run_sequential, time_parallel};
use super::*;
use crate::clock::Clock;
use crate::control::RunControl;
use crate::scaling::{SizePoint, SizeSweep, calls_per_sample, per_call, sweep_sizes};
use crate::stats::VariantTiming;

/// The speedup-vs-threads sweep: one sequential baseline, then the parallel map for each `k`.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepReport {
    pub sequential: VariantTiming,
    pub points: Vec<VariantTiming>,
}

/// Progress units of [`run_sweep`] for these thread counts.
pub fn sweep_work(config: &MapConfig, thread_counts: &[NonZeroUsize]) -> u64 {
    let per_run = config.n.min(WARMUP_ELEMENTS) as u64 + config.repeats.get() as u64 * config.n as u64;
    (1 + thread_counts.len() as u64) * per_run
}

pub fn run_sweep(
    config: &MapConfig,
    f: &dyn ElementFn,
    thread_counts: &[NonZeroUsize],
    control: &RunControl,
    clock: &dyn Clock,
) -> Result<SweepReport, MapStop> {
    prepare_every_thread(f);
    let (sequential, mut buffers) = run_sequential(config, f, control, clock)?;
    let mut points = Vec::with_capacity(thread_counts.len());
    for &threads in thread_counts {
        points.push(time_parallel(config, f, threads, &mut buffers, control, clock)?.timing);
    }
    Ok(SweepReport { sequential, points })
}

/// Progress units of [`run_size_sweep`]: both versions at every size.
pub fn size_sweep_work(config: &MapConfig) -> u64 {
    let per_run =
        |n: usize| n.min(WARMUP_ELEMENTS) as u64 + (config.repeats.get() * calls_per_sample(n)) as u64 * n as u64;
    sweep_sizes(config.n).into_iter().map(|n| 2 * per_run(n)).sum()
}

/// The crossover sweep (`sweep=n`): the sequential and the parallel map at `config.threads`
/// for each size of [`sweep_sizes`], each call checked as a run's is; small sizes are called
/// several times per sample ([`calls_per_sample`]).
pub fn run_size_sweep(
    config: &MapConfig,
    f: &dyn ElementFn,
    control: &RunControl,
    clock: &dyn Clock,
) -> Result<SizeSweep, MapStop> {
    prepare_every_thread(f);
    let mut points = Vec::new();
    for n in sweep_sizes(config.n) {
        let calls = calls_per_sample(n);
        let repeats = NonZeroUsize::new(config.repeats.get() * calls).unwrap_or(config.repeats);
        let config = MapConfig { n, repeats, ..*config };
        let (sequential, mut buffers) = run_sequential(&config, f, control, clock)?;
        let parallel = time_parallel(&config, f, config.threads, &mut buffers, control, clock)?.timing;
        points.push(SizePoint { n, sequential: per_call(sequential, calls), parallel: per_call(parallel, calls) });
    }
    Ok(SizeSweep { threads: config.threads, parallel_name: "parallel", points })
}

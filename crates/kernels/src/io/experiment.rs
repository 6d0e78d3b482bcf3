//! One click of Run: the hash loop calibrated on this thread, then `repeats` timed runs of
//! every variant on the same tasks, each run's results compared with the expected ones, the
//! last run's lanes and loop ticks kept.

use std::future::Future;
use std::num::NonZeroUsize;

use super::event_loop::{Mode, run_loop, run_loop_yielding};
use super::threaded::{blocking_threads, python_threads};
use super::{IoParams, LaneSpan, Tick, Variant, Work, calibrate, verdict_of};
use crate::clock::Clock;
use crate::control::{Cancelled, RunControl};
use crate::stats::{Timings, VariantTiming};

/// Lanes kept per variant for the page: a loop's coroutines past these are left out.
pub const MAX_LANES: usize = 32;
/// Spans kept per variant, the earliest: long computations under the GIL hand it over every
/// 5 ms, and each hand-over is two spans more for the page to draw.
pub const MAX_SPANS: usize = 4_000;

/// Everything one click of Run asks for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IoConfig {
    pub tasks: usize,
    /// CPU time per task, µs: half before its wait, half after.
    pub compute_us: f64,
    pub wait_ms: f64,
    /// k: the threads of `threads` and the pool threads of `loop+pool`.
    pub threads: NonZeroUsize,
    pub repeats: NonZeroUsize,
}

impl From<&IoParams> for IoConfig {
    fn from(p: &IoParams) -> Self {
        Self {
            tasks: p.tasks,
            compute_us: f64::from(p.compute_us),
            wait_ms: f64::from(p.wait_ms),
            threads: p.threads,
            repeats: p.repeats,
        }
    }
}

impl IoConfig {
    /// Tasks run by [`run_io`] in all (its progress total).
    pub fn total_work(&self) -> u64 {
        (self.tasks * Variant::ALL.len() * self.repeats.get()) as u64
    }

    /// The threads `variant` runs on, on a pool of `pool` threads: Python threads one per task
    /// (as many as the pool has), the loop one, `loop+pool` the loop and up to k pool threads.
    pub fn threads_of(&self, variant: Variant, pool: usize) -> usize {
        let k = self.threads.get();
        match variant {
            Variant::Sequential | Variant::EventLoop | Variant::EventLoopBlocking => 1,
            Variant::Threads => k,
            Variant::PythonThreads => self.tasks.min(pool).max(1),
            Variant::LoopPool => k.min(pool.saturating_sub(1)).max(1) + 1,
        }
    }
}

/// One run of one variant.
pub(crate) struct Run {
    pub wall_ms: f64,
    pub results: Vec<u64>,
    /// Time the run's threads spent blocked in a sleep or a timed wait, summed over threads.
    pub slept_ms: f64,
    pub spans: Vec<LaneSpan>,
    pub threads: usize,
    pub ticks: Vec<Tick>,
}

/// The last timed run of one variant, lane by lane.
#[derive(Debug, Clone, PartialEq)]
pub struct Lanes {
    pub variant: Variant,
    /// Lanes in the run: threads, or a loop's coroutines.
    pub lanes: usize,
    pub wall_ms: f64,
    /// The spans of the first [`MAX_LANES`] lanes, the earliest [`MAX_SPANS`] of them.
    pub spans: Vec<LaneSpan>,
    /// The spans of those lanes before any were left out.
    pub spans_total: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IoRow {
    pub variant: Variant,
    pub timing: VariantTiming,
    /// Share of its threads' time spent waiting (asleep or in a timed wait), 0 … 1, last run.
    pub wait_share: f64,
    /// The ticker's lateness over the last run, for loop variants.
    pub ticks: Vec<Tick>,
    pub max_lag_ms: Option<f64>,
    /// Every task's result equalled the expected one in every repeat.
    pub correct: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IoReport {
    pub config: IoConfig,
    /// The hash loop's speed on this machine, iterations per µs.
    pub iterations_per_us: f64,
    /// One per variant, in [`Variant::ALL`] order.
    pub rows: Vec<IoRow>,
    pub lanes: Vec<Lanes>,
    pub verdict: String,
}

/// Every variant in [`Variant::ALL`] order. Call from a pool thread.
pub fn run_io(config: &IoConfig, control: &RunControl, clock: &dyn Clock) -> Result<IoReport, Cancelled> {
    let rate = calibrate(clock, control)?;
    let mut rows = Vec::with_capacity(Variant::ALL.len());
    let mut lanes = Vec::with_capacity(Variant::ALL.len());
    for variant in Variant::ALL {
        let (row, last) = time_variant(variant, config, rate, control, clock)?;
        rows.push(row);
        lanes.push(last);
    }
    let mut report = IoReport { config: *config, iterations_per_us: rate, rows, lanes, verdict: String::new() };
    report.verdict = verdict_of(&report);
    Ok(report)
}

/// `repeats` timed runs of `variant`, each checked; its row and the last run's lanes.
pub(super) fn time_variant(
    variant: Variant,
    config: &IoConfig,
    rate: f64,
    control: &RunControl,
    clock: &dyn Clock,
) -> Result<(IoRow, Lanes), Cancelled> {
    let mut work = work_of(config, rate, control, clock);
    let expected = work.expected();
    let mut timings = Timings::default();
    let mut last = None;
    for _ in 0..config.repeats.get() {
        work.origin = clock.now_ms();
        let run = run_once(variant, &work, config)?;
        timings.push(run.wall_ms);
        timings.correct &= run.results == expected;
        last = Some(run);
    }
    Ok(summarise(variant, config, timings, last))
}

/// The tasks of `config` at `rate` hash iterations per µs.
fn work_of<'a>(config: &IoConfig, rate: f64, control: &'a RunControl, clock: &'a dyn Clock) -> Work<'a> {
    let total = (config.compute_us * rate).round() as u64;
    let first = total / 2;
    Work { tasks: config.tasks, first, second: total - first, wait_ms: config.wait_ms, control, clock, origin: 0.0 }
}

/// What a page without threads can run: the `event-loop` variant alone, on the page's own
/// thread, its waits handed back to the page's event loop through `sleep` (ms). Every other
/// variant blocks a thread while it waits, which the page's thread may not do. The report has
/// the one row; the verdict says why it is alone.
pub async fn run_io_without_threads<F: Future<Output = ()>>(
    config: &IoConfig,
    control: &RunControl,
    clock: &dyn Clock,
    sleep: impl Fn(f64) -> F,
) -> Result<IoReport, Cancelled> {
    let rate = calibrate(clock, control)?;
    let mut work = work_of(config, rate, control, clock);
    let expected = work.expected();
    let mut timings = Timings::default();
    let mut last = None;
    for _ in 0..config.repeats.get() {
        sleep(0.0).await;
        work.origin = clock.now_ms();
        let run = run_loop_yielding(&work, &sleep).await?;
        timings.push(run.wall_ms);
        timings.correct &= run.results == expected;
        last = Some(run);
    }
    let (row, lanes) = summarise(Variant::EventLoop, config, timings, last);
    let mut report = IoReport {
        config: *config,
        iterations_per_us: rate,
        rows: vec![row],
        lanes: vec![lanes],
        verdict: String::new(),
    };
    report.verdict = verdict_of(&report);
    Ok(report)
}

/// `variant`'s row from its timings, and the lanes of its last run.
fn summarise(variant: Variant, config: &IoConfig, timings: Timings, last: Option<Run>) -> (IoRow, Lanes) {
    let run = last.unwrap_or(Run {
        wall_ms: 0.0,
        results: Vec::new(),
        slept_ms: 0.0,
        spans: Vec::new(),
        threads: 1,
        ticks: Vec::new(),
    });
    let lane_count = if variant.has_loop() { config.tasks } else { run.threads };
    let mut spans: Vec<LaneSpan> = run.spans.into_iter().filter(|s| s.lane < MAX_LANES).collect();
    crate::ordering::sort_by_u64_key(&mut spans, |s| crate::ordering::f64_key(s.began_ms));
    let spans_total = spans.len();
    spans.truncate(MAX_SPANS);
    let capacity = (run.threads as f64 * run.wall_ms).max(f64::MIN_POSITIVE);
    let row = IoRow {
        variant,
        wait_share: (run.slept_ms / capacity).clamp(0.0, 1.0),
        max_lag_ms: variant.has_loop().then(|| run.ticks.iter().map(|t| t.lag_ms).fold(0.0, f64::max)),
        ticks: run.ticks,
        correct: timings.correct,
        timing: timings.finish(run.threads),
    };
    (row, Lanes { variant, lanes: lane_count, wall_ms: run.wall_ms, spans, spans_total })
}

fn run_once(variant: Variant, work: &Work, config: &IoConfig) -> Result<Run, Cancelled> {
    let threads = config.threads_of(variant, rayon::current_num_threads());
    match variant {
        Variant::Sequential | Variant::Threads => blocking_threads(work, threads),
        Variant::PythonThreads => python_threads(work, threads),
        Variant::EventLoop => run_loop(work, Mode::Awaiting),
        Variant::EventLoopBlocking => run_loop(work, Mode::Blocking),
        Variant::LoopPool => run_loop(work, Mode::Pool { workers: threads - 1 }),
    }
}

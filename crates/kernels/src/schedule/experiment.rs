//! One click of Run: an untimed sequential warm-up (whose results are the reference), then
//! `repeats` timed runs of every variant on the same tasks, each run's task records kept for the
//! timeline and the metrics, each run's results compared with the reference.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicU8, AtomicU16, AtomicU64, Ordering};

use super::metrics::{busy_per_thread, idle_percent, imbalance, lower_bound_ms, moved, number_by_first_task};
use super::{LiveOwners, Picture, ScheduleParams, Tasks, Variant, Work, schedule, verdict_of, workload};
use crate::clock::Clock;
use crate::control::{Cancelled, RunControl};
use crate::stats::{Timings, VariantTiming};

/// Everything one click of Run asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScheduleConfig {
    pub work: Work,
    /// Tasks to schedule (Mandelbrot: the image's rows).
    pub tasks: usize,
    pub threads: NonZeroUsize,
    /// Dynamic's chunk, guided's smallest chunk.
    pub chunk: NonZeroUsize,
    pub seed: u64,
    pub repeats: NonZeroUsize,
}

impl From<&ScheduleParams> for ScheduleConfig {
    fn from(p: &ScheduleParams) -> Self {
        Self { work: p.work, tasks: p.tasks, threads: p.threads, chunk: p.chunk, seed: p.seed, repeats: p.repeats }
    }
}

impl ScheduleConfig {
    /// Tasks run by [`run_schedule`] in all (its progress total): the warm-up, then every
    /// variant's repeats.
    pub fn total_work(&self) -> u64 {
        self.tasks as u64 * (1 + (Variant::ALL.len() * self.repeats.get()) as u64)
    }
}

/// One task of one run: which thread ran it and when (ms from the run's start).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TaskRecord {
    pub task: usize,
    /// 0 … k − 1. Run-time schedulers' threads are numbered by the first task each ran.
    pub thread: usize,
    pub began_ms: f64,
    pub ended_ms: f64,
}

/// The last timed run of one variant, every task in task order, for the per-thread timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    pub variant: Variant,
    pub threads: usize,
    pub wall_ms: f64,
    pub tasks: Vec<TaskRecord>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleRow {
    pub variant: Variant,
    pub timing: VariantTiming,
    /// Busiest thread's time in tasks over the mean (last run): 1.0 is perfect balance.
    pub imbalance: f64,
    /// Share of the threads' time outside tasks, in percent (last run).
    pub idle_pct: f64,
    /// No schedule on this row's threads can be faster: `max(total ÷ k, largest task)` from the
    /// sequential run's task times.
    pub bound_ms: f64,
    /// The median time over the bound: 1.0 is as good as any schedule can be.
    pub bound_ratio: f64,
    /// Run-time schedulers only: tasks that ran on another thread than `block` gives them.
    pub moved: Option<usize>,
    /// Every task ran exactly once and every result (and pixel) equals the sequential one,
    /// in every repeat.
    pub correct: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleReport {
    pub config: ScheduleConfig,
    /// One per variant, in [`Variant::ALL`] order.
    pub rows: Vec<ScheduleRow>,
    /// One per variant, in the same order.
    pub timelines: Vec<Timeline>,
    /// The image, for `mandelbrot`.
    pub picture: Option<Picture>,
    /// Each task's time in the last sequential run, ms.
    pub task_ms: Vec<f64>,
    pub verdict: String,
}

/// Every variant in [`Variant::ALL`] order, `live` marked as each task finishes. Call from a
/// pool thread.
pub fn run_schedule(
    config: &ScheduleConfig,
    control: &RunControl,
    clock: &dyn Clock,
    live: &LiveOwners,
) -> Result<ScheduleReport, Cancelled> {
    let tasks = Tasks::new(config.work, config.tasks, config.seed);
    let reference = run_once(Variant::Sequential, &tasks, config, control, clock, live)?;
    let mut rows = Vec::with_capacity(Variant::ALL.len());
    let mut timelines = Vec::with_capacity(Variant::ALL.len());
    let mut task_ms = Vec::new();
    for variant in Variant::ALL {
        let (timing, last) = time_variant(variant, &tasks, config, &reference, control, clock, live)?;
        if variant == Variant::Sequential {
            task_ms = last.tasks.iter().map(|r| r.ended_ms - r.began_ms).collect();
        }
        let bound_ms = lower_bound_ms(&task_ms, last.threads);
        let busy = busy_per_thread(&last.tasks, last.threads);
        rows.push(ScheduleRow {
            variant,
            imbalance: imbalance(&busy),
            idle_pct: idle_percent(&busy, last.wall_ms),
            bound_ms,
            bound_ratio: if bound_ms > 0.0 { timing.summary.median_ms / bound_ms } else { 0.0 },
            moved: variant.is_dynamic().then(|| moved(&last.tasks, config.tasks, last.threads)),
            correct: timing.correct,
            timing,
        });
        timelines.push(last);
    }
    let picture = (config.work == Work::Mandelbrot).then(|| Picture {
        width: workload::width(config.tasks),
        height: config.tasks,
        iterations: reference.image,
    });
    let mut report = ScheduleReport { config: *config, rows, timelines, picture, task_ms, verdict: String::new() };
    report.verdict = verdict_of(&report);
    Ok(report)
}

/// `repeats` timed runs of `variant`, each checked against `reference`; the timing and the last
/// run's timeline.
pub(super) fn time_variant(
    variant: Variant,
    tasks: &Tasks,
    config: &ScheduleConfig,
    reference: &Run,
    control: &RunControl,
    clock: &dyn Clock,
    live: &LiveOwners,
) -> Result<(VariantTiming, Timeline), Cancelled> {
    let mut timings = Timings::default();
    let mut last = None;
    for _ in 0..config.repeats.get() {
        let run = run_once(variant, tasks, config, control, clock, live)?;
        timings.push(run.wall_ms);
        timings.correct &= run.once && run.results == reference.results && run.image == reference.image;
        last = Some(run);
    }
    let threads = threads_of(variant, config);
    let timeline = match last {
        Some(run) => Timeline { variant, threads, wall_ms: run.wall_ms, tasks: run.records },
        None => Timeline { variant, threads, wall_ms: 0.0, tasks: Vec::new() },
    };
    Ok((timings.finish(threads), timeline))
}

fn threads_of(variant: Variant, config: &ScheduleConfig) -> usize {
    if variant == Variant::Sequential { 1 } else { config.threads.get() }
}

/// One run's outcome.
pub(super) struct Run {
    pub(super) wall_ms: f64,
    pub(super) records: Vec<TaskRecord>,
    pub(super) results: Vec<u64>,
    pub(super) image: Vec<u16>,
    /// Every task ran exactly once.
    pub(super) once: bool,
}

/// A record slot not yet written.
const UNWRITTEN: u64 = u64::MAX;

/// One run of `variant` over `tasks`: its buffers are made before the clock starts, the results
/// and pixels filled with a value no task writes, so a task that never ran cannot pass the
/// check.
pub(super) fn run_once(
    variant: Variant,
    tasks: &Tasks,
    config: &ScheduleConfig,
    control: &RunControl,
    clock: &dyn Clock,
    live: &LiveOwners,
) -> Result<Run, Cancelled> {
    let (n, k) = (tasks.len(), threads_of(variant, config));
    let image: Vec<AtomicU16> = (0..tasks.pixels()).map(|_| AtomicU16::new(u16::MAX)).collect();
    let results: Vec<AtomicU64> = (0..n).map(|_| AtomicU64::new(UNWRITTEN)).collect();
    let runs: Vec<AtomicU8> = (0..n).map(|_| AtomicU8::new(0)).collect();
    let slots: Vec<[AtomicU64; 3]> = (0..n).map(|_| [0, 1, 2].map(|_| AtomicU64::new(UNWRITTEN))).collect();
    live.clear();
    let origin = clock.now_ms();
    schedule(variant, n, k, config.chunk.get(), control, &|thread, i| {
        let began = clock.now_ms() - origin;
        results[i].store(tasks.run(i, &image), Ordering::Relaxed);
        let ended = clock.now_ms() - origin;
        runs[i].fetch_add(1, Ordering::Relaxed);
        let [who, from, to] = &slots[i];
        who.store(thread as u64, Ordering::Relaxed);
        from.store(began.to_bits(), Ordering::Relaxed);
        to.store(ended.to_bits(), Ordering::Relaxed);
        live.mark(i, thread);
    })?;
    let wall_ms = clock.now_ms() - origin;
    let load = |a: &AtomicU64| a.load(Ordering::Relaxed);
    let mut records: Vec<TaskRecord> = slots
        .iter()
        .enumerate()
        .filter(|(_, [who, ..])| load(who) != UNWRITTEN)
        .map(|(task, [who, from, to])| TaskRecord {
            task,
            thread: load(who) as usize,
            began_ms: f64::from_bits(load(from)),
            ended_ms: f64::from_bits(load(to)),
        })
        .collect();
    if variant.is_dynamic() {
        number_by_first_task(&mut records, k);
    }
    let once = runs.iter().all(|r| r.load(Ordering::Relaxed) == 1);
    Ok(Run {
        wall_ms,
        records,
        results: results.into_iter().map(AtomicU64::into_inner).collect(),
        image: image.into_iter().map(AtomicU16::into_inner).collect(),
        once,
    })
}

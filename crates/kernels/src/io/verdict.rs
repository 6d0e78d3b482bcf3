//! The io demo's verdict: waiting overlaps (on one thread's loop, and under a GIL), computing
//! does not. Pure, so every sentence is tested natively on synthetic reports.

use super::{IoReport, Variant};
use crate::verdict::{count, duration, pace};

/// Everything the verdict reads, built from a report by [`Evidence::of`] or written out in tests.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub tasks: usize,
    /// Each task's computing and waiting, ms.
    pub compute_ms: f64,
    pub wait_ms: f64,
    /// Threads of `threads` and of `python-threads`.
    pub threads: usize,
    pub python_threads: usize,
    /// (variant, median ms, correct, the loop's largest lag in ms).
    pub rows: Vec<(Variant, f64, bool, Option<f64>)>,
}

impl Evidence {
    pub fn of(report: &IoReport) -> Self {
        let threads_of = |variant| report.rows.iter().find(|r| r.variant == variant).map_or(1, |r| r.timing.threads);
        Self {
            tasks: report.config.tasks,
            compute_ms: report.config.compute_us / 1e3,
            wait_ms: report.config.wait_ms,
            threads: threads_of(Variant::Threads),
            python_threads: threads_of(Variant::PythonThreads),
            rows: report
                .rows
                .iter()
                .map(|r| (r.variant, r.timing.summary.median_ms, r.correct, r.max_lag_ms))
                .collect(),
        }
    }
}

/// The verdict on a whole report; see [`verdict`].
pub fn verdict_of(report: &IoReport) -> String {
    verdict(&Evidence::of(report))
}

/// One or two sentences: which variants overlapped the waits, which could not overlap the
/// computing, and what the blocking call did to the loop.
pub fn verdict(e: &Evidence) -> String {
    if let Some((bad, ..)) = e.rows.iter().find(|r| !r.2) {
        return format!("{}'s results differ from the expected ones: this is a bug, please report it.", bad.name());
    }
    let row = |variant: Variant| e.rows.iter().find(|r| r.0 == variant);
    let sequential = row(Variant::Sequential).map_or(0.0, |r| r.1);
    if e.compute_ms <= 0.0 && e.wait_ms <= 0.0 {
        return "The tasks neither compute nor wait: give them some compute or wait time.".into();
    }
    let speed = |variant: Variant| match row(variant) {
        Some(r) if r.1 > 0.0 && sequential > 0.0 => pace(sequential / r.1),
        _ => "too fast to time".to_owned(),
    };
    let tasks =
        format!("{} each computing {} and waiting {}", count(e.tasks, "task"), amount(e.compute_ms), amount(e.wait_ms));
    let python = count(e.python_threads, "Python thread");
    if let [(Variant::EventLoop, median_ms, ..)] = e.rows.as_slice() {
        // The tasks one after another would take every computing and every wait in turn.
        let one_by_one = e.tasks as f64 * (e.compute_ms + e.wait_ms);
        return format!(
            "Without threads only the event loop runs, on the page's own thread: with {tasks}, it took {} where the tasks one after another would take {}, because it ran the others while one waited. Every other variant blocks a thread while it waits, which the page's thread may not do.",
            duration(*median_ms),
            duration(one_by_one),
        );
    }
    if e.wait_ms > e.compute_ms {
        let lag = row(Variant::EventLoopBlocking)
            .and_then(|r| r.3)
            .map_or(String::new(), |lag| format!("; its ticker ran up to {} late", duration(lag)));
        let blocking = if e.threads == 1 {
            "1 thread that blocks through its waits".to_owned()
        } else {
            format!("{} that block through their waits", count(e.threads, "thread"))
        };
        return format!(
            "Waiting overlaps: with {tasks}, the event loop on 1 thread ran {} and {python} under one GIL {}, while {blocking} ran {}. One blocking sleep inside the loop serialised everything ({}{lag}).",
            speed(Variant::EventLoop),
            speed(Variant::PythonThreads),
            speed(Variant::Threads),
            speed(Variant::EventLoopBlocking),
        );
    }
    format!(
        "Computing does not overlap: with {tasks}, the event loop ran {} and {python} under one GIL {}, since only one of them computes at a time, while {} ran {}; the loop handing its computing to the pool ran {}.",
        speed(Variant::EventLoop),
        speed(Variant::PythonThreads),
        count(e.threads, "thread"),
        speed(Variant::Threads),
        speed(Variant::LoopPool),
    )
}

/// A task's computing or waiting: “nothing” for none, else its duration.
fn amount(ms: f64) -> String {
    if ms > 0.0 { duration(ms) } else { "nothing".to_owned() }
}

//! The schedule demo's URL parameters.

use std::num::NonZeroUsize;

use super::Work;
use crate::params::{Checker, DEFAULT_SEED, DemoParams, Limits, group};
use crate::verdict::count;

/// The schedule demo's parameters, always within their limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScheduleParams {
    pub work: Work,
    /// Tasks; for `mandelbrot` the image's rows (it is tasks × 2·tasks pixels).
    pub tasks: usize,
    pub threads: NonZeroUsize,
    /// Dynamic's chunk and guided's smallest chunk, in tasks: 1 … `tasks`.
    pub chunk: NonZeroUsize,
    pub seed: u64,
    pub repeats: NonZeroUsize,
}

/// 256 Mandelbrot rows (256 × 512 pixels): about 25 ms a sequential run natively, so the warm-up
/// and three repeats of all six variants take about half a second on 2 cores; tasks of about
/// 0.1 ms each, large enough that handing them out one at a time costs little.
pub const DEFAULT_TASKS: usize = 256;
/// One task per hand-out: dynamic at its most even (and at its most hand-outs).
pub const DEFAULT_CHUNK: usize = 1;
/// Mandelbrot rows the page allows: the work grows with the square of the rows, and 1,024 rows
/// (2 M pixels) already take 16× the default's time, seconds per run.
pub const MAX_ROWS: usize = 1_024;
/// Synthetic tasks the page allows: the total work stays the same, so this many makes each task
/// as small as a hand-out and its two clock readings; each run keeps a record per task.
pub const MAX_TASKS: usize = 100_000;

impl ScheduleParams {
    /// The most tasks `work` allows.
    pub fn max_tasks(work: Work) -> usize {
        if work == Work::Mandelbrot { MAX_ROWS } else { MAX_TASKS }
    }
}

impl DemoParams for ScheduleParams {
    const KEYS: &'static [&'static str] = &["work", "tasks", "threads", "chunk", "seed", "repeats"];
    // The tasks' limit depends on the work, the chunk's on the tasks.
    const LATE_KEYS: &'static [&'static str] = &["tasks", "chunk"];

    fn defaults(limits: &Limits) -> Self {
        Self {
            work: Work::Mandelbrot,
            tasks: DEFAULT_TASKS,
            threads: limits.lesson_threads(),
            chunk: NonZeroUsize::new(DEFAULT_CHUNK).unwrap_or(NonZeroUsize::MIN),
            seed: DEFAULT_SEED,
            repeats: crate::params::default_repeats(),
        }
    }

    fn read(&mut self, key: &'static str, raw: &str, check: &mut Checker, limits: &Limits) {
        match key {
            "work" => self.work = check.choice(key, raw, self.work, &Work::ALL, Work::name),
            "tasks" => {
                let work = self.work;
                self.tasks = check.count(key, raw, self.tasks, 1, Self::max_tasks(work), |n| match work {
                    Work::Mandelbrot => format!(
                        "tasks = {} rows would make a {} × {} image, minutes of work per run",
                        group(n),
                        group(n),
                        group(n.saturating_mul(2))
                    ),
                    _ => format!("tasks = {} would cut the work into tasks smaller than handing one out", group(n)),
                });
                self.tasks = self.tasks.min(Self::max_tasks(work));
            }
            "chunk" => {
                let tasks = self.tasks;
                let chunk = check.count(key, raw, self.chunk.get(), 1, tasks, |c| {
                    format!(
                        "chunk = {} is more than the {}: one chunk would hold them all",
                        group(c),
                        count(tasks, "task")
                    )
                });
                self.chunk = NonZeroUsize::new(chunk.min(tasks)).unwrap_or(NonZeroUsize::MIN);
            }
            "threads" => self.threads = check.threads(key, raw, self.threads, limits),
            "seed" => self.seed = check.seed(key, raw, self.seed),
            "repeats" => self.repeats = check.repeats(key, raw, self.repeats),
            _ => {}
        }
    }

    fn to_query(&self) -> Vec<(&'static str, String)> {
        vec![
            ("work", self.work.name().to_owned()),
            ("tasks", self.tasks.to_string()),
            ("threads", self.threads.to_string()),
            ("chunk", self.chunk.to_string()),
            ("seed", self.seed.to_string()),
            ("repeats", self.repeats.to_string()),
        ]
    }
}

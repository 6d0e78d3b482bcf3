//! The schedule demo, “Who gets which work”: the same tasks handed to k threads by six
//! schedulers, from a fixed split decided before the run (`block`, `cyclic`) to hand-outs at
//! run time (`dynamic`, `guided`) and rayon's work stealing.
//!
//! Each task does real, checkable work (a Mandelbrot row, or a hash loop as long as the task's
//! cost), and each run records which thread ran which task and when, so the page draws one bar
//! per task on a per-thread timeline and the metrics (imbalance, idle time, distance from the
//! lower bound) come from what happened, not from a model.

mod experiment;
mod live;
mod metrics;
mod params;
mod schedulers;
mod sweep;
mod verdict;
mod workload;

pub use experiment::{ScheduleConfig, ScheduleReport, ScheduleRow, TaskRecord, Timeline, run_schedule};
pub use live::LiveOwners;
pub use metrics::{block_owner, busy_per_thread, idle_percent, imbalance, lower_bound_ms, moved};
pub use params::{DEFAULT_CHUNK, DEFAULT_TASKS, MAX_ROWS, MAX_TASKS, ScheduleParams};
pub use schedulers::schedule;
pub use sweep::{ChunkSweep, SweepPoint, run_chunk_sweep, sweep_chunks};
pub use verdict::{Evidence, LOPSIDED, RowEvidence, TINY_CHUNK_MS, verdict, verdict_of};
pub use workload::{MAX_ITERATIONS, Picture, SYNTHETIC_UNITS, Tasks, VIEW, View, Work, mandelbrot_row, spin, width};

/// The six ways of handing out the tasks, in table order. Their names are the page's contract
/// (`data-variant`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Variant {
    /// One thread runs every task in order: the reference for results and task costs.
    Sequential,
    /// Thread t takes the contiguous tasks `[t·n/k, (t+1)·n/k)`, decided before the run.
    Block,
    /// Task i goes to thread `i mod k`, decided before the run.
    Cyclic,
    /// Each thread takes the next `chunk` tasks from one shared counter when it is free.
    Dynamic,
    /// Like dynamic, with chunks of `max(remaining / 2k, chunk)`: large first, small at the end.
    Guided,
    /// rayon's own work stealing: it splits the tasks in halves, and idle threads steal halves.
    Stealing,
}

impl Variant {
    pub const ALL: [Variant; 6] =
        [Variant::Sequential, Variant::Block, Variant::Cyclic, Variant::Dynamic, Variant::Guided, Variant::Stealing];

    pub fn name(self) -> &'static str {
        match self {
            Variant::Sequential => "sequential",
            Variant::Block => "block",
            Variant::Cyclic => "cyclic",
            Variant::Dynamic => "dynamic",
            Variant::Guided => "guided",
            Variant::Stealing => "stealing",
        }
    }

    /// Whether the assignment is made at run time, so a task may run on another thread than
    /// `block` would have given it (the `moved` column).
    pub fn is_dynamic(self) -> bool {
        matches!(self, Variant::Dynamic | Variant::Guided | Variant::Stealing)
    }
}

//! One CPU, many jobs, and starvation: a simulated clock that counts ticks, a table of jobs
//! (name, arrival, burst, priority), and a scheduling policy that decides which ready job runs
//! each tick. Nothing is timed: the clock is simulated, so the schedule is exact and the same on
//! every machine, and the policy is the lesson.
//!
//! The course's seed runs the table `1:0:10:2,2:0:5:0,3:0:8:1` by priority (a larger number is
//! the higher priority) and prints 0–10 job 1, 10–18 job 3, 18–23 job 2; [`simulate`] gives that
//! schedule under [`Policy::Priority`]. A `stream` of jobs of higher priority than every table
//! job, arriving every m ticks, shows starvation: under priority the lowest job never runs, and
//! aging or round-robin rescues it.

mod jobs;
mod params;
mod simulate;
mod verdict;

pub use jobs::{DEFAULT_JOBS, Job, JobName, JobTable};
pub use params::{CpuSchedulingParams, DEFAULT_AGING, DEFAULT_QUANTUM, MAX_AGING, MAX_QUANTUM, MAX_STREAM};
pub use simulate::{JobRow, Schedule, Slice, simulate};
pub use verdict::{LongestWait, Means, Starvation, verdict};

/// The most jobs a table holds (the stream's jobs are not counted): one letter each, A to Z.
pub const MAX_JOBS: usize = 26;
/// The longest job name, in letters and digits.
pub const MAX_NAME_LEN: usize = 8;
/// The latest tick a table job may arrive: before [`HORIZON`], so every table job has been
/// waiting a while when a stream's run stops.
pub const MAX_ARRIVAL: u32 = 100;
pub const MAX_BURST: u32 = 99;
pub const MAX_PRIORITY: u32 = 99;
/// With a stream the jobs never run out, so the simulation stops at this tick; without one it
/// runs until every job has finished (at most [`MAX_ARRIVAL`] + 26 × [`MAX_BURST`] ticks).
pub const HORIZON: u32 = 200;

/// Which ready job the CPU runs next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Policy {
    /// First come, first served: arrival order, ties by table order; a job runs to its end.
    Fcfs,
    /// Shortest job first: the shortest burst among the arrived jobs (ties by arrival, then
    /// table order), run to its end.
    Sjf,
    /// The highest priority among the arrived jobs (ties by arrival, then table order), run to
    /// its end: the seed's policy.
    Priority,
    /// As [`Policy::Priority`], but an arrival of strictly higher priority takes the CPU from
    /// the running job at once.
    PriorityPreemptive,
    /// A queue in arrival order; each job runs at most a quantum, then goes to the back.
    RoundRobin,
    /// Preemptive priority where every `aging` ticks spent waiting raise a job's priority by 1.
    PriorityAging,
}

impl Policy {
    pub const ALL: [Policy; 6] = [
        Policy::Fcfs,
        Policy::Sjf,
        Policy::Priority,
        Policy::PriorityPreemptive,
        Policy::RoundRobin,
        Policy::PriorityAging,
    ];

    /// The URL and form value.
    pub fn name(self) -> &'static str {
        match self {
            Policy::Fcfs => "fcfs",
            Policy::Sjf => "sjf",
            Policy::Priority => "priority",
            Policy::PriorityPreemptive => "priority-preemptive",
            Policy::RoundRobin => "round-robin",
            Policy::PriorityAging => "priority-aging",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Policy::Fcfs => "fcfs — first come, first served",
            Policy::Sjf => "sjf — shortest job first",
            Policy::Priority => "priority — highest priority first, run to the end",
            Policy::PriorityPreemptive => "priority-preemptive — a higher priority takes the CPU at once",
            Policy::RoundRobin => "round-robin — turns of one quantum each",
            Policy::PriorityAging => "priority-aging — waiting raises a job's priority",
        }
    }
}

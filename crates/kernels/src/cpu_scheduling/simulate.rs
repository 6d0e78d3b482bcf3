//! The simulation: a clock of whole ticks, and at each tick the policy picks the job the CPU
//! runs for that tick. One tick at a time keeps every policy the same small step, and the
//! longest run (no stream: at most 2,674 ticks; with one: [`HORIZON`]) is cheap.
//!
//! Conventions, where textbooks differ:
//! - Jobs arriving at the same tick enter the ready queue in table order, the stream's after.
//! - Round-robin: at a tick where a job's quantum runs out, the jobs arriving at that tick join
//!   the queue *before* the preempted job goes to its back. With nobody else waiting, the same
//!   job gets another quantum at once.
//! - Preemptive priority: only a strictly higher priority takes the CPU; among equals the
//!   running job keeps it.
//! - Aging: a job's priority is its own plus 1 for every `aging` ticks it has spent waiting in
//!   all (never reset), so a job that has waited long keeps its raised priority until it ends.

use std::cmp::Reverse;

use super::verdict::{LongestWait, Means, Starvation};
use super::{CpuSchedulingParams, HORIZON, JobName, Policy};

/// A stretch of the Gantt chart: consecutive ticks `start..end` of one job, or of an idle CPU
/// (`job: None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slice {
    pub job: Option<JobName>,
    pub start: u32,
    pub end: u32,
}

/// One job's times, in ticks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JobRow {
    pub name: JobName,
    /// One of the stream's jobs rather than the table's.
    pub stream: bool,
    pub arrival: u32,
    pub burst: u32,
    /// The job's own priority (aging's raises are not included).
    pub priority: u32,
    /// The first tick it ran.
    pub start: Option<u32>,
    /// None: not finished when the simulation stopped at the horizon.
    pub finish: Option<u32>,
    /// Ticks it has run: its burst once it has finished.
    pub ran: u32,
    /// Ticks it spent ready but not running: turnaround − burst once it has finished; until
    /// the horizon when it has not.
    pub waiting: u32,
}

impl JobRow {
    /// Finish − arrival, once it has finished.
    pub fn turnaround(&self) -> Option<u32> {
        self.finish.map(|finish| finish - self.arrival)
    }
}

/// What the CPU did and what each job saw.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pub policy: Policy,
    /// The Gantt chart, in time order, without gaps from tick 0 to [`Schedule::end`].
    pub slices: Vec<Slice>,
    /// The table's jobs in table order, then the stream's in arrival order.
    pub rows: Vec<JobRow>,
    /// Over the table's finished jobs; None when none finished.
    pub means: Option<Means>,
    /// The table's jobs still unfinished at the horizon (left out of the means).
    pub unfinished: usize,
    /// The table job that waited longest, finished or not.
    pub longest_wait: Option<LongestWait>,
    /// A table job that had not run at all when the horizon came.
    pub starvation: Option<Starvation>,
    /// Some([`HORIZON`]) when a stream ran (the simulation stopped there); None when it ran
    /// until every job had finished.
    pub horizon: Option<u32>,
    /// The tick the simulation stopped at.
    pub end: u32,
}

/// Runs the table (and the stream, if any) under the policy, tick by tick.
pub fn simulate(params: &CpuSchedulingParams) -> Schedule {
    let rows = rows(params);
    let horizon = (params.stream > 0).then_some(HORIZON);
    let mut arrivals: Vec<usize> = (0..rows.len()).collect();
    arrivals.sort_by_key(|&i| rows[i].arrival);
    let mut cpu = Cpu { rows, ready: Vec::new(), running: None, used: 0 };
    let mut slices: Vec<Slice> = Vec::new();
    let mut next = 0;
    let mut tick = 0;
    while horizon != Some(tick) && (next < arrivals.len() || cpu.running.is_some() || !cpu.ready.is_empty()) {
        while let Some(&i) = arrivals.get(next).filter(|&&i| cpu.rows[i].arrival == tick) {
            cpu.ready.push(i);
            next += 1;
        }
        cpu.choose(params);
        let job = cpu.run(tick);
        match slices.last_mut() {
            Some(last) if last.job == job => last.end = tick + 1,
            _ => slices.push(Slice { job, start: tick, end: tick + 1 }),
        }
        tick += 1;
    }
    let rows = cpu.rows;
    let table = &rows[..params.jobs.jobs().len()];
    Schedule {
        policy: params.policy,
        slices,
        means: Means::of(table),
        unfinished: table.iter().filter(|row| row.finish.is_none()).count(),
        longest_wait: LongestWait::of(table),
        starvation: Starvation::of(table),
        rows,
        horizon,
        end: tick,
    }
}

/// The table's rows, then the stream's: a job of m = `stream` ticks at ticks m, 2m, … before the
/// horizon, one priority above the table's highest. The table gets the first m ticks to itself.
fn rows(params: &CpuSchedulingParams) -> Vec<JobRow> {
    let row = |name, stream, arrival, burst, priority| JobRow {
        name,
        stream,
        arrival,
        burst,
        priority,
        start: None,
        finish: None,
        ran: 0,
        waiting: 0,
    };
    let table = params.jobs.jobs();
    let mut rows: Vec<JobRow> = table.iter().map(|j| row(j.name, false, j.arrival, j.burst, j.priority)).collect();
    if params.stream > 0 {
        let priority = table.iter().map(|j| j.priority).max().unwrap_or(0) + 1;
        let arrivals = (params.stream..HORIZON).step_by(params.stream as usize);
        rows.extend((1..).zip(arrivals).map(|(n, at)| row(JobName::stream(n), true, at, params.stream, priority)));
    }
    rows
}

/// The CPU and its ready queue. Jobs are indices into `rows`; `ready` is in the order the jobs
/// entered it, which is the queue round-robin serves.
struct Cpu {
    rows: Vec<JobRow>,
    ready: Vec<usize>,
    running: Option<usize>,
    /// Ticks the running job has run since it was last given the CPU.
    used: u32,
}

impl Cpu {
    /// Puts the job the policy wants on the CPU for this tick (if any is ready).
    fn choose(&mut self, params: &CpuSchedulingParams) {
        let rows = &self.rows;
        let aging = params.aging.max(1);
        let priority = |i: usize| match params.policy {
            Policy::PriorityAging => rows[i].priority + rows[i].waiting / aging,
            _ => rows[i].priority,
        };
        let pick = match params.policy {
            Policy::Fcfs | Policy::Sjf | Policy::Priority if self.running.is_some() => None,
            Policy::Fcfs => self.best(|i| (rows[i].arrival, i)),
            Policy::Sjf => self.best(|i| (rows[i].burst, rows[i].arrival, i)),
            Policy::Priority => self.best(|i| (Reverse(rows[i].priority), rows[i].arrival, i)),
            Policy::PriorityPreemptive | Policy::PriorityAging => self
                .best(|i| (Reverse(priority(i)), rows[i].arrival, i))
                .filter(|&at| self.running.is_none_or(|r| priority(self.ready[at]) > priority(r))),
            Policy::RoundRobin => {
                if self.used >= params.quantum.max(1) {
                    self.ready.extend(self.running.take());
                }
                (self.running.is_none() && !self.ready.is_empty()).then_some(0)
            }
        };
        if let Some(at) = pick {
            let job = self.ready.remove(at);
            self.ready.extend(self.running.replace(job));
            self.used = 0;
        }
    }

    /// The position in `ready` of the job with the least `key`.
    fn best<K: Ord>(&self, key: impl Fn(usize) -> K) -> Option<usize> {
        (0..self.ready.len()).min_by_key(|&at| key(self.ready[at]))
    }

    /// Runs tick `tick`: the running job advances, the ready ones wait. Returns who ran.
    fn run(&mut self, tick: u32) -> Option<JobName> {
        for &i in &self.ready {
            self.rows[i].waiting += 1;
        }
        let i = self.running?;
        let row = &mut self.rows[i];
        row.start.get_or_insert(tick);
        row.ran += 1;
        self.used += 1;
        if row.ran == row.burst {
            row.finish = Some(tick + 1);
            self.running = None;
        }
        Some(row.name)
    }
}

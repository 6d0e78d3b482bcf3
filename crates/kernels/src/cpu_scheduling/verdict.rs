//! What a schedule means for the table's jobs: the means, the longest wait, starvation, and a
//! sentence about the policy. The stream's jobs are the load, not the subject: every figure
//! here is over the table's jobs.

use std::cmp::Reverse;

use super::{JobName, JobRow, Policy, Schedule};
use crate::verdict::count;

/// Means over the table's finished jobs. Unfinished jobs have no turnaround yet, so they are
/// left out rather than counted with a made-up finish; [`Schedule::unfinished`] says how many.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Means {
    /// Finished jobs the means are over.
    pub jobs: usize,
    pub waiting: f64,
    pub turnaround: f64,
}

impl Means {
    pub(super) fn of(table: &[JobRow]) -> Option<Self> {
        let finished: Vec<(u32, u32)> = table.iter().filter_map(|row| Some((row.waiting, row.turnaround()?))).collect();
        let jobs = finished.len();
        let mean = |sum: u32| f64::from(sum) / jobs as f64;
        (jobs > 0).then(|| Self {
            jobs,
            waiting: mean(finished.iter().map(|f| f.0).sum()),
            turnaround: mean(finished.iter().map(|f| f.1).sum()),
        })
    }
}

/// The table job that waited longest (the first in table order among equals).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LongestWait {
    pub job: JobName,
    pub waited: u32,
    /// False: it was still waiting or unfinished at the horizon, so the wait is not over.
    pub finished: bool,
}

impl LongestWait {
    pub(super) fn of(table: &[JobRow]) -> Option<Self> {
        let row = table.iter().enumerate().min_by_key(|(i, row)| (Reverse(row.waiting), *i))?.1;
        Some(Self { job: row.name, waited: row.waiting, finished: row.finish.is_some() })
    }
}

/// A table job that had not run at all when the horizon stopped the simulation: the one that
/// waited longest, the lowest priority among equals, then the first in table order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Starvation {
    pub job: JobName,
    pub waited: u32,
    /// Other table jobs that had not run either.
    pub others: usize,
}

impl Starvation {
    pub(super) fn of(table: &[JobRow]) -> Option<Self> {
        let starved: Vec<(usize, &JobRow)> = table.iter().enumerate().filter(|(_, row)| row.ran == 0).collect();
        let (_, row) = starved.iter().min_by_key(|(i, row)| (Reverse(row.waiting), row.priority, *i))?;
        Some(Self { job: row.name, waited: row.waiting, others: starved.len() - 1 })
    }

    /// “job 2 waited 180 ticks and has not run”.
    pub fn sentence(&self) -> String {
        format!("job {} waited {} and has not run", self.job, count(self.waited as usize, "tick"))
    }
}

/// One sentence on what the policy did to the table's jobs: who starved and why (and what
/// would rescue it), or the mean wait and turnaround and who waited longest.
pub fn verdict(schedule: &Schedule) -> String {
    let policy = schedule.policy;
    let table = schedule.rows.iter().filter(|row| !row.stream).count();
    if let Some(starved) = &schedule.starvation {
        let others = match starved.others {
            0 => String::new(),
            1 => ", nor has 1 other job of the table".to_owned(),
            n => format!(", nor have {n} other jobs of the table"),
        };
        return format!(
            "Under {}, {}{others}: {}.{}",
            policy.name(),
            starved.sentence(),
            reason(policy),
            rescue(policy)
        );
    }
    let whose = if schedule.horizon.is_some() { "the table's" } else { "the" };
    let jobs = format!("{whose} {}", count(table, "job"));
    let Some(means) = schedule.means else {
        return format!(
            "Under {}, none of {jobs} finished by tick {}, though every one of them ran.",
            policy.name(),
            schedule.end
        );
    };
    let mut sentence = if table == 1 {
        format!(
            "Under {}, the job waited {} (turnaround {})",
            policy.name(),
            count(means.waiting as usize, "tick"),
            count(means.turnaround as usize, "tick")
        )
    } else {
        format!(
            "Under {}, {} waited {:.1} ticks on average (turnaround {:.1})",
            policy.name(),
            if schedule.unfinished > 0 { count(means.jobs, "finished job") } else { jobs },
            means.waiting,
            means.turnaround
        )
    };
    match schedule.longest_wait {
        Some(longest) if table > 1 && longest.waited > 0 => {
            sentence += &format!("; job {} waited longest, {}", longest.job, count(longest.waited as usize, "tick"));
        }
        Some(_) if table > 1 => sentence += "; no job waited",
        _ => {}
    }
    if schedule.unfinished > 0 {
        let verb = if schedule.unfinished == 1 { "is" } else { "are" };
        sentence += &format!(
            "; {} of the table had not finished by tick {} and {verb} left out of the means",
            count(schedule.unfinished, "job"),
            schedule.end
        );
    }
    sentence + "."
}

/// Why a job that was ready all along never got the CPU under `policy`.
fn reason(policy: Policy) -> &'static str {
    match policy {
        Policy::Fcfs => "the jobs that came before it never ran out",
        Policy::Sjf => "a shorter job was always ready",
        Policy::Priority | Policy::PriorityPreemptive => "a job of higher priority was always ready",
        Policy::RoundRobin => "its turn in the queue had not come yet",
        Policy::PriorityAging => "aging had not yet raised its priority above the others'",
    }
}

/// What would let the starved job run, if another setting would.
fn rescue(policy: Policy) -> &'static str {
    match policy {
        Policy::Sjf => " Round-robin would give it turns.",
        Policy::Priority | Policy::PriorityPreemptive => " Priority-aging or round-robin would let it run.",
        Policy::PriorityAging => " A smaller aging raises it sooner.",
        Policy::Fcfs | Policy::RoundRobin => "",
    }
}

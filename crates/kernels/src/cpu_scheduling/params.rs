//! The CPU-scheduling demo's URL parameters: `jobs`, `policy`, `quantum`, `aging` and `stream`.

use super::{HORIZON, JobTable, MAX_BURST, Policy};
use crate::params::{Checker, DemoParams, Limits, group};

/// Round-robin's default time slice: shorter than every seed burst, so each job waits its turn
/// more than once and the interleaving shows.
pub const DEFAULT_QUANTUM: u32 = 2;
pub const MAX_QUANTUM: u32 = MAX_BURST;
/// Priority-aging's default: a job waiting 5 ticks gains 1 priority, so the seed's lowest job
/// (priority 0) passes a stream of priority 3 after 20 ticks of waiting.
pub const DEFAULT_AGING: u32 = 5;
pub const MAX_AGING: u32 = HORIZON;
/// The longest gap between the stream's jobs: a few of them still arrive before [`HORIZON`].
pub const MAX_STREAM: u32 = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CpuSchedulingParams {
    pub jobs: JobTable,
    pub policy: Policy,
    /// Round-robin's time slice, in ticks.
    pub quantum: u32,
    /// Priority-aging: every `aging` ticks a job has spent waiting raise its priority by 1.
    pub aging: u32,
    /// 0: no stream. m: at ticks m, 2m, … before [`HORIZON`], a job of m ticks arrives with a
    /// priority above every table job: from tick m on, the stream alone keeps the CPU busy.
    pub stream: u32,
}

impl DemoParams for CpuSchedulingParams {
    const KEYS: &'static [&'static str] = &["jobs", "policy", "quantum", "aging", "stream"];

    fn defaults(_limits: &Limits) -> Self {
        Self {
            jobs: JobTable::default(),
            policy: Policy::Priority,
            quantum: DEFAULT_QUANTUM,
            aging: DEFAULT_AGING,
            stream: 0,
        }
    }

    fn read(&mut self, key: &'static str, raw: &str, check: &mut Checker, _limits: &Limits) {
        let ticks = |check: &mut Checker, current: u32, min: u32, max: u32, why: &'static str| {
            let value = check.count(key, raw, current as usize, min as usize, max as usize, |t| {
                format!("{key} = {} ticks {why}", group(t))
            });
            u32::try_from(value).unwrap_or(max)
        };
        match key {
            "jobs" => match JobTable::parse(raw) {
                Ok(jobs) => self.jobs = jobs,
                Err(why) => check.problem(key, format!("{why}. Using {}.", self.jobs)),
            },
            "policy" => self.policy = check.choice(key, raw, self.policy, &Policy::ALL, Policy::name),
            "quantum" => self.quantum = ticks(check, self.quantum, 1, MAX_QUANTUM, "is longer than any burst"),
            "aging" => self.aging = ticks(check, self.aging, 1, MAX_AGING, "is past the horizon"),
            "stream" => self.stream = ticks(check, self.stream, 0, MAX_STREAM, "leaves too few arrivals to see"),
            _ => {}
        }
    }

    fn to_query(&self) -> Vec<(&'static str, String)> {
        vec![
            ("jobs", self.jobs.to_string()),
            ("policy", self.policy.name().to_owned()),
            ("quantum", self.quantum.to_string()),
            ("aging", self.aging.to_string()),
            ("stream", self.stream.to_string()),
        ]
    }
}

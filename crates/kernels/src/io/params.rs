//! The io demo's URL parameters.

use std::num::NonZeroUsize;

use crate::params::{Checker, DemoParams, Limits, group};

/// The io demo's parameters, always within their limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IoParams {
    pub tasks: usize,
    /// CPU time per task, µs (half before the wait, half after).
    pub compute_us: u32,
    /// Each task's wait, ms.
    pub wait_ms: u32,
    pub threads: NonZeroUsize,
    pub repeats: NonZeroUsize,
}

/// 16 tasks of 1 ms computing and 10 ms waiting: sequential takes about 180 ms, and the six
/// variants' three repeats about 1.5 s in all on 2 cores.
pub const DEFAULT_TASKS: usize = 16;
pub const DEFAULT_COMPUTE_US: u32 = 1_000;
pub const DEFAULT_WAIT_MS: u32 = 10;
/// Tasks the page allows: the loop variants draw a lane per task (the first 32 of them).
pub const MAX_TASKS: usize = 256;
/// 100 ms of computing per task: past that the sequential runs take minutes.
pub const MAX_COMPUTE_US: u32 = 100_000;
/// One second of waiting per task: sequential already takes `tasks` seconds per repeat.
pub const MAX_WAIT_MS: u32 = 1_000;

impl DemoParams for IoParams {
    const KEYS: &'static [&'static str] = &["tasks", "compute", "wait", "threads", "repeats"];

    fn defaults(limits: &Limits) -> Self {
        Self {
            tasks: DEFAULT_TASKS,
            compute_us: DEFAULT_COMPUTE_US,
            wait_ms: DEFAULT_WAIT_MS,
            threads: limits.lesson_threads(),
            repeats: crate::params::default_repeats(),
        }
    }

    fn read(&mut self, key: &'static str, raw: &str, check: &mut Checker, limits: &Limits) {
        match key {
            "tasks" => {
                self.tasks = check.count(key, raw, self.tasks, 1, MAX_TASKS, |n| {
                    format!("tasks = {} would draw more coroutines than a page can show", group(n))
                });
            }
            "compute" => {
                let most = MAX_COMPUTE_US as usize;
                let us = check.count(key, raw, self.compute_us as usize, 0, most, |us| {
                    format!("compute = {} µs per task would make a sequential run take minutes", group(us))
                });
                self.compute_us = u32::try_from(us.min(most)).unwrap_or(MAX_COMPUTE_US);
            }
            "wait" => {
                let most = MAX_WAIT_MS as usize;
                let ms = check.count(key, raw, self.wait_ms as usize, 0, most, |ms| {
                    format!("wait = {} ms is more than {} ms per task", group(ms), group(most))
                });
                self.wait_ms = u32::try_from(ms.min(most)).unwrap_or(MAX_WAIT_MS);
            }
            "threads" => self.threads = check.threads(key, raw, self.threads, limits),
            "repeats" => self.repeats = check.repeats(key, raw, self.repeats),
            _ => {}
        }
    }

    fn to_query(&self) -> Vec<(&'static str, String)> {
        vec![
            ("tasks", self.tasks.to_string()),
            ("compute", self.compute_us.to_string()),
            ("wait", self.wait_ms.to_string()),
            ("threads", self.threads.to_string()),
            ("repeats", self.repeats.to_string()),
        ]
    }
}

//! The barrier demo's URL parameters.

use std::num::NonZeroUsize;

use super::{BYTES_PER_CELL, MAX_N, MAX_STEPS};
use crate::params::{Checker, DemoParams, Limits, group};

/// The barrier demo's parameters, always within their limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BarrierParams {
    /// Cells of the rod.
    pub n: usize,
    /// Sweeps, each followed by the barrier.
    pub steps: usize,
    pub threads: NonZeroUsize,
    pub repeats: NonZeroUsize,
}

/// Short sweeps (tens of microseconds), many of them: what the threads pay to meet each step
/// shows. Measured in Chromium on 2 cores: barrier 1.45×, spawn-per-step 0.90× of one thread;
/// with 200,000 cells and 500 sweeps the two differed by less than the noise (1.37×, 1.28×).
pub const DEFAULT_N: usize = 20_000;
pub const DEFAULT_STEPS: usize = 5_000;
/// Fewer cells leave some threads without a cell to update.
pub const MIN_N: usize = 64;

impl DemoParams for BarrierParams {
    const KEYS: &'static [&'static str] = &["n", "steps", "threads", "repeats"];

    fn defaults(limits: &Limits) -> Self {
        Self {
            n: DEFAULT_N.min(limits.max_n(MAX_N, BYTES_PER_CELL)),
            steps: DEFAULT_STEPS,
            threads: limits.lesson_threads(),
            repeats: crate::params::default_repeats(),
        }
    }

    fn read(&mut self, key: &'static str, raw: &str, check: &mut Checker, limits: &Limits) {
        match key {
            "n" => {
                let max = limits.max_n(MAX_N, BYTES_PER_CELL).max(MIN_N);
                self.n = check.count(key, raw, self.n, MIN_N, max, |n| {
                    format!("n = {} cells would need {} MB of memory", group(n), n * BYTES_PER_CELL / 1_000_000)
                });
            }
            "steps" => {
                self.steps = check.count(key, raw, self.steps, 1, MAX_STEPS, |s| {
                    format!("steps = {} sweeps would take minutes", group(s))
                })
            }
            "threads" => self.threads = check.threads(key, raw, self.threads, limits),
            "repeats" => self.repeats = check.repeats(key, raw, self.repeats),
            _ => {}
        }
    }

    fn to_query(&self) -> Vec<(&'static str, String)> {
        vec![
            ("n", self.n.to_string()),
            ("steps", self.steps.to_string()),
            ("threads", self.threads.to_string()),
            ("repeats", self.repeats.to_string()),
        ]
    }
}

//! The pipeline demo's URL parameters: `n`, `workers` (one count per stage, `1,2,1,1`) and
//! `capacity`.

use std::fmt;

use super::{MAX_CAPACITY, MAX_N, MAX_STAGE_WORKERS, MAX_WORKERS, STAGES};
use crate::params::{Checker, DemoParams, Limits, group, parse_count};

/// Worker threads per stage, in stage order; each 1 … [`MAX_STAGE_WORKERS`], together at most
/// [`MAX_WORKERS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Workers(pub [usize; 4]);

impl Workers {
    pub const DEFAULT: Workers = Workers([1, 2, 1, 1]);

    pub fn total(&self) -> usize {
        self.0.iter().sum()
    }

    /// Reads `1,2,1,1`, or says what is wrong with it.
    pub fn parse(text: &str) -> Result<Workers, String> {
        let counts: Vec<&str> = text.split(',').map(str::trim).collect();
        if counts.len() != STAGES.len() {
            return Err(format!(
                "workers needs one count per stage ({}), {} in all, like 1,2,1,1; “{text}” has {}",
                STAGES.join(", "),
                STAGES.len(),
                counts.len()
            ));
        }
        let mut workers = [0; 4];
        for ((slot, count), stage) in workers.iter_mut().zip(&counts).zip(STAGES) {
            *slot = match parse_count(count) {
                Ok(n) if (1..=MAX_STAGE_WORKERS).contains(&n) => n,
                Ok(_) => return Err(format!("the {stage} stage needs 1 … {MAX_STAGE_WORKERS} workers, not “{count}”")),
                Err(why) => return Err(format!("the {stage} stage's count “{count}” {why}")),
            };
        }
        let workers = Workers(workers);
        if workers.total() > MAX_WORKERS {
            return Err(format!(
                "workers = {text} is {} threads; the page's pool runs at most {MAX_WORKERS} stage workers",
                workers.total()
            ));
        }
        Ok(workers)
    }
}

impl fmt::Display for Workers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d] = self.0;
        write!(f, "{a},{b},{c},{d}")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PipelineParams {
    /// Items through the line.
    pub n: usize,
    pub workers: Workers,
    /// Batches each channel holds.
    pub capacity: usize,
}

impl DemoParams for PipelineParams {
    const KEYS: &'static [&'static str] = &["n", "workers", "capacity"];

    fn defaults(_limits: &Limits) -> Self {
        Self { n: 1_000_000, workers: Workers::DEFAULT, capacity: 4 }
    }

    fn read(&mut self, key: &'static str, raw: &str, check: &mut Checker, _limits: &Limits) {
        match key {
            "n" => {
                self.n = check.count(key, raw, self.n, 1, MAX_N, |n| {
                    format!("n = {} items would take minutes on one thread", group(n))
                })
            }
            "workers" => match Workers::parse(raw) {
                Ok(workers) => self.workers = workers,
                Err(why) => check.problem(key, format!("{why}. Using {}.", self.workers)),
            },
            "capacity" => {
                self.capacity = check.count(key, raw, self.capacity, 1, MAX_CAPACITY, |c| {
                    format!("capacity = {} batches is more than a channel needs", group(c))
                })
            }
            _ => {}
        }
    }

    fn to_query(&self) -> Vec<(&'static str, String)> {
        vec![("n", self.n.to_string()), ("workers", self.workers.to_string()), ("capacity", self.capacity.to_string())]
    }
}

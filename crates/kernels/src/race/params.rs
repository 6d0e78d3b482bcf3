//! The race demo's URL parameters.

use std::num::NonZeroUsize;

use super::{MAX_N, MAX_WINDOW};
use crate::params::{Checker, DEFAULT_N, DemoParams, Limits, group};

/// The race demo's parameters, always within their limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RaceParams {
    /// Increments in all, shared by the threads.
    pub n: usize,
    pub threads: NonZeroUsize,
    /// Units of CPU work between a read of the total and its write.
    pub window: u32,
    pub repeats: NonZeroUsize,
}

impl DemoParams for RaceParams {
    const KEYS: &'static [&'static str] = &["n", "threads", "window", "repeats"];

    fn defaults(limits: &Limits) -> Self {
        Self { n: DEFAULT_N, threads: limits.lesson_threads(), window: 0, repeats: crate::params::default_repeats() }
    }

    fn read(&mut self, key: &'static str, raw: &str, check: &mut Checker, limits: &Limits) {
        match key {
            // The counters are a few bytes whatever n is: the limit is time.
            "n" => {
                self.n = check
                    .count(key, raw, self.n, 0, MAX_N, |n| format!("n = {} increments would take minutes", group(n)))
            }
            "threads" => self.threads = check.threads(key, raw, self.threads, limits),
            "window" => {
                let window = check.count(key, raw, self.window as usize, 0, MAX_WINDOW as usize, |w| {
                    format!("window = {} units of work per increment is too wide", group(w))
                });
                self.window = u32::try_from(window).unwrap_or(MAX_WINDOW);
            }
            "repeats" => self.repeats = check.repeats(key, raw, self.repeats),
            _ => {}
        }
    }

    fn to_query(&self) -> Vec<(&'static str, String)> {
        vec![
            ("n", self.n.to_string()),
            ("threads", self.threads.to_string()),
            ("window", self.window.to_string()),
            ("repeats", self.repeats.to_string()),
        ]
    }
}

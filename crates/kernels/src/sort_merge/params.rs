//! The sort demo's URL parameters.

use std::num::NonZeroUsize;

use super::{BYTES_PER_ELEMENT, Distribution, MAX_N};
use crate::params::{Checker, DEFAULT_N, DEFAULT_SEED, DemoParams, Limits};
use crate::scaling::SweepAxis;

/// The sort demo's parameters, always within their limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortParams {
    pub n: usize,
    pub distribution: Distribution,
    /// T: threads, and as many chunks.
    pub threads: NonZeroUsize,
    pub seed: u64,
    pub repeats: NonZeroUsize,
    /// What Sweep varies.
    pub sweep: SweepAxis,
}

impl DemoParams for SortParams {
    const KEYS: &'static [&'static str] = &["n", "dist", "threads", "seed", "repeats", "sweep"];

    fn defaults(limits: &Limits) -> Self {
        Self {
            n: DEFAULT_N.min(limits.max_n(MAX_N, BYTES_PER_ELEMENT)),
            distribution: Distribution::Uniform,
            threads: limits.default_threads(),
            seed: DEFAULT_SEED,
            repeats: crate::params::default_repeats(),
            sweep: SweepAxis::Threads,
        }
    }

    fn read(&mut self, key: &'static str, raw: &str, check: &mut Checker, limits: &Limits) {
        match key {
            "n" => self.n = check.elements(key, raw, self.n, (MAX_N, BYTES_PER_ELEMENT), limits),
            "dist" => {
                self.distribution = check.choice(key, raw, self.distribution, &Distribution::ALL, Distribution::name)
            }
            "threads" => self.threads = check.oversubscribed_threads(key, raw, self.threads, limits),
            "sweep" => self.sweep = check.choice(key, raw, self.sweep, &SweepAxis::ALL, SweepAxis::name),
            "seed" => self.seed = check.seed(key, raw, self.seed),
            "repeats" => self.repeats = check.repeats(key, raw, self.repeats),
            _ => {}
        }
    }

    fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![
            ("n", self.n.to_string()),
            ("dist", self.distribution.name().to_owned()),
            ("threads", self.threads.to_string()),
            ("seed", self.seed.to_string()),
            ("repeats", self.repeats.to_string()),
        ];
        // The default, `threads`, stays out: links made before `sweep` read the same.
        if self.sweep != SweepAxis::Threads {
            pairs.push(("sweep", self.sweep.name().to_owned()));
        }
        pairs
    }
}

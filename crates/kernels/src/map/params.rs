//! The map demo's URL parameters.

use std::num::NonZeroUsize;

use super::{BYTES_PER_ELEMENT, ChunkSize, DEFAULT_SWITCH_MS, MAX_CHUNKS, MAX_N, MAX_SWITCH_MS, MapFunction, Workload};
use crate::custom::{MAX_SOURCE_BYTES, PRESETS, Source};
use crate::params::{Checker, DEFAULT_N, DemoParams, Limits, group, parse_count};
use crate::scaling::SweepAxis;

/// The map demo's parameters, always within their limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapParams {
    pub n: usize,
    pub workload: MapFunction,
    /// `f`: the program of `workload=custom`, kept while another workload is chosen so that
    /// nothing typed is lost (the URL carries it only with `custom`).
    pub f: Source,
    pub threads: NonZeroUsize,
    pub chunk: ChunkSize,
    pub repeats: NonZeroUsize,
    /// `gil=1`: also time the k threads as Python threads under the GIL.
    pub gil: bool,
    /// The GIL's switch interval in ms (`switch`).
    pub switch_ms: u32,
    /// `messages=1`: also time k workers that share no memory, each chunk and each result
    /// copied in a message, as `Pool.map`'s processes get them.
    pub messages: bool,
    /// What Sweep varies.
    pub sweep: SweepAxis,
}

impl DemoParams for MapParams {
    const KEYS: &'static [&'static str] =
        &["n", "workload", "f", "threads", "chunk", "repeats", "gil", "switch", "messages", "sweep"];
    // The chunk's lower limit depends on n.
    const LATE_KEYS: &'static [&'static str] = &["chunk"];

    fn defaults(limits: &Limits) -> Self {
        Self {
            n: DEFAULT_N.min(limits.max_n(MAX_N, BYTES_PER_ELEMENT)),
            workload: MapFunction::BuiltIn(Workload::Square),
            f: default_f(),
            threads: limits.default_threads(),
            chunk: ChunkSize::Auto,
            repeats: crate::params::default_repeats(),
            gil: false,
            switch_ms: DEFAULT_SWITCH_MS,
            messages: false,
            sweep: SweepAxis::Threads,
        }
    }

    fn read(&mut self, key: &'static str, raw: &str, check: &mut Checker, limits: &Limits) {
        match key {
            "n" => self.n = check.elements(key, raw, self.n, (MAX_N, BYTES_PER_ELEMENT), limits),
            "workload" => self.workload = check.choice(key, raw, self.workload, &MapFunction::ALL, MapFunction::name),
            "f" => self.f = read_f(raw, self.f, check),
            "threads" => self.threads = check.oversubscribed_threads(key, raw, self.threads, limits),
            "sweep" => self.sweep = check.choice(key, raw, self.sweep, &SweepAxis::ALL, SweepAxis::name),
            "chunk" => self.chunk = read_chunk(raw, self.n, check),
            "repeats" => self.repeats = check.repeats(key, raw, self.repeats),
            "gil" => self.gil = check.flag(key, raw, self.gil),
            "messages" => self.messages = check.flag(key, raw, self.messages),
            "switch" => {
                let switch = check.count(key, raw, self.switch_ms as usize, 1, MAX_SWITCH_MS as usize, |ms| {
                    format!("switch = {} ms would let one thread keep the GIL for most of a run", group(ms))
                });
                self.switch_ms = u32::try_from(switch).unwrap_or(MAX_SWITCH_MS);
            }
            _ => {}
        }
    }

    fn to_query(&self) -> Vec<(&'static str, String)> {
        let chunk = match self.chunk {
            ChunkSize::Auto => "auto".to_owned(),
            ChunkSize::Fixed(len) => len.to_string(),
        };
        let mut pairs = vec![("n", self.n.to_string()), ("workload", self.workload.name().to_owned())];
        if self.workload == MapFunction::Custom {
            pairs.push(("f", self.f.text().to_owned()));
        }
        pairs.extend([("threads", self.threads.to_string()), ("chunk", chunk), ("repeats", self.repeats.to_string())]);
        // Off by default: links without the GIL stay as they were.
        if self.gil {
            pairs.extend([("gil", "1".to_owned()), ("switch", self.switch_ms.to_string())]);
        }
        if self.messages {
            pairs.push(("messages", "1".to_owned()));
        }
        if self.sweep != SweepAxis::Threads {
            pairs.push(("sweep", self.sweep.name().to_owned()));
        }
        pairs
    }
}

/// The first preset, the seeds' own `x * x`.
pub fn default_f() -> Source {
    Source::of_static(PRESETS[0].source)
}

/// Any text up to the limit: whether it is a valid f is the code box's to say, with the line and
/// column, not the URL's.
fn read_f(raw: &str, current: Source, check: &mut Checker) -> Source {
    if raw.len() > MAX_SOURCE_BYTES {
        check.problem(
            "f",
            format!(
                "f is {} bytes long, over the limit of {} (4 KiB): f should be a short function. Keeping the previous f.",
                group(raw.len()),
                group(MAX_SOURCE_BYTES)
            ),
        );
        return current;
    }
    Source::intern(raw)
}

fn read_chunk(raw: &str, n: usize, check: &mut Checker) -> ChunkSize {
    let value = raw.trim();
    if value.eq_ignore_ascii_case("auto") || value.is_empty() {
        return ChunkSize::Auto;
    }
    let smallest = n.div_ceil(MAX_CHUNKS).max(1);
    match parse_count(value) {
        Ok(0) => {
            check.problem("chunk", "chunk must be at least 1 (or “auto”). Using auto.".to_owned());
            ChunkSize::Auto
        }
        Ok(len) if len < smallest => {
            check.problem(
                "chunk",
                format!(
                    "chunk = {} would cut n = {} into more than {} chunks; the smallest chunk for this n is {}. Using {}.",
                    group(len),
                    group(n),
                    group(MAX_CHUNKS),
                    group(smallest),
                    group(smallest)
                ),
            );
            ChunkSize::Fixed(NonZeroUsize::new(smallest).unwrap_or(NonZeroUsize::MIN))
        }
        Ok(len) => ChunkSize::Fixed(NonZeroUsize::new(len).unwrap_or(NonZeroUsize::MIN)),
        Err(why) => {
            check.problem(
                "chunk",
                format!("chunk “{raw}” {why}; chunk is “auto” or a whole number of elements per chunk. Using auto."),
            );
            ChunkSize::Auto
        }
    }
}

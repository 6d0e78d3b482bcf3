//! The page's state as URL query parameters: parsed, validated, and written back.
//!
//! Form fields go through the same path (the field's new value replaces its parameter and the
//! whole query is parsed again), so a value typed into the page and a value in a link are held
//! to the same rules and get the same messages. Bad values never fail the page: each becomes a
//! [`Problem`] that the page shows, and the state holds a usable value in its place (the default,
//! or the nearest allowed value).

use std::fmt;
use std::num::NonZeroUsize;

use crate::map::{BYTES_PER_ELEMENT, ChunkSize, MAX_CHUNKS, MAX_N, Workload};

pub const DEFAULT_N: usize = 10_000_000;
pub const DEFAULT_REPEATS: usize = 3;
pub const MAX_REPEATS: usize = 25;

/// The demos a page can show (`demo=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Demo {
    #[default]
    Map,
}

impl Demo {
    pub const ALL: [Demo; 1] = [Demo::Map];

    pub fn name(self) -> &'static str {
        match self {
            Demo::Map => "map",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Demo::Map => "Map: map vs Pool.map",
        }
    }
}

/// The map demo's parameters, always within their limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapParams {
    pub n: usize,
    pub workload: Workload,
    pub threads: NonZeroUsize,
    pub chunk: ChunkSize,
    pub repeats: NonZeroUsize,
}

/// Everything the URL holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageState {
    pub demo: Demo,
    pub map: MapParams,
    pub autorun: bool,
}

impl PageState {
    /// Defaults for a machine whose pool has `max_threads` threads: all of them.
    pub fn defaults(max_threads: NonZeroUsize) -> Self {
        Self {
            demo: Demo::Map,
            map: MapParams {
                n: DEFAULT_N,
                workload: Workload::Square,
                threads: max_threads,
                chunk: ChunkSize::Auto,
                repeats: NonZeroUsize::new(DEFAULT_REPEATS).unwrap_or(NonZeroUsize::MIN),
            },
            autorun: false,
        }
    }

    /// The query pairs that reproduce this state, in a stable order. `autorun` is left out:
    /// a link the page writes while a person edits it should not start a run when opened.
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let map = &self.map;
        vec![
            ("demo", self.demo.name().to_owned()),
            ("n", map.n.to_string()),
            ("workload", map.workload.name().to_owned()),
            ("threads", map.threads.to_string()),
            (
                "chunk",
                match map.chunk {
                    ChunkSize::Auto => "auto".to_owned(),
                    ChunkSize::Fixed(len) => len.to_string(),
                },
            ),
            ("repeats", map.repeats.to_string()),
        ]
    }
}

/// One parameter that could not be used as given, and what was done instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub param: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub state: PageState,
    pub problems: Vec<Problem>,
}

/// Parses decoded query pairs (the later of two equal keys wins, as a form edit appends).
/// `max_threads` is the pool size the page has or will have.
pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>, max_threads: NonZeroUsize) -> Parsed {
    let mut state = PageState::defaults(max_threads);
    let mut problems = Vec::new();
    let mut chunk_value = None;
    let mut problem = |param: &str, message: String| problems.push(Problem { param: param.to_owned(), message });

    for (key, raw) in pairs {
        let value = raw.trim();
        match key {
            "demo" => match Demo::ALL.into_iter().find(|d| d.name() == value) {
                Some(demo) => state.demo = demo,
                None => problem(
                    key,
                    format!(
                        "demo “{raw}” does not exist; the demos are: {}. Showing “map”.",
                        names(Demo::ALL.map(Demo::name))
                    ),
                ),
            },
            "n" => match parse_count(value) {
                Ok(n) if n > MAX_N => {
                    problem(
                        key,
                        format!(
                            "n = {} would need {} of memory ({BYTES_PER_ELEMENT} bytes per element); the page allows at most n = {}. Using {}.",
                            group(n),
                            bytes(n.saturating_mul(BYTES_PER_ELEMENT)),
                            group(MAX_N),
                            group(MAX_N)
                        ),
                    );
                    state.map.n = MAX_N;
                }
                Ok(n) => state.map.n = n,
                Err(why) => problem(
                    key,
                    format!(
                        "n “{raw}” {why}; n is a whole number of elements from 0 to {}. Using {}.",
                        group(MAX_N),
                        group(state.map.n)
                    ),
                ),
            },
            "workload" => match Workload::from_name(value) {
                Some(workload) => state.map.workload = workload,
                None => problem(
                    key,
                    format!(
                        "workload “{raw}” is unknown; choose one of: {}. Using “{}”.",
                        names(Workload::ALL.map(Workload::name)),
                        state.map.workload.name()
                    ),
                ),
            },
            "threads" => match parse_count(value) {
                Ok(0) => {
                    problem(key, "threads must be at least 1. Using 1.".to_owned());
                    state.map.threads = NonZeroUsize::MIN;
                }
                Ok(k) if k > max_threads.get() => {
                    problem(
                        key,
                        format!(
                            "threads = {} is more than the {max_threads} threads of this page's pool. Using {max_threads}.",
                            group(k)
                        ),
                    );
                    state.map.threads = max_threads;
                }
                Ok(k) => state.map.threads = NonZeroUsize::new(k).unwrap_or(NonZeroUsize::MIN),
                Err(why) => problem(
                    key,
                    format!(
                        "threads “{raw}” {why}; threads is a whole number from 1 to {max_threads}. Using {}.",
                        state.map.threads
                    ),
                ),
            },
            "chunk" => chunk_value = Some(raw),
            "repeats" => match parse_count(value) {
                Ok(0) => {
                    problem(key, "repeats must be at least 1. Using 1.".to_owned());
                    state.map.repeats = NonZeroUsize::MIN;
                }
                Ok(r) if r > MAX_REPEATS => {
                    problem(key, format!("repeats = {} is more than {MAX_REPEATS}. Using {MAX_REPEATS}.", group(r)));
                    state.map.repeats = NonZeroUsize::new(MAX_REPEATS).unwrap_or(NonZeroUsize::MIN);
                }
                Ok(r) => state.map.repeats = NonZeroUsize::new(r).unwrap_or(NonZeroUsize::MIN),
                Err(why) => problem(
                    key,
                    format!(
                        "repeats “{raw}” {why}; repeats is a whole number from 1 to {MAX_REPEATS}. Using {}.",
                        state.map.repeats
                    ),
                ),
            },
            "autorun" => match value {
                "1" | "true" => state.autorun = true,
                "0" | "false" | "" => state.autorun = false,
                _ => problem(key, format!("autorun “{raw}” is not 1 or 0; not running on load.")),
            },
            _ => problem(
                key,
                format!(
                    "parameter “{key}” is unknown and was ignored; the parameters are: demo, n, workload, threads, chunk, repeats, autorun."
                ),
            ),
        }
    }
    // The chunk's lower limit depends on n, so it is checked once n is known.
    if let Some(raw) = chunk_value {
        state.map.chunk = parse_chunk(raw, state.map.n, &mut problem);
    }
    Parsed { state, problems }
}

fn parse_chunk(raw: &str, n: usize, problem: &mut impl FnMut(&str, String)) -> ChunkSize {
    let value = raw.trim();
    if value.eq_ignore_ascii_case("auto") || value.is_empty() {
        return ChunkSize::Auto;
    }
    let smallest = n.div_ceil(MAX_CHUNKS).max(1);
    match parse_count(value) {
        Ok(0) => {
            problem("chunk", "chunk must be at least 1 (or “auto”). Using auto.".to_owned());
            ChunkSize::Auto
        }
        Ok(len) if len < smallest => {
            problem(
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
            problem(
                "chunk",
                format!("chunk “{raw}” {why}; chunk is “auto” or a whole number of elements per chunk. Using auto."),
            );
            ChunkSize::Auto
        }
    }
}

/// Reads a non-negative count. Accepts digit-group separators (`10_000_000`, `10,000,000`) and
/// the suffixes `k` and `M` (`10M`); a value too large for any count reads as `usize::MAX`, so
/// the caller's "too large" message applies to it.
pub fn parse_count(text: &str) -> Result<usize, &'static str> {
    let text = text.trim();
    let (digits, scale) = match text.strip_suffix(['k', 'K']) {
        Some(rest) => (rest, 1_000),
        None => match text.strip_suffix('M') {
            Some(rest) => (rest, 1_000_000),
            None => (text, 1),
        },
    };
    let digits: String = digits.chars().filter(|c| !matches!(c, '_' | ',')).collect();
    if digits.is_empty() {
        return Err("is empty");
    }
    if digits.starts_with('-') && digits.len() > 1 && digits[1..].chars().all(|c| c.is_ascii_digit()) {
        return Err("is negative");
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err("is not a whole number");
    }
    Ok(digits.parse::<usize>().map_or(usize::MAX, |v| v.saturating_mul(scale)))
}

/// `12345678` → `12,345,678`.
pub fn group(value: usize) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn bytes(count: usize) -> String {
    const GB: f64 = 1e9;
    const MB: f64 = 1e6;
    let count = count as f64;
    if count >= GB { format!("{:.1} GB", count / GB) } else { format!("{:.0} MB", count / MB) }
}

fn names<const N: usize>(names: [&str; N]) -> String {
    names.map(|n| format!("“{n}”")).join(", ")
}

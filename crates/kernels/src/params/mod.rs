//! The page's state as URL query parameters: parsed, validated, and written back.
//!
//! Form fields go through the same path (the field's new value replaces its parameter and the
//! whole query is parsed again), so a value typed into the page and a value in a link are held
//! to the same rules and get the same messages. Bad values never fail the page: each becomes a
//! [`Problem`] that the page shows, and the state holds a usable value in its place (the default,
//! or the nearest allowed value).

mod checker;
mod limits;

pub use checker::{MAX_PROBLEMS, group, parse_count};
pub use limits::{FULL_MEMORY_BYTES, Limits, MEMORY_RESERVE_BYTES, WORKER_BYTES};

use std::fmt;
use std::num::NonZeroUsize;

use crate::map::{self, ChunkSize, MAX_CHUNKS, Workload};
use crate::philosophers::{self, DinnerConfig, Strategy};
use crate::sort_merge::{self, Distribution};
use checker::Checker;

pub const DEFAULT_N: usize = 10_000_000;
pub const DEFAULT_REPEATS: usize = 3;
pub const MAX_REPEATS: usize = 25;
pub const DEFAULT_SEED: u64 = 42;

/// The demos a page can show (`demo=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Demo {
    #[default]
    Map,
    Sort,
    Philosophers,
}

impl Demo {
    pub const ALL: [Demo; 3] = [Demo::Map, Demo::Sort, Demo::Philosophers];

    pub fn name(self) -> &'static str {
        match self {
            Demo::Map => "map",
            Demo::Sort => "sort",
            Demo::Philosophers => "philosophers",
        }
    }

    /// The URL parameters this demo reads, besides `demo` and `autorun`.
    pub fn parameters(self) -> &'static [&'static str] {
        match self {
            Demo::Map => &["n", "workload", "threads", "chunk", "repeats"],
            Demo::Sort => &["n", "dist", "threads", "seed", "repeats"],
            Demo::Philosophers => {
                &["philosophers", "meals", "strategy", "force-deadlock", "seed", "think", "eat", "jitter"]
            }
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

/// The sort demo's parameters, always within their limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortParams {
    pub n: usize,
    pub distribution: Distribution,
    /// T: threads, and as many chunks.
    pub threads: NonZeroUsize,
    pub seed: u64,
    pub repeats: NonZeroUsize,
}

/// Everything the URL holds: the current demo's parameters (the others keep their defaults).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageState {
    pub demo: Demo,
    pub map: MapParams,
    pub sort: SortParams,
    /// The philosophers demo's parameters are a dinner, always within its limits.
    pub philosophers: DinnerConfig,
    pub autorun: bool,
    /// `embed=1`: the compact layout for an iframe (no site header, tabs, footer or long prose).
    pub embed: bool,
}

impl PageState {
    /// Defaults for a page with these limits: all of its pool's threads, and n no larger than
    /// its memory holds.
    pub fn defaults(limits: impl Into<Limits>) -> Self {
        let limits = limits.into();
        let max_threads = limits.max_threads;
        let repeats = NonZeroUsize::new(DEFAULT_REPEATS).unwrap_or(NonZeroUsize::MIN);
        Self {
            demo: Demo::Map,
            map: MapParams {
                n: DEFAULT_N.min(limits.max_n(map::MAX_N, map::BYTES_PER_ELEMENT)),
                workload: Workload::Square,
                threads: max_threads,
                chunk: ChunkSize::Auto,
                repeats,
            },
            sort: SortParams {
                n: DEFAULT_N.min(limits.max_n(sort_merge::MAX_N, sort_merge::BYTES_PER_ELEMENT)),
                distribution: Distribution::Uniform,
                threads: max_threads,
                seed: DEFAULT_SEED,
                repeats,
            },
            philosophers: DinnerConfig {
                philosophers: 5,
                meals: 20,
                strategy: Strategy::Ordered,
                force_deadlock: false,
                seed: DEFAULT_SEED,
                think_ms: 2,
                eat_ms: 2,
                jitter: true,
            },
            autorun: false,
            embed: false,
        }
    }

    /// The query pairs that reproduce this state, in a stable order. `autorun` is left out:
    /// a link the page writes while a person edits it should not start a run when opened.
    /// `embed=1` stays, so an embedded page that reloads stays embedded.
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut pairs = self.demo_query();
        if self.embed {
            pairs.push(("embed", "1".to_owned()));
        }
        pairs
    }

    /// The query of a link to this state, for sharing: the full page or the embedded one, and
    /// with `autorun=1` when the link should start the run as it opens. `threads` is left out
    /// when it is the whole of this page's `pool`: the link then means “all the threads you
    /// have”, and a device with fewer cores opens it without a problem (so autorun still runs).
    pub fn share_query(&self, embed: bool, autorun: bool, pool: NonZeroUsize) -> Vec<(&'static str, String)> {
        let mut pairs = self.demo_query();
        let all_threads = match self.demo {
            Demo::Map => self.map.threads == pool,
            Demo::Sort => self.sort.threads == pool,
            Demo::Philosophers => false,
        };
        if all_threads {
            pairs.retain(|(key, _)| *key != "threads");
        }
        if autorun {
            pairs.push(("autorun", "1".to_owned()));
        }
        if embed {
            pairs.push(("embed", "1".to_owned()));
        }
        pairs
    }

    /// `demo` and the current demo's own parameters.
    fn demo_query(&self) -> Vec<(&'static str, String)> {
        let demo = ("demo", self.demo.name().to_owned());
        match self.demo {
            Demo::Map => {
                let map = &self.map;
                let chunk = match map.chunk {
                    ChunkSize::Auto => "auto".to_owned(),
                    ChunkSize::Fixed(len) => len.to_string(),
                };
                vec![
                    demo,
                    ("n", map.n.to_string()),
                    ("workload", map.workload.name().to_owned()),
                    ("threads", map.threads.to_string()),
                    ("chunk", chunk),
                    ("repeats", map.repeats.to_string()),
                ]
            }
            Demo::Sort => {
                let sort = &self.sort;
                vec![
                    demo,
                    ("n", sort.n.to_string()),
                    ("dist", sort.distribution.name().to_owned()),
                    ("threads", sort.threads.to_string()),
                    ("seed", sort.seed.to_string()),
                    ("repeats", sort.repeats.to_string()),
                ]
            }
            Demo::Philosophers => {
                let dinner = &self.philosophers;
                let flag = |on: bool| if on { "1" } else { "0" }.to_owned();
                vec![
                    demo,
                    ("philosophers", dinner.philosophers.to_string()),
                    ("meals", dinner.meals.to_string()),
                    ("strategy", dinner.strategy.name().to_owned()),
                    ("force-deadlock", flag(dinner.force_deadlock)),
                    ("seed", dinner.seed.to_string()),
                    ("think", dinner.think_ms.to_string()),
                    ("eat", dinner.eat_ms.to_string()),
                    ("jitter", flag(dinner.jitter)),
                ]
            }
        }
    }
}

/// A control's new value: its URL parameter and the text the person entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamEdit {
    pub key: &'static str,
    pub value: String,
}

impl ParamEdit {
    pub fn new(key: &'static str, value: impl Into<String>) -> Self {
        Self { key, value: value.into() }
    }

    /// The page state after this edit: the edited parameter replaces its value in `state`'s
    /// query and the whole query is parsed again, so a typed value meets the same rules and
    /// messages as one in a link. A new `demo` starts from that demo's defaults.
    pub fn apply(&self, state: &PageState, limits: impl Into<Limits>) -> Parsed {
        let mut pairs = state.to_query();
        let new_demo = self.key == "demo";
        pairs.retain(|(key, _)| *key != self.key && (!new_demo || *key == "embed"));
        pairs.push((self.key, self.value.clone()));
        parse(pairs.iter().map(|(key, value)| (*key, value.as_str())), limits)
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
/// `limits`: the pool size the page has or will have, and its memory (a bare pool size means
/// the full memory).
pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>, limits: impl Into<Limits>) -> Parsed {
    let pairs: Vec<(&str, &str)> = pairs.into_iter().collect();
    let limits = limits.into();
    let max_threads = limits.max_threads;
    let mut state = PageState::defaults(limits);
    let mut check = Checker::default();
    // `demo` first: it decides which other parameters apply.
    for &(key, raw) in pairs.iter().filter(|(key, _)| *key == "demo") {
        state.demo = check.choice(key, raw, state.demo, &Demo::ALL, Demo::name);
    }
    let threads_too_many =
        |k: usize| format!("threads = {} is more than the {max_threads} threads of this page's pool", group(k));
    let mut chunk_value = None;
    for &(key, raw) in &pairs {
        match (key, state.demo) {
            ("demo", _) => {}
            ("autorun", _) => state.autorun = check.flag(key, raw, false),
            ("embed", _) => state.embed = check.flag(key, raw, false),
            ("n", Demo::Map) => {
                let max = limits.max_n(map::MAX_N, map::BYTES_PER_ELEMENT);
                state.map.n =
                    check.count(key, raw, state.map.n, 0, max, |n| limits.too_large_n(n, map::BYTES_PER_ELEMENT))
            }
            ("workload", Demo::Map) => {
                state.map.workload = check.choice(key, raw, state.map.workload, &Workload::ALL, Workload::name)
            }
            ("threads", Demo::Map) => {
                state.map.threads = check.nonzero(key, raw, state.map.threads, max_threads.get(), threads_too_many)
            }
            ("chunk", Demo::Map) => chunk_value = Some(raw),
            ("repeats", Demo::Map) => {
                state.map.repeats = check.nonzero(key, raw, state.map.repeats, MAX_REPEATS, too_many_repeats)
            }
            ("n", Demo::Sort) => {
                let max = limits.max_n(sort_merge::MAX_N, sort_merge::BYTES_PER_ELEMENT);
                state.sort.n = check
                    .count(key, raw, state.sort.n, 0, max, |n| limits.too_large_n(n, sort_merge::BYTES_PER_ELEMENT))
            }
            ("dist", Demo::Sort) => {
                state.sort.distribution =
                    check.choice(key, raw, state.sort.distribution, &Distribution::ALL, Distribution::name)
            }
            ("threads", Demo::Sort) => {
                state.sort.threads = check.nonzero(key, raw, state.sort.threads, max_threads.get(), threads_too_many)
            }
            ("seed", Demo::Sort) => state.sort.seed = check.seed(key, raw, state.sort.seed),
            ("repeats", Demo::Sort) => {
                state.sort.repeats = check.nonzero(key, raw, state.sort.repeats, MAX_REPEATS, too_many_repeats)
            }
            ("philosophers", Demo::Philosophers) => {
                let dinner = &mut state.philosophers;
                dinner.philosophers = check.count(
                    key,
                    raw,
                    dinner.philosophers,
                    philosophers::MIN_PHILOSOPHERS,
                    philosophers::MAX_PHILOSOPHERS,
                    |n| format!("{n} philosophers would need {} threads at once", group(n + 1)),
                )
            }
            ("meals", Demo::Philosophers) => {
                state.philosophers.meals =
                    check.count(key, raw, state.philosophers.meals, 1, philosophers::MAX_MEALS, |m| {
                        format!("meals = {} is more meals than the page replays", group(m))
                    })
            }
            ("strategy", Demo::Philosophers) => {
                state.philosophers.strategy =
                    check.choice(key, raw, state.philosophers.strategy, &Strategy::ALL, Strategy::name)
            }
            ("force-deadlock", Demo::Philosophers) => {
                state.philosophers.force_deadlock = check.flag(key, raw, state.philosophers.force_deadlock)
            }
            ("seed", Demo::Philosophers) => state.philosophers.seed = check.seed(key, raw, state.philosophers.seed),
            ("think" | "eat", Demo::Philosophers) => {
                let dinner = &mut state.philosophers;
                let slot = if key == "think" { &mut dinner.think_ms } else { &mut dinner.eat_ms };
                let max = philosophers::MAX_ACTIVITY_MS as usize;
                let value =
                    check.count(key, raw, *slot as usize, 0, max, |ms| format!("{key} = {} ms is too long", group(ms)));
                *slot = u32::try_from(value).unwrap_or(philosophers::MAX_ACTIVITY_MS);
            }
            ("jitter", Demo::Philosophers) => {
                state.philosophers.jitter = check.flag(key, raw, state.philosophers.jitter)
            }
            (_, demo) => check.problem(
                key,
                format!(
                    "parameter “{key}” {} and was ignored; the {} demo's parameters are: {}, autorun, embed.",
                    if Demo::ALL.iter().any(|d| d.parameters().contains(&key)) {
                        format!("does not apply to the {} demo", demo.name())
                    } else {
                        "is unknown".to_owned()
                    },
                    demo.name(),
                    demo.parameters().join(", ")
                ),
            ),
        }
    }
    // The chunk's lower limit depends on n, so it is checked once n is known.
    if let Some(raw) = chunk_value {
        state.map.chunk = parse_chunk(raw, state.map.n, &mut check);
    }
    Parsed { state, problems: check.finish() }
}

fn too_many_repeats(r: usize) -> String {
    format!("repeats = {} is more than {MAX_REPEATS}", group(r))
}

fn parse_chunk(raw: &str, n: usize, check: &mut Checker) -> ChunkSize {
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

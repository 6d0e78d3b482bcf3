//! Reading one value: counts, choices, flags and seeds, each with a message a person can act on
//! when it cannot be used as given.

use std::num::NonZeroUsize;

use super::Problem;

/// At most this many problems are listed: a hostile link can hold a million parameters.
pub const MAX_PROBLEMS: usize = 20;

/// Reads values and collects the problems with them: one per parameter (the first), at most
/// [`MAX_PROBLEMS`], and a count of the rest.
#[derive(Default)]
pub struct Checker {
    problems: Vec<Problem>,
    unlisted: usize,
}

impl Checker {
    pub fn problem(&mut self, param: &str, message: String) {
        if self.problems.iter().any(|p| p.param == param) {
            return;
        }
        if self.problems.len() == MAX_PROBLEMS {
            self.unlisted += 1;
            return;
        }
        self.problems.push(Problem { param: param.to_owned(), message });
    }

    /// A thread count of a demo whose lesson needs two threads (race, barrier): 1 … the page's
    /// pool, which such a page starts with two threads at least
    /// ([`super::Limits::lesson_threads`]).
    pub fn threads(&mut self, key: &str, raw: &str, current: NonZeroUsize, limits: &super::Limits) -> NonZeroUsize {
        let pool = limits.lesson_threads();
        self.nonzero(key, raw, current, pool.get(), |k| {
            format!("threads = {} is more than the {pool} threads of this page's pool", group(k))
        })
    }

    /// A thread count that may pass the cores: 1 … [`super::Limits::max_oversubscribed_threads`].
    pub fn oversubscribed_threads(
        &mut self,
        key: &str,
        raw: &str,
        current: NonZeroUsize,
        limits: &super::Limits,
    ) -> NonZeroUsize {
        let most = limits.max_oversubscribed_threads();
        self.nonzero(key, raw, current, most.get(), |k| {
            format!(
                "threads = {} is more than the {most} threads parlab starts on this device ({} per core, at most {})",
                group(k),
                super::OVERSUBSCRIPTION,
                super::MAX_OVERSUBSCRIBED_THREADS
            )
        })
    }

    /// A count of elements held in memory, `bytes_per_element` each: 0 … `demo_max`, and no more
    /// than fit in the memory the browser granted.
    pub fn elements(
        &mut self,
        key: &str,
        raw: &str,
        current: usize,
        (demo_max, bytes_per_element): (usize, usize),
        limits: &super::Limits,
    ) -> usize {
        let max = limits.max_n(demo_max, bytes_per_element);
        self.count(key, raw, current, 0, max, |n| limits.too_large_n(n, bytes_per_element))
    }

    /// How many timed runs: 1 … [`super::MAX_REPEATS`].
    pub fn repeats(&mut self, key: &str, raw: &str, current: NonZeroUsize) -> NonZeroUsize {
        self.nonzero(key, raw, current, super::MAX_REPEATS, |r| {
            format!("repeats = {} is more than {}", group(r), super::MAX_REPEATS)
        })
    }

    pub(super) fn finish(mut self) -> Vec<Problem> {
        if self.unlisted > 0 {
            self.problems.push(Problem {
                param: "…".to_owned(),
                message: format!("…and {} more parameters could not be used; they were ignored.", group(self.unlisted)),
            });
        }
        self.problems
    }

    /// A count in `min..=max`: below is raised to `min`, above lowered to `max` (saying why with
    /// `too_large`), unreadable keeps `current`.
    pub fn count(
        &mut self,
        key: &str,
        raw: &str,
        current: usize,
        min: usize,
        max: usize,
        too_large: impl Fn(usize) -> String,
    ) -> usize {
        self.count_checked(key, raw, current, min, max, &too_large)
    }

    /// [`Self::count`]'s body, once for every caller's `too_large` (the wasm carries one copy).
    fn count_checked(
        &mut self,
        key: &str,
        raw: &str,
        current: usize,
        min: usize,
        max: usize,
        too_large: &dyn Fn(usize) -> String,
    ) -> usize {
        match parse_count(raw) {
            Ok(value) if value < min => {
                self.problem(key, format!("{key} must be at least {}. Using {}.", group(min), group(min)));
                min
            }
            Ok(value) if value > max => {
                self.problem(
                    key,
                    format!(
                        "{}; the page allows at most {key} = {}. Using {}.",
                        too_large(value),
                        group(max),
                        group(max)
                    ),
                );
                max
            }
            Ok(value) => value,
            Err(why) => {
                self.problem(
                    key,
                    format!(
                        "{key} “{raw}” {why}; {key} is a whole number from {} to {}. Using {}.",
                        group(min),
                        group(max),
                        group(current)
                    ),
                );
                current
            }
        }
    }

    pub fn nonzero(
        &mut self,
        key: &str,
        raw: &str,
        current: NonZeroUsize,
        max: usize,
        too_large: impl Fn(usize) -> String,
    ) -> NonZeroUsize {
        let value = self.count(key, raw, current.get(), 1, max.max(1), too_large);
        NonZeroUsize::new(value).unwrap_or(NonZeroUsize::MIN)
    }

    pub fn choice<T: Copy>(&mut self, key: &str, raw: &str, current: T, all: &[T], name: fn(T) -> &'static str) -> T {
        match all.iter().copied().find(|&option| name(option) == raw.trim()) {
            Some(option) => option,
            None => {
                let options: Vec<String> = all.iter().map(|&option| format!("“{}”", name(option))).collect();
                self.problem(
                    key,
                    format!(
                        "{key} “{raw}” is unknown; choose one of: {}. Using “{}”.",
                        options.join(", "),
                        name(current)
                    ),
                );
                current
            }
        }
    }

    /// `1`/`true` or `0`/`false` (empty is `false`); anything else keeps `current`.
    pub fn flag(&mut self, key: &str, raw: &str, current: bool) -> bool {
        match raw.trim() {
            "1" | "true" => true,
            "0" | "false" | "" => false,
            _ => {
                self.problem(key, format!("{key} “{raw}” is not 1 or 0. Using {}.", u8::from(current)));
                current
            }
        }
    }

    pub fn seed(&mut self, key: &str, raw: &str, current: u64) -> u64 {
        match raw.trim().parse::<u64>() {
            Ok(seed) => seed,
            Err(_) => {
                self.problem(
                    key,
                    format!("seed “{raw}” is not a whole number from 0 to {}. Using {current}.", u64::MAX),
                );
                current
            }
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

pub(super) fn bytes(count: usize) -> String {
    const GB: f64 = 1e9;
    const MB: f64 = 1e6;
    let count = count as f64;
    if count >= GB { format!("{:.1} GB", count / GB) } else { format!("{:.0} MB", count / MB) }
}

//! Reading a query: one demo's parameters, the whole page's state over a base, and a form
//! edit parsed again with the rest of the query; every value that cannot be used becomes a
//! [`Problem`].

use std::fmt;

use super::{Checker, Demo, DemoParams, Limits, PageState, Theme};

/// Reads `key` into `params` if it is one of `P`'s keys, putting a late key off into `later`;
/// false when the key is not `P`'s.
pub(super) fn read_key<'a, P: DemoParams>(
    params: &mut P,
    (key, raw): (&str, &'a str),
    check: &mut Checker,
    limits: &Limits,
    later: &mut Vec<(&'static str, &'a str)>,
) -> bool {
    let Some(key) = P::KEYS.iter().copied().find(|k| *k == key) else { return false };
    if P::LATE_KEYS.contains(&key) {
        later.push((key, raw));
    } else {
        params.read(key, raw, check, limits);
    }
    true
}

/// Puts the late keys in `late`'s order, each key's values in the query's order: a late key's
/// limits may depend on a late key listed before it. (A stable sort: a hostile link may hold
/// a million of them.)
fn in_late_order(later: &mut [(&'static str, &str)], late: &[&str]) {
    later.sort_by_key(|(key, _)| late.iter().position(|k| k == key));
}

/// One demo's parameters alone, read from `pairs` by the rules of [`parse`] (each key that is not
/// one of `P`'s is a problem): for a demo's tests, and a demo not yet in the registry.
pub fn parse_params<'a, P: DemoParams>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    limits: impl Into<Limits>,
) -> (P, Vec<Problem>) {
    let limits = limits.into();
    let mut params = P::defaults(&limits);
    let mut check = Checker::default();
    let mut later = Vec::new();
    for (key, raw) in pairs {
        if !read_key(&mut params, (key, raw), &mut check, &limits, &mut later) {
            check.problem(
                key,
                format!("parameter “{key}” is unknown and was ignored; this demo's are: {}.", P::KEYS.join(", ")),
            );
        }
    }
    in_late_order(&mut later, P::LATE_KEYS);
    for (key, raw) in later {
        params.read(key, raw, &mut check, &limits);
    }
    (params, check.finish())
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
    ///
    /// A value that cannot be read at all keeps the value the field had (a link's falls back to
    /// the default): typing `abc` into n leaves n as it was.
    pub fn apply(&self, state: &PageState, limits: impl Into<Limits>) -> Parsed {
        let limits = limits.into();
        let mut pairs = state.to_query();
        let new_demo = self.key == "demo";
        pairs.retain(|(key, _)| *key != self.key && (!new_demo || *key == "embed" || *key == "theme"));
        pairs.push((self.key, self.value.clone()));
        let base = if new_demo { PageState::defaults(limits) } else { *state };
        parse_over(base, pairs.iter().map(|(key, value)| (*key, value.as_str())), limits)
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
    let limits = limits.into();
    parse_over(PageState::defaults(limits), pairs, limits)
}

/// [`parse`], with `base` giving the value a parameter keeps when its given value cannot be read.
fn parse_over<'a>(base: PageState, pairs: impl IntoIterator<Item = (&'a str, &'a str)>, limits: Limits) -> Parsed {
    let pairs: Vec<(&str, &str)> = pairs.into_iter().collect();
    let mut state = base;
    let mut check = Checker::default();
    // `demo` first: it decides which other parameters apply.
    for &(key, raw) in pairs.iter().filter(|(key, _)| *key == "demo") {
        state.demo = check.choice(key, raw, state.demo, Demo::ALL, Demo::name);
    }
    let demo = state.demo;
    let mut later = Vec::new();
    for &(key, raw) in &pairs {
        let own = match key {
            "demo" => true,
            "autorun" => {
                state.autorun = check.flag(key, raw, false);
                true
            }
            "embed" => {
                state.embed = check.flag(key, raw, false);
                true
            }
            "theme" => {
                state.theme = check.choice(key, raw, state.theme, &Theme::ALL, Theme::name);
                true
            }
            _ => state.read_own((key, raw), &mut check, &limits, &mut later),
        };
        if !own {
            check.problem(
                key,
                format!(
                    "parameter “{key}” {} and was ignored; the {} demo's parameters are: {}, autorun, embed, theme.",
                    if Demo::ALL.iter().any(|d| d.parameters().contains(&key)) {
                        format!("does not apply to the {} demo", demo.name())
                    } else {
                        "is unknown".to_owned()
                    },
                    demo.name(),
                    demo.parameters().join(", ")
                ),
            );
        }
    }
    in_late_order(&mut later, demo.late_parameters());
    for (key, raw) in later {
        state.read_late(key, raw, &mut check, &limits);
    }
    Parsed { state, problems: check.finish() }
}

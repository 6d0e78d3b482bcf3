//! The page's state as URL query parameters: parsed, validated, and written back.
//!
//! Form fields go through the same path (the field's new value replaces its parameter and the
//! whole query is parsed again), so a value typed into the page and a value in a link are held
//! to the same rules and get the same messages. Bad values never fail the page: each becomes a
//! [`Problem`] that the page shows, and the state holds a usable value in its place (the default,
//! or the nearest allowed value).

mod checker;
mod limits;
mod parse;

pub use crate::barrier::BarrierParams;
pub use crate::cpu_scheduling::CpuSchedulingParams;
pub use crate::io::IoParams;
pub use crate::levels::LevelsParams;
pub use crate::map::MapParams;
pub use crate::pipeline::PipelineParams;
pub use crate::producer_consumer::PcParams;
pub use crate::race::RaceParams;
pub use crate::schedule::ScheduleParams;
pub use crate::sort_merge::SortParams;
pub use crate::taskgraph::TaskGraphParams;
pub use checker::{Checker, MAX_PROBLEMS, group, parse_count};
pub use limits::{
    FULL_MEMORY_BYTES, Limits, MAX_OVERSUBSCRIBED_THREADS, MAX_POOL_SIZE, MEMORY_RESERVE_BYTES, MIN_LESSON_THREADS,
    OVERSUBSCRIPTION, WORKER_BYTES,
};
use parse::read_key;
pub use parse::{ParamEdit, Parsed, Problem, parse, parse_params};

use std::num::NonZeroUsize;

use crate::philosophers::DinnerConfig;

pub const DEFAULT_N: usize = 10_000_000;
pub const DEFAULT_REPEATS: usize = 3;
pub const MAX_REPEATS: usize = 25;
pub const DEFAULT_SEED: u64 = 42;

/// A demo's parameters: the URL keys it owns, its defaults, how one value is read and checked,
/// and the query that reproduces it. One generic parse serves every demo.
pub trait DemoParams: Sized {
    /// The URL keys this demo reads, besides `demo`, `autorun` and `embed`.
    const KEYS: &'static [&'static str];
    /// Keys read after all the others, because their limits depend on them; in this order.
    const LATE_KEYS: &'static [&'static str] = &[];

    fn defaults(limits: &Limits) -> Self;
    /// Reads `raw` into the parameter `key` (one of [`Self::KEYS`]), reporting a value that
    /// cannot be used to `check` and keeping a usable one.
    fn read(&mut self, key: &'static str, raw: &str, check: &mut Checker, limits: &Limits);
    /// The query pairs that reproduce these parameters, in a stable order.
    fn to_query(&self) -> Vec<(&'static str, String)>;
}

/// `repeats`' default, as a count of runs.
pub(crate) fn default_repeats() -> NonZeroUsize {
    NonZeroUsize::new(DEFAULT_REPEATS).unwrap_or(NonZeroUsize::MIN)
}

/// The demos, one line each: the [`Demo`] variant, its `demo=` name, its field in
/// [`PageState`] and the type of its parameters. The rest of this module goes through every
/// demo by way of what this generates, so a new demo is one line here (and one in the web
/// crate's registry, which adds its title and view).
macro_rules! demo_registry {
    ($($variant:ident $name:literal $field:ident: $params:ty,)+) => {
        /// The demos a page can show (`demo=`); the first is the default.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Demo {
            $($variant,)+
        }

        impl Demo {
            pub const ALL: &'static [Demo] = &[$(Demo::$variant,)+];

            pub fn name(self) -> &'static str {
                match self {
                    $(Demo::$variant => $name,)+
                }
            }

            /// The URL parameters this demo reads, besides `demo`, `autorun` and `embed`.
            pub fn parameters(self) -> &'static [&'static str] {
                match self {
                    $(Demo::$variant => <$params as DemoParams>::KEYS,)+
                }
            }

            /// The parameters of [`parameters`](Self::parameters) read after the others.
            fn late_parameters(self) -> &'static [&'static str] {
                match self {
                    $(Demo::$variant => <$params as DemoParams>::LATE_KEYS,)+
                }
            }
        }

        /// Everything the URL holds: the current demo's parameters (the others keep their
        /// defaults), `autorun` and `embed`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct PageState {
            pub demo: Demo,
            $(pub $field: $params,)+
            pub autorun: bool,
            /// `embed=1`: the compact layout for an iframe (no site header, tabs, footer or
            /// long prose).
            pub embed: bool,
            pub theme: Theme,
        }

        impl PageState {
            fn demo_defaults(limits: &Limits) -> Self {
                Self {
                    demo: Demo::ALL[0],
                    $($field: <$params as DemoParams>::defaults(limits),)+
                    autorun: false,
                    embed: false,
                    theme: Theme::Auto,
                }
            }

            /// The current demo's own query pairs.
            fn own_query(&self) -> Vec<(&'static str, String)> {
                match self.demo {
                    $(Demo::$variant => self.$field.to_query(),)+
                }
            }

            /// Reads `key` if it is one of the current demo's parameters; see [`read_key`].
            fn read_own<'a>(
                &mut self,
                pair: (&str, &'a str),
                check: &mut Checker,
                limits: &Limits,
                later: &mut Vec<(&'static str, &'a str)>,
            ) -> bool {
                match self.demo {
                    $(Demo::$variant => read_key(&mut self.$field, pair, check, limits, later),)+
                }
            }

            /// Reads a key that [`read_own`](Self::read_own) put off.
            fn read_late(&mut self, key: &'static str, raw: &str, check: &mut Checker, limits: &Limits) {
                match self.demo {
                    $(Demo::$variant => self.$field.read(key, raw, check, limits),)+
                }
            }
        }
    };
}

demo_registry! {
    Map "map" map: MapParams,
    Sort "sort" sort: SortParams,
    Philosophers "philosophers" philosophers: DinnerConfig,
    Race "race" race: RaceParams,
    Barrier "barrier" barrier: BarrierParams,
    ProducerConsumer "producer-consumer" producer_consumer: PcParams,
    Pipeline "pipeline" pipeline: PipelineParams,
    Schedule "schedule" schedule: ScheduleParams,
    CpuScheduling "cpu-scheduling" cpu_scheduling: CpuSchedulingParams,
    Io "io" io: IoParams,
    TaskGraph "taskgraph" taskgraph: TaskGraphParams,
    Levels "levels" levels: LevelsParams,
}

/// `theme=`: the page's colours. `auto` follows the system's light or dark setting; an
/// embedding page can pass its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::Auto, Theme::Light, Theme::Dark];

    pub fn name(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

impl Default for Demo {
    fn default() -> Self {
        Demo::ALL[0]
    }
}

impl PageState {
    /// Defaults for a page with these limits: its default thread count (the whole pool, see
    /// [`Limits::default_threads`]), and n no larger than its memory holds.
    pub fn defaults(limits: impl Into<Limits>) -> Self {
        Self::demo_defaults(&limits.into())
    }

    /// The query pairs that reproduce this state, in a stable order. `autorun` is left out:
    /// a link the page writes while a person edits it should not start a run when opened.
    /// `embed=1` stays, so an embedded page that reloads stays embedded.
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut pairs = self.demo_query();
        if self.embed {
            pairs.push(("embed", "1".to_owned()));
        }
        pairs.extend(self.theme_query());
        pairs
    }

    /// The query of a link to this exact state, for sharing: every parameter of the demo,
    /// `threads` included (an instructor pins k for a class), the full page or the embedded
    /// one, and with `autorun=1` when the link should start the run as it opens.
    pub fn share_query(&self, embed: bool, autorun: bool) -> Vec<(&'static str, String)> {
        self.link_query(self.demo_query(), embed, autorun)
    }

    /// Like [`share_query`](Self::share_query) but without `threads`: a link that opens with the
    /// visitor's own default k (their device's cores), for a person who wants that instead of
    /// the exact k. The same as the exact link for a demo without `threads`.
    pub fn adaptive_share_query(&self, embed: bool, autorun: bool) -> Vec<(&'static str, String)> {
        let mut pairs = self.demo_query();
        pairs.retain(|(key, _)| *key != "threads");
        self.link_query(pairs, embed, autorun)
    }

    /// `pairs`, then `autorun=1`, `embed=1` and the theme as asked.
    fn link_query(
        &self,
        mut pairs: Vec<(&'static str, String)>,
        embed: bool,
        autorun: bool,
    ) -> Vec<(&'static str, String)> {
        if autorun {
            pairs.push(("autorun", "1".to_owned()));
        }
        if embed {
            pairs.push(("embed", "1".to_owned()));
        }
        pairs.extend(self.theme_query());
        pairs
    }

    /// `theme`, unless it is `auto` (the default).
    fn theme_query(&self) -> Option<(&'static str, String)> {
        (self.theme != Theme::Auto).then(|| ("theme", self.theme.name().to_owned()))
    }

    /// `demo` and the current demo's own parameters.
    fn demo_query(&self) -> Vec<(&'static str, String)> {
        std::iter::once(("demo", self.demo.name().to_owned())).chain(self.own_query()).collect()
    }
}

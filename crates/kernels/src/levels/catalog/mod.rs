//! The levels, in the order a person plays them: each buggy level followed by its fixed twin,
//! which has the same goal and no order of steps that reaches it.

mod races;
mod waiting;

use std::sync::OnceLock;

use super::goal::Goal;
use super::program::Program;

/// A full-scale demo that shows the level's bug at speed: its `demo=` name and the rest of its
/// query (empty for the demo's defaults).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoLink {
    pub demo: &'static str,
    pub query: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Level {
    pub id: &'static str,
    pub title: &'static str,
    pub fixed: bool,
    pub goal: Goal,
    /// The challenge, as the page states it.
    pub goal_text: &'static str,
    /// For a buggy level, what went wrong, shown when the goal is reached; for a fixed level,
    /// why no order of steps reaches it.
    pub lesson: &'static str,
    pub demo: DemoLink,
    /// The fewest moves that reach the goal, as [`explore`](crate::levels::explore()) measured it;
    /// `None` for a fixed level, which cannot be won.
    pub par: Option<usize>,
    pub program: Program,
}

/// A buggy level and its fix, which share the goal and the demo.
struct Twins {
    ids: [&'static str; 2],
    titles: [&'static str; 2],
    goal_text: &'static str,
    /// What went wrong in the buggy level, then why the fix holds.
    lessons: [&'static str; 2],
    demo: DemoLink,
    par: usize,
    /// The program and its goal; the fixed program when the flag is true.
    build: fn(bool) -> (Program, Goal),
}

impl Twins {
    fn levels(&self) -> [Level; 2] {
        [false, true].map(|fixed| {
            let (program, goal) = (self.build)(fixed);
            let index = usize::from(fixed);
            Level {
                id: self.ids[index],
                title: self.titles[index],
                fixed,
                goal,
                goal_text: self.goal_text,
                lesson: self.lessons[index],
                demo: self.demo,
                par: (!fixed).then_some(self.par),
                program,
            }
        })
    }
}

/// Every level: buggy ones at even positions, each followed by its fixed twin.
pub fn levels() -> &'static [Level] {
    static LEVELS: OnceLock<Vec<Level>> = OnceLock::new();
    LEVELS.get_or_init(|| {
        [
            races::LOST_UPDATE,
            races::CHECK_THEN_ACT,
            races::FLAG_LOCK,
            races::LOCK_ORDER,
            races::RELOCK,
            waiting::IF_WAIT,
            waiting::LOST_WAKEUP,
            waiting::HOLD_LOCK,
            waiting::EVENT_GATE,
            waiting::BARRIER_REUSE,
        ]
        .iter()
        .flat_map(Twins::levels)
        .collect()
    })
}

/// A level, by its position in [`levels`] (ordered as they are played): small and `Copy`, for the
/// page's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct LevelId(u8);

/// The levels' ids, in [`levels`]' order (a test checks). Reading a link's `level=` needs only
/// these, not the programs: the app's every part parses every demo's parameters, and the
/// catalog's programs then stay in the part that plays them (measured 2026-12-05: 33 KB of raw
/// wasm out of the part without the levels).
pub const LEVEL_NAMES: [&str; 20] = [
    "lost-update",
    "lost-update-fixed",
    "check-then-act",
    "check-then-act-fixed",
    "flag-lock",
    "flag-lock-fixed",
    "lock-order",
    "lock-order-fixed",
    "relock",
    "relock-fixed",
    "if-wait",
    "if-wait-fixed",
    "lost-wakeup",
    "lost-wakeup-fixed",
    "hold-lock",
    "hold-lock-fixed",
    "event-gate",
    "event-gate-fixed",
    "barrier-reuse",
    "barrier-reuse-fixed",
];

impl LevelId {
    pub fn all() -> Vec<LevelId> {
        (0..LEVEL_NAMES.len()).filter_map(|index| u8::try_from(index).ok()).map(LevelId).collect()
    }

    pub fn from_name(name: &str) -> Option<LevelId> {
        LevelId::all().into_iter().find(|id| id.name() == name)
    }

    pub fn name(self) -> &'static str {
        LEVEL_NAMES[usize::from(self.0)]
    }

    pub fn level(self) -> &'static Level {
        &levels()[usize::from(self.0)]
    }

    /// The buggy level's fix, or the fixed level's bug.
    pub fn twin(self) -> LevelId {
        LevelId(self.0 ^ 1)
    }
}

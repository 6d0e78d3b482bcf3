//! "Beat the scheduler": short pseudo-Python programs of two or three threads, in which the
//! person plays the scheduler. Each move picks the thread that takes its next atomic step, and
//! the person wins by finding an order that breaks the program: a lost update, two threads in a
//! critical section, a deadlock, a thread that waits forever.
//!
//! Every buggy level has a fixed twin with the same goal, and [`explore`] searches every order
//! of steps: the shortest win of a buggy level is its par, and a fixed level has none. The
//! engine is pure and deterministic, so the page, the tests and the search share it.

mod builder;
mod catalog;
mod explore;
mod goal;
mod machine;
mod params;
mod program;
mod state;
mod value;

pub use builder::{ProgramBuilder, ThreadBuilder};
pub use catalog::{DemoLink, LEVEL_NAMES, Level, LevelId, levels};
pub use explore::{Exploration, explore};
pub use goal::Goal;
pub use machine::{Machine, Refused, Replay, StepOutcome, replay};
pub use params::{LevelsParams, MAX_MOVES, Moves, TooManyMoves};
pub use program::{
    Check, ConditionDecl, LockDecl, LockKind, Op, Program, SemaphoreDecl, SharedVar, Step, Test, ThreadCode,
};
pub use state::{Blocked, LockState, State, ThreadState};
pub use value::Value;

//! The dining philosophers (Dijkstra 1965): N philosophers around a table, a chopstick between
//! each two, and a philosopher eats only with both neighbouring chopsticks in hand.
//!
//! The same protocols run two ways: on real threads with real locks ([`table`], one thread per
//! philosopher, a watchdog that finds a deadlock in the wait-for graph and breaks it), and in a
//! seeded, deterministic simulation on one thread ([`simulate`], the same protocols as state
//! machines, which also lets [`explore::explore`] check every interleaving for small N). Both
//! record an event [`Event`] trace that [`check`] verifies and measures.

pub mod check;
pub mod explore;
mod params;
pub mod simulate;
pub mod table;
pub mod wait_for;

use crate::clock::Clock;
use crate::control::RunControl;
use crate::rng::SplitMix64;

pub const MIN_PHILOSOPHERS: usize = 2;
pub const MAX_PHILOSOPHERS: usize = 16;
pub const MAX_MEALS: usize = 1000;
/// Longest think or eat time a URL may ask for, in milliseconds.
pub const MAX_ACTIVITY_MS: u32 = 100;

/// How philosophers pick up their chopsticks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Strategy {
    /// Left, then right. Can deadlock: everyone holding a left chopstick, waiting for a right one.
    Naive,
    /// Dijkstra's resource ordering: the lower-numbered chopstick first. No cycle can form.
    Ordered,
    /// An arbitrator lets at most N − 1 philosophers sit at once: one always finds both free.
    Waiter,
    /// Chandy–Misra: chopsticks are clean or dirty; a hungry philosopher gets a dirty one from a
    /// neighbour who is not eating, and keeps a clean one until it has eaten.
    ChandyMisra,
    /// Left, then *try* right; if it is taken, put the left down and start again.
    TryBackOff,
}

impl Strategy {
    pub const ALL: [Strategy; 5] =
        [Strategy::Naive, Strategy::Ordered, Strategy::Waiter, Strategy::ChandyMisra, Strategy::TryBackOff];

    /// The URL and form value.
    pub fn name(self) -> &'static str {
        match self {
            Strategy::Naive => "naive",
            Strategy::Ordered => "ordered",
            Strategy::Waiter => "waiter",
            Strategy::ChandyMisra => "chandy-misra",
            Strategy::TryBackOff => "try-back-off",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }

    pub fn description(self) -> &'static str {
        match self {
            Strategy::Naive => "naive — left then right (can deadlock)",
            Strategy::Ordered => "ordered — lower chopstick first (Dijkstra)",
            Strategy::Waiter => "waiter — at most N−1 seated",
            Strategy::ChandyMisra => "chandy-misra — clean and dirty chopsticks",
            Strategy::TryBackOff => "try-back-off — put the left down if the right is taken",
        }
    }
}

/// One dinner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DinnerConfig {
    pub philosophers: usize,
    pub meals: usize,
    pub strategy: Strategy,
    /// Everyone first takes one chopstick and waits (up to [`table::BARRIER_TIMEOUT_MS`]) until
    /// all have one, so a protocol that can deadlock does.
    pub force_deadlock: bool,
    pub seed: u64,
    pub think_ms: u32,
    pub eat_ms: u32,
    /// Each think and eat lasts between half and one and a half times its base length.
    pub jitter: bool,
}

impl DinnerConfig {
    /// The chopstick to philosopher `p`'s left (same number as the philosopher).
    pub fn left(&self, p: usize) -> usize {
        p
    }

    /// The chopstick to philosopher `p`'s right.
    pub fn right(&self, p: usize) -> usize {
        (p + 1) % self.philosophers
    }

    /// The chopstick `p` picks up first and second under this strategy.
    pub fn pick_order(&self, p: usize) -> (usize, usize) {
        let (left, right) = (self.left(p), self.right(p));
        match self.strategy {
            Strategy::Ordered => (left.min(right), left.max(right)),
            _ => (left, right),
        }
    }

    /// How long `p` thinks (or eats) before meal `meal`, in milliseconds of CPU work: the same
    /// for a given seed in both the threaded and the simulated dinner.
    pub fn duration_ms(&self, p: usize, meal: usize, eating: bool) -> f64 {
        let base = f64::from(if eating { self.eat_ms } else { self.think_ms });
        if !self.jitter {
            return base;
        }
        let mut rng = SplitMix64::new(self.seed ^ ((p as u64) << 40) ^ ((meal as u64) << 1) ^ u64::from(eating));
        base * (0.5 + (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64)
    }

    /// Progress units of one dinner: its meals.
    pub fn total_meals(&self) -> u64 {
        (self.philosophers * self.meals) as u64
    }

    /// At most this many can eat at once: every eater holds two of the N chopsticks.
    pub fn eating_bound(&self) -> usize {
        self.philosophers / 2
    }
}

/// What happened, in the order it happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    Think,
    Hungry,
    PickUp(usize),
    Eat,
    PutDown(usize),
    Done,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Event {
    /// Position in the dinner's total order of events.
    pub seq: u64,
    /// Milliseconds since the dinner began.
    pub t_ms: f64,
    pub philosopher: usize,
    pub kind: EventKind,
}

/// A philosopher in a deadlock: holding one chopstick, waiting for another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Waiting {
    pub philosopher: usize,
    pub holds: usize,
    pub wants: usize,
    pub held_by: usize,
}

/// How a dinner ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Ending {
    /// Everyone ate every meal.
    Finished,
    /// A cycle in the wait-for graph: each waits for a chopstick the next one holds. The run
    /// was stopped and every thread returned.
    Deadlock {
        cycle: Vec<Waiting>,
    },
    Cancelled,
}

/// One dinner's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Dinner {
    pub trace: Vec<Event>,
    pub ending: Ending,
    pub wall_ms: f64,
    /// Real threads that took part (1 for the simulation).
    pub threads: usize,
    /// For a dinner that was stopped: how many events came before the stop. Those after it are
    /// the threads letting go of their chopsticks on the way out.
    pub stopped_at: Option<usize>,
}

/// A fixed amount of CPU work per millisecond, measured once per dinner, so think and eat are
/// real work (which takes longer when more threads than cores share the machine), not sleeps.
#[derive(Debug, Clone, Copy)]
pub struct Work {
    units_per_ms: f64,
}

impl Work {
    /// Work units are checked against `stop` every this many.
    const STRIDE: u64 = 4096;

    /// Measures how many work units this machine does per millisecond (about 7 ms), so a
    /// millisecond of work is what this thread does in a millisecond when it has a core to itself.
    ///
    /// The first 2 ms are not counted: a browser runs new WebAssembly with a quick baseline
    /// compiler first and switches a function to its optimised code at a later call, so the
    /// measurement calls the same [`spin`] that [`Work::run`] calls, many times. Then the fastest
    /// of five 1 ms windows counts: a window in which other threads of the pool took the core
    /// would stretch every later millisecond of work. (Measured in Chromium on 2 cores with a
    /// pool of 17, whose idle threads spin when a run begins: with one 5 ms window, the same
    /// nominal 240 ms of work took from 20 to 275 ms from one page load to the next.)
    pub fn calibrate(clock: &dyn Clock) -> Self {
        const CHUNK: u64 = 20_000;
        let warm_up = clock.now_ms();
        let mut state = 1u64;
        while clock.now_ms() - warm_up < 2.0 {
            state = spin(state, CHUNK);
        }
        let mut best = 0.0f64;
        for _ in 0..5 {
            let began = clock.now_ms();
            let mut units = 0u64;
            while clock.now_ms() - began < 1.0 {
                state = spin(state, CHUNK);
                units += CHUNK;
            }
            best = best.max(units as f64 / (clock.now_ms() - began).max(1e-3));
        }
        std::hint::black_box(state);
        Self { units_per_ms: best }
    }

    /// Does `ms` milliseconds' worth of work; returns early (false) once `stop` says so.
    pub fn run(&self, ms: f64, stop: impl Fn() -> bool) -> bool {
        let mut left = (ms * self.units_per_ms) as u64;
        let mut state = left | 1;
        while left > 0 {
            if stop() {
                return false;
            }
            let now = left.min(Self::STRIDE);
            state = spin(state, now);
            left -= now;
        }
        std::hint::black_box(state);
        true
    }
}

/// Never inlined: calibration and work must run the same compiled function (see
/// [`Work::calibrate`]). Measured in Chromium: inlined, "400 µs of work" lasted 260 µs, then
/// (with a warm-up in the calibrating loop itself) 50 µs.
#[inline(never)]
fn spin(mut state: u64, units: u64) -> u64 {
    for _ in 0..units {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
    }
    std::hint::black_box(state)
}

/// Runs both dinners of the demo: the simulation (sequential) and the threads (parallel).
pub struct DinnerReport {
    pub sequential: Dinner,
    pub parallel: Option<Result<Dinner, table::TableError>>,
}

impl DinnerReport {
    /// Whether either dinner was cancelled: then the run as a whole was, and nothing of it is kept.
    pub fn was_cancelled(&self) -> bool {
        let threads_cancelled = matches!(&self.parallel, Some(Ok(dinner)) if dinner.ending == Ending::Cancelled);
        self.sequential.ending == Ending::Cancelled || threads_cancelled
    }
}

/// The simulation, then (if `parallel`) the real threads, with one calibration for both.
pub fn run_dinners(config: &DinnerConfig, parallel: bool, control: &RunControl, clock: &dyn Clock) -> DinnerReport {
    let work = Work::calibrate(clock);
    let sequential = simulate::simulate(config, &work, control, clock);
    let parallel =
        (parallel && sequential.ending != Ending::Cancelled).then(|| table::run_threads(config, &work, control, clock));
    DinnerReport { sequential, parallel }
}

/// The strategies comparison: both dinners for every strategy at the same settings (stops at the
/// first cancelled one).
pub fn run_all_strategies(
    config: &DinnerConfig,
    parallel: bool,
    control: &RunControl,
    clock: &dyn Clock,
) -> Vec<(Strategy, DinnerReport)> {
    let mut reports = Vec::new();
    for strategy in Strategy::ALL {
        if control.is_cancelled() {
            break;
        }
        reports.push((strategy, run_dinners(&DinnerConfig { strategy, ..*config }, parallel, control, clock)));
    }
    reports
}

//! The dinner simulated on one thread: the same protocols as state machines, interleaved by a
//! seeded scheduler, so the same seed always gives the same order of events.
//!
//! Each [`Model::step`] is one atomic action of one philosopher (take a chopstick, or eat with
//! both and put them down). [`simulate`] picks the next philosopher at random among those that
//! can act and does the think and eat work for real, one philosopher at a time; [`super::explore`]
//! visits every interleaving of a small dinner instead, to show which protocols can deadlock.

use super::wait_for::find_cycle;
use super::{Dinner, DinnerConfig, Ending, Event, EventKind, Strategy, Waiting, Work};
use crate::clock::Clock;
use crate::control::RunControl;
use crate::rng::SplitMix64;

const NOBODY: usize = usize::MAX;

/// Scheduler steps per philosopher after which a closed barrier opens in the simulation.
pub const BARRIER_PATIENCE: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Phase {
    Thinking,
    WantSeat,
    /// Lock strategies: waiting for the first chopstick; Chandy–Misra: for the left one.
    WantFirst,
    /// Holding the first chopstick at the forced-deadlock barrier.
    AtBarrier,
    /// Lock strategies: waiting for the second chopstick; Chandy–Misra: for the right one.
    WantSecond,
    Done,
}

/// What a step asks the simulator to do, in order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Effect {
    Event(EventKind),
    Work { ms: f64 },
}

/// The whole table's state between two steps.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Model {
    phase: Vec<Phase>,
    meals: Vec<usize>,
    /// Lock strategies: who holds each chopstick.
    holder: Vec<usize>,
    /// Chandy–Misra: who owns each chopstick, and whether it is dirty.
    owner: Vec<usize>,
    dirty: Vec<bool>,
    seated: usize,
    /// Forced deadlock: who has been to the barrier, how many are there, and whether it opened.
    met: Vec<bool>,
    arrived: usize,
    barrier_open: bool,
}

impl Model {
    pub fn new(config: &DinnerConfig) -> Self {
        let n = config.philosophers;
        Self {
            phase: vec![Phase::Thinking; n],
            meals: vec![0; n],
            holder: vec![NOBODY; n],
            owner: (0..n).map(|stick| stick.min((stick + 1) % n)).collect(),
            dirty: vec![true; n],
            seated: 0,
            met: vec![false; n],
            arrived: 0,
            barrier_open: false,
        }
    }

    pub fn all_done(&self) -> bool {
        self.phase.iter().all(|&p| p == Phase::Done)
    }

    /// The chopstick `p` is waiting for, if it is waiting for one.
    fn wanted(&self, config: &DinnerConfig, p: usize) -> Option<usize> {
        let cm = config.strategy == Strategy::ChandyMisra;
        match self.phase[p] {
            Phase::WantFirst if cm => Some(config.left(p)),
            Phase::WantSecond if cm => Some(config.right(p)),
            Phase::WantFirst => Some(config.pick_order(p).0),
            Phase::WantSecond => Some(config.pick_order(p).1),
            _ => None,
        }
    }

    /// Chandy–Misra: `p` owns `stick` or may take it (dirty: its owner must hand it over).
    fn obtainable(&self, p: usize, stick: usize) -> bool {
        self.owner[stick] == p || self.dirty[stick]
    }

    /// Whether `p` can act now.
    pub fn can_step(&self, config: &DinnerConfig, p: usize) -> bool {
        let cm = config.strategy == Strategy::ChandyMisra;
        match self.phase[p] {
            Phase::Thinking => true,
            Phase::Done => false,
            Phase::WantSeat => self.seated < config.philosophers - 1,
            Phase::AtBarrier => self.barrier_open || self.arrived >= config.philosophers,
            Phase::WantFirst | Phase::WantSecond => {
                let stick = self.wanted(config, p).unwrap_or(NOBODY);
                if cm {
                    self.obtainable(p, stick)
                } else {
                    self.holder[stick] == NOBODY
                        || (config.strategy == Strategy::TryBackOff && self.phase[p] == Phase::WantSecond)
                }
            }
        }
    }

    /// Opens the forced-deadlock barrier if someone waits at it; returns whether it did. The
    /// threads' barrier opens after a timeout; the simulation opens it when nobody can act
    /// otherwise, or after [`BARRIER_PATIENCE`] steps per philosopher by those already past it.
    pub fn open_barrier(&mut self) -> bool {
        if !self.barrier_open && self.phase.contains(&Phase::AtBarrier) {
            self.barrier_open = true;
            return true;
        }
        false
    }

    fn someone_at_closed_barrier(&self) -> bool {
        !self.barrier_open && self.phase.contains(&Phase::AtBarrier)
    }

    /// One atomic action of `p` (which must be able to act), as the effects it has.
    pub fn step(&mut self, config: &DinnerConfig, p: usize) -> Vec<Effect> {
        let meal = self.meals[p];
        let force = config.force_deadlock && meal == 0;
        let cm = config.strategy == Strategy::ChandyMisra;
        match self.phase[p] {
            Phase::Thinking => {
                self.phase[p] = if config.strategy == Strategy::Waiter { Phase::WantSeat } else { Phase::WantFirst };
                vec![
                    Effect::Event(EventKind::Think),
                    Effect::Work { ms: config.duration_ms(p, meal, false) },
                    Effect::Event(EventKind::Hungry),
                ]
            }
            Phase::WantSeat => {
                self.seated += 1;
                self.phase[p] = Phase::WantFirst;
                Vec::new()
            }
            Phase::WantFirst => {
                let stick = self.wanted(config, p).unwrap_or(NOBODY);
                let effects = if cm {
                    self.take_ownership(p, stick);
                    Vec::new()
                } else {
                    self.holder[stick] = p;
                    vec![Effect::Event(EventKind::PickUp(stick))]
                };
                self.phase[p] = if force && !self.met[p] && !self.barrier_open {
                    self.met[p] = true;
                    self.arrived += 1;
                    Phase::AtBarrier
                } else {
                    Phase::WantSecond
                };
                effects
            }
            Phase::AtBarrier => {
                self.phase[p] = Phase::WantSecond;
                Vec::new()
            }
            Phase::WantSecond if cm => {
                let (left, right) = (config.left(p), config.right(p));
                self.take_ownership(p, right);
                if self.owner[left] != p {
                    // The left one was dirty and a neighbour took it meanwhile: start over.
                    self.phase[p] = Phase::WantFirst;
                    return Vec::new();
                }
                self.dirty[left] = true;
                self.dirty[right] = true;
                self.eat(config, p, [left, right])
            }
            Phase::WantSecond => {
                let (first, second) = config.pick_order(p);
                if self.holder[second] != NOBODY {
                    // Only try-back-off gets here: put the first one down and start again.
                    self.holder[first] = NOBODY;
                    self.phase[p] = Phase::WantFirst;
                    return vec![Effect::Event(EventKind::PutDown(first))];
                }
                self.holder[first] = NOBODY;
                if config.strategy == Strategy::Waiter {
                    self.seated -= 1;
                }
                let mut effects = vec![Effect::Event(EventKind::PickUp(second))];
                effects.extend(self.eat(config, p, [first, second]));
                effects
            }
            Phase::Done => Vec::new(),
        }
    }

    fn take_ownership(&mut self, p: usize, stick: usize) {
        if self.owner[stick] != p {
            self.owner[stick] = p;
            self.dirty[stick] = false;
        }
    }

    /// Eat with `sticks` (first, second) in hand, then put them down: one step, as nothing in
    /// between is visible to anyone else.
    fn eat(&mut self, config: &DinnerConfig, p: usize, [first, second]: [usize; 2]) -> Vec<Effect> {
        let meal = self.meals[p];
        let mut effects = Vec::with_capacity(7);
        if config.strategy == Strategy::ChandyMisra {
            effects.push(Effect::Event(EventKind::PickUp(first)));
            effects.push(Effect::Event(EventKind::PickUp(second)));
        }
        effects.extend([
            Effect::Event(EventKind::Eat),
            Effect::Work { ms: config.duration_ms(p, meal, true) },
            Effect::Event(EventKind::PutDown(second)),
            Effect::Event(EventKind::PutDown(first)),
        ]);
        self.meals[p] += 1;
        if self.meals[p] == config.meals {
            self.phase[p] = Phase::Done;
            effects.push(Effect::Event(EventKind::Done));
        } else {
            self.phase[p] = Phase::Thinking;
        }
        effects
    }

    /// With nobody able to act: the cycle of philosophers each waiting for the next one's
    /// chopstick, if there is one.
    pub fn deadlock_cycle(&self, config: &DinnerConfig) -> Option<Vec<Waiting>> {
        let cm = config.strategy == Strategy::ChandyMisra;
        let n = config.philosophers;
        let held_by = |stick: usize| if cm { self.owner[stick] } else { self.holder[stick] };
        let next: Vec<Option<usize>> =
            (0..n).map(|p| self.wanted(config, p).map(held_by).filter(|&by| by != NOBODY && by != p)).collect();
        let cycle = find_cycle(&next)?;
        Some(
            cycle
                .iter()
                .map(|&p| {
                    let wants = self.wanted(config, p).unwrap_or(NOBODY);
                    let holds = if wants == config.left(p) { config.right(p) } else { config.left(p) };
                    Waiting { philosopher: p, holds, wants, held_by: held_by(wants) }
                })
                .collect(),
        )
    }
}

/// The simulated dinner: a seeded scheduler picks who acts next, and the think and eat work is
/// done for real, one philosopher at a time.
pub fn simulate(config: &DinnerConfig, work: &Work, control: &RunControl, clock: &dyn Clock) -> Dinner {
    let mut simulation = Simulation::new(config, clock);
    loop {
        if let Some(dinner) = simulation.step(work, control, clock) {
            return dinner;
        }
    }
}

/// [`simulate`] one scheduler step at a time, so a page without threads can give the browser a
/// turn between steps.
#[derive(Debug)]
pub struct Simulation {
    config: DinnerConfig,
    model: Model,
    rng: SplitMix64,
    trace: Vec<Event>,
    seq: u64,
    steps_at_barrier: usize,
    origin: f64,
}

impl Simulation {
    pub fn new(config: &DinnerConfig, clock: &dyn Clock) -> Self {
        Self {
            config: *config,
            model: Model::new(config),
            rng: SplitMix64::new(config.seed),
            trace: Vec::new(),
            seq: 0,
            steps_at_barrier: 0,
            origin: clock.now_ms(),
        }
    }

    /// One philosopher's action; the finished dinner once it has ended.
    pub fn step(&mut self, work: &Work, control: &RunControl, clock: &dyn Clock) -> Option<Dinner> {
        let config = &self.config;
        let model = &mut self.model;
        if control.is_cancelled() {
            return Some(self.finish(Ending::Cancelled, clock));
        }
        let able: Vec<usize> = (0..config.philosophers).filter(|&p| model.can_step(config, p)).collect();
        if able.is_empty() {
            if model.all_done() {
                return Some(self.finish(Ending::Finished, clock));
            }
            if model.open_barrier() {
                return None;
            }
            let cycle = model.deadlock_cycle(config).unwrap_or_default();
            return Some(self.finish(Ending::Deadlock { cycle }, clock));
        }
        let p = able[self.rng.below(able.len())];
        // The simulated timeout: only steps of those already past the barrier count, so the
        // philosophers still on their way to it always get there first.
        if model.someone_at_closed_barrier() && model.met[p] {
            self.steps_at_barrier += 1;
            if self.steps_at_barrier > BARRIER_PATIENCE * config.philosophers {
                model.open_barrier();
            }
        }
        let meals_before = model.meals[p];
        for effect in model.step(config, p) {
            match effect {
                Effect::Event(kind) => {
                    self.trace.push(Event { seq: self.seq, t_ms: clock.now_ms() - self.origin, philosopher: p, kind });
                    self.seq += 1;
                }
                Effect::Work { ms } => {
                    work.run(ms, || control.is_cancelled());
                }
            }
        }
        control.advance((model.meals[p] - meals_before) as u64);
        None
    }

    fn finish(&mut self, ending: Ending, clock: &dyn Clock) -> Dinner {
        let stopped_at = (ending != Ending::Finished).then_some(self.trace.len());
        Dinner {
            trace: std::mem::take(&mut self.trace),
            ending,
            wall_ms: clock.now_ms() - self.origin,
            threads: 1,
            stopped_at,
        }
    }
}

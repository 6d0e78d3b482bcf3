//! The dinner on real threads: one per philosopher, one real lock per chopstick.
//!
//! Every wait here can be broken. A deadlocked `Mutex::lock` or `Barrier::wait` would lose its
//! thread for good (in the browser only a reload brings a Web Worker back), so a chopstick is a
//! holder slot behind a mutex with a condition variable, waited on in short timed slices that
//! check an abort flag. A watchdog on the driving thread reads who waits for which chopstick and
//! who holds it; a cycle that persists with no meal eaten is a deadlock: it sets the flag, and
//! every philosopher returns within a few milliseconds, leaving the pool whole.

use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

mod watchdog;

use super::{Dinner, DinnerConfig, Ending, Event, EventKind, Strategy, Waiting, Work};
use crate::clock::Clock;
use crate::control::RunControl;

/// A forced-deadlock barrier waits at most this long for everyone to hold one chopstick.
pub const BARRIER_TIMEOUT_MS: f64 = 300.0;

/// How long one slice of a wait lasts before the abort flag is checked again.
const WAIT_SLICE: Duration = Duration::from_millis(2);

/// How often the watchdog looks at the wait-for graph.
const WATCH_INTERVAL: Duration = Duration::from_millis(5);

const NOBODY: usize = usize::MAX;

/// Why the threaded dinner could not start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableError {
    /// Every philosopher needs a pool thread of its own, plus one for the watchdog.
    NotEnoughThreads { needed: usize, available: usize },
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TableError::NotEnoughThreads { needed, available } => write!(
                f,
                "the threaded dinner needs {needed} pool threads (one per philosopher and one for the watchdog), and the pool has {available}"
            ),
        }
    }
}

impl std::error::Error for TableError {}

/// A chopstick. `holder` serves the lock-based strategies; `owner`, `dirty` and `in_use` serve
/// Chandy–Misra, where a chopstick always belongs to one of its two neighbours.
#[derive(Debug)]
struct Chopstick {
    state: Mutex<ChopstickState>,
    changed: Condvar,
}

#[derive(Debug)]
struct ChopstickState {
    holder: usize,
    owner: usize,
    dirty: bool,
    in_use: bool,
}

struct Aborted;

/// What every philosopher thread shares.
struct Table<'a> {
    config: &'a DinnerConfig,
    work: &'a Work,
    clock: &'a dyn Clock,
    control: &'a RunControl,
    origin: f64,
    chopsticks: Vec<Chopstick>,
    /// For the waiter: how many philosophers are seated.
    seated: Mutex<usize>,
    seat_freed: Condvar,
    /// For the forced deadlock: how many hold their first chopstick.
    arrived: Mutex<usize>,
    all_arrived: Condvar,
    abort: AtomicBool,
    /// The event count when the watchdog stopped the dinner: later events are the unwinding.
    stopped_at_seq: AtomicU64,
    seq: AtomicU64,
    meals: AtomicUsize,
    finished: AtomicUsize,
    /// The chopstick each philosopher is waiting for, or [`NOBODY`].
    waiting_for: Vec<AtomicUsize>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Table<'_> {
    fn stopped(&self) -> bool {
        self.abort.load(Ordering::Relaxed) || self.control.is_cancelled()
    }

    fn record(&self, events: &mut Vec<Event>, philosopher: usize, kind: EventKind) {
        let seq = self.seq.fetch_add(1, Ordering::SeqCst);
        events.push(Event { seq, t_ms: self.clock.now_ms() - self.origin, philosopher, kind });
    }

    /// Waits on `condvar` until `ready` holds, in slices that notice an abort.
    fn wait_until<'g, T>(
        &self,
        mut guard: MutexGuard<'g, T>,
        condvar: &Condvar,
        mut ready: impl FnMut(&mut T) -> bool,
    ) -> Result<MutexGuard<'g, T>, Aborted> {
        loop {
            // Abort first: once the dinner is stopped, nobody takes anything any more.
            if self.stopped() {
                return Err(Aborted);
            }
            if ready(&mut guard) {
                return Ok(guard);
            }
            guard = condvar.wait_timeout(guard, WAIT_SLICE).unwrap_or_else(PoisonError::into_inner).0;
        }
    }

    fn pick_up(&self, me: usize, stick: usize, events: &mut Vec<Event>) -> Result<(), Aborted> {
        let chopstick = &self.chopsticks[stick];
        self.waiting_for[me].store(stick, Ordering::SeqCst);
        let guard = self.wait_until(lock(&chopstick.state), &chopstick.changed, |s| s.holder == NOBODY);
        self.waiting_for[me].store(NOBODY, Ordering::SeqCst);
        let mut state = guard?;
        state.holder = me;
        self.record(events, me, EventKind::PickUp(stick));
        Ok(())
    }

    fn try_pick_up(&self, me: usize, stick: usize, events: &mut Vec<Event>) -> bool {
        let mut state = lock(&self.chopsticks[stick].state);
        if state.holder != NOBODY || self.stopped() {
            return false;
        }
        state.holder = me;
        self.record(events, me, EventKind::PickUp(stick));
        true
    }

    fn put_down(&self, me: usize, stick: usize, events: &mut Vec<Event>) {
        let chopstick = &self.chopsticks[stick];
        let mut state = lock(&chopstick.state);
        self.record(events, me, EventKind::PutDown(stick));
        state.holder = NOBODY;
        drop(state);
        chopstick.changed.notify_all();
    }

    /// Forced deadlock: wait until everyone holds a chopstick, or the barrier times out.
    fn meet(&self) -> Result<(), Aborted> {
        let began = self.clock.now_ms();
        let mut arrived = lock(&self.arrived);
        *arrived += 1;
        self.all_arrived.notify_all();
        let everyone = self.config.philosophers;
        let clock = self.clock;
        self.wait_until(arrived, &self.all_arrived, |n| *n >= everyone || clock.now_ms() - began > BARRIER_TIMEOUT_MS)
            .map(drop)
    }

    fn sit(&self) -> Result<(), Aborted> {
        let seats = self.config.philosophers - 1;
        let mut seated = self.wait_until(lock(&self.seated), &self.seat_freed, |n| *n < seats)?;
        *seated += 1;
        Ok(())
    }

    fn stand(&self) {
        *lock(&self.seated) -= 1;
        self.seat_freed.notify_all();
    }

    /// One philosopher's dinner.
    fn dine(&self, me: usize) -> Vec<Event> {
        let mut events = Vec::new();
        for meal in 0..self.config.meals {
            if self.meal(me, meal, &mut events).is_err() {
                return events;
            }
            self.meals.fetch_add(1, Ordering::SeqCst);
            self.control.advance(1);
        }
        self.record(&mut events, me, EventKind::Done);
        self.finished.fetch_add(1, Ordering::SeqCst);
        events
    }

    fn meal(&self, me: usize, meal: usize, events: &mut Vec<Event>) -> Result<(), Aborted> {
        let config = self.config;
        self.record(events, me, EventKind::Think);
        if !self.work.run(config.duration_ms(me, meal, false), || self.stopped()) {
            return Err(Aborted);
        }
        self.record(events, me, EventKind::Hungry);
        let force = config.force_deadlock && meal == 0;
        if config.strategy == Strategy::ChandyMisra {
            return self.chandy_misra_meal(me, meal, force, events);
        }
        let (first, second) = config.pick_order(me);
        if config.strategy == Strategy::Waiter {
            self.sit()?;
        }
        let result = self.eat_with_locks(me, meal, (first, second), force, events);
        if config.strategy == Strategy::Waiter {
            self.stand();
        }
        result
    }

    fn eat_with_locks(
        &self,
        me: usize,
        meal: usize,
        (first, second): (usize, usize),
        force: bool,
        events: &mut Vec<Event>,
    ) -> Result<(), Aborted> {
        let mut met = false;
        loop {
            self.pick_up(me, first, events)?;
            if force && !met {
                met = true;
                if let Err(aborted) = self.meet() {
                    self.put_down(me, first, events);
                    return Err(aborted);
                }
            }
            if self.config.strategy == Strategy::TryBackOff {
                if self.try_pick_up(me, second, events) {
                    break;
                }
                self.put_down(me, first, events);
                // Back off briefly, for a time that differs between neighbours, so that two of
                // them do not retry in lockstep.
                let pause = 0.05 * (1.0 + (meal + me) as f64 % 3.0);
                if !self.work.run(pause, || self.stopped()) {
                    return Err(Aborted);
                }
                continue;
            }
            if let Err(aborted) = self.pick_up(me, second, events) {
                self.put_down(me, first, events);
                return Err(aborted);
            }
            break;
        }
        self.record(events, me, EventKind::Eat);
        let ate = self.work.run(self.config.duration_ms(me, meal, true), || self.stopped());
        self.put_down(me, second, events);
        self.put_down(me, first, events);
        if ate { Ok(()) } else { Err(Aborted) }
    }

    /// Waits until `me` owns `stick`: taking it from a neighbour when it is dirty and not in
    /// use (and cleaning it), as the neighbour must hand it over on request.
    fn obtain(&self, me: usize, stick: usize) -> Result<(), Aborted> {
        let chopstick = &self.chopsticks[stick];
        self.waiting_for[me].store(stick, Ordering::SeqCst);
        let result = self.wait_until(lock(&chopstick.state), &chopstick.changed, |s| {
            if s.owner != me && s.dirty && !s.in_use {
                s.owner = me;
                s.dirty = false;
            }
            s.owner == me
        });
        self.waiting_for[me].store(NOBODY, Ordering::SeqCst);
        result.map(drop)
    }

    fn chandy_misra_meal(&self, me: usize, meal: usize, force: bool, events: &mut Vec<Event>) -> Result<(), Aborted> {
        let (left, right) = (self.config.left(me), self.config.right(me));
        let (low, high) = (left.min(right), left.max(right));
        let mut met = false;
        loop {
            self.obtain(me, left)?;
            if force && !met {
                met = true;
                self.meet()?;
            }
            self.obtain(me, right)?;
            // Both owned a moment ago; a dirty one may have been handed over since. Check both
            // under their locks (lower first, so two checkers cannot block each other).
            let mut low_state = lock(&self.chopsticks[low].state);
            let mut high_state = lock(&self.chopsticks[high].state);
            if low_state.owner == me && high_state.owner == me {
                low_state.in_use = true;
                high_state.in_use = true;
                drop((low_state, high_state));
                break;
            }
        }
        self.record(events, me, EventKind::PickUp(left));
        self.record(events, me, EventKind::PickUp(right));
        self.record(events, me, EventKind::Eat);
        let ate = self.work.run(self.config.duration_ms(me, meal, true), || self.stopped());
        for stick in [right, left] {
            let chopstick = &self.chopsticks[stick];
            let mut state = lock(&chopstick.state);
            self.record(events, me, EventKind::PutDown(stick));
            state.in_use = false;
            state.dirty = true;
            drop(state);
            chopstick.changed.notify_all();
        }
        if ate { Ok(()) } else { Err(Aborted) }
    }
}

/// The dinner on real threads of the current rayon pool: one per philosopher, the watchdog on
/// the calling thread. Needs `philosophers + 1` pool threads and must be called from one.
pub fn run_threads(
    config: &DinnerConfig,
    work: &Work,
    control: &RunControl,
    clock: &dyn Clock,
) -> Result<Dinner, TableError> {
    let n = config.philosophers;
    let available = rayon::current_num_threads();
    if rayon::current_thread_index().is_none() || available < n + 1 {
        return Err(TableError::NotEnoughThreads { needed: n + 1, available });
    }
    let table = Table {
        config,
        work,
        clock,
        control,
        origin: clock.now_ms(),
        // Chandy–Misra starts with every chopstick dirty, at the lower-numbered neighbour.
        chopsticks: (0..n)
            .map(|stick| Chopstick {
                state: Mutex::new(ChopstickState {
                    holder: NOBODY,
                    owner: stick.min((stick + 1) % n),
                    dirty: true,
                    in_use: false,
                }),
                changed: Condvar::new(),
            })
            .collect(),
        seated: Mutex::new(0),
        seat_freed: Condvar::new(),
        arrived: Mutex::new(0),
        all_arrived: Condvar::new(),
        abort: AtomicBool::new(false),
        stopped_at_seq: AtomicU64::new(u64::MAX),
        seq: AtomicU64::new(0),
        meals: AtomicUsize::new(0),
        finished: AtomicUsize::new(0),
        waiting_for: (0..n).map(|_| AtomicUsize::new(NOBODY)).collect(),
    };
    let traces = Mutex::new(Vec::new());
    let mut ending = Ending::Finished;
    rayon::scope(|scope| {
        for me in 0..n {
            let (table, traces) = (&table, &traces);
            scope.spawn(move |_| {
                let events = table.dine(me);
                lock(traces).extend(events);
            });
        }
        ending = table.watch();
    });
    let wall_ms = clock.now_ms() - table.origin;
    let mut trace = traces.into_inner().unwrap_or_else(PoisonError::into_inner);
    crate::ordering::sort_by_u64_key(&mut trace, |e| e.seq);
    let stopped_at_seq = table.stopped_at_seq.load(Ordering::SeqCst);
    let stopped_at = (stopped_at_seq != u64::MAX).then(|| trace.partition_point(|e| e.seq < stopped_at_seq));
    Ok(Dinner { trace, ending, wall_ms, threads: n, stopped_at })
}

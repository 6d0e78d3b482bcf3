//! Running a task graph: in topological order on one thread, or on k threads by counting
//! dependencies (Dask's model, and `concurrent.futures` with `add_done_callback`): each task
//! counts the inputs it still waits for, the thread that finishes an input counts it down, and
//! a task whose count reaches zero joins one shared ready queue. Idle threads wait on a
//! condition variable for ready tasks, with a timeout so a Cancel (an atomic flag the page sets
//! without any lock) is seen even when nothing is ready. A task that raises cancels everything
//! that needs its result; the other branches go on, as in Dask.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use super::TaskGraph;
use super::live::{CancelCounts, LiveStates, State};
use crate::clock::Clock;
use crate::control::{Cancelled, RunControl};
use crate::schedule::spin;
use crate::threads::on_k_loops;

/// Hash rounds per unit of `cost`: about a microsecond's work.
pub const UNIT: u64 = 1_000;
/// How long an idle thread waits for a ready task before it looks at the cancel flag again.
const CANCEL_CHECK: Duration = Duration::from_millis(2);

/// What task `id` of `weight` computes from its inputs' results: they are folded in their
/// order, then `weight · cost · UNIT` rounds of a hash. The same value on any thread, in any
/// schedule, so a wrong dependency order or a task run twice cannot hide.
pub fn task_value(id: usize, weight: u64, cost: u64, inputs: impl Iterator<Item = u64>) -> u64 {
    let seed = inputs.fold(id as u64 ^ 0xA076_1D64_78BD_642F, |acc, x| acc.rotate_left(17) ^ x);
    spin(weight.saturating_mul(cost).saturating_mul(UNIT), seed)
}

/// Everything a run needs besides its threads.
#[derive(Clone, Copy)]
pub struct Setup<'a> {
    pub graph: &'a TaskGraph,
    pub cost: u64,
    /// The task that raises instead of returning.
    pub fail: Option<usize>,
    pub control: &'a RunControl,
    pub clock: &'a dyn Clock,
    pub live: &'a LiveStates,
}

/// One task of one run: the thread that ran it and when (ms from the run's start).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TaskRecord {
    pub task: usize,
    pub thread: usize,
    pub began_ms: f64,
    pub ended_ms: f64,
}

/// What one run did.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOutcome {
    pub wall_ms: f64,
    /// The tasks that ran, in task order.
    pub records: Vec<TaskRecord>,
    /// Each task's value; `None` for a task that raised or never ran.
    pub results: Vec<Option<u64>>,
    pub states: Vec<State>,
    /// How many times each task ran.
    pub runs: Vec<u32>,
    /// Every task began after all of its inputs were done.
    pub in_order: bool,
    /// The task that raised.
    pub failed: Option<usize>,
}

impl RunOutcome {
    pub fn cancelled(&self) -> usize {
        self.states.iter().filter(|&&s| s == State::Cancelled).count()
    }
}

/// What the threads share without a lock: each task's value, run count and record.
struct Slots<'a> {
    setup: Setup<'a>,
    origin: f64,
    values: Vec<AtomicU64>,
    done: Vec<AtomicBool>,
    runs: Vec<AtomicU32>,
    /// Thread, began and ended (as f64 bits); thread `u64::MAX` until the task ran.
    records: Vec<[AtomicU64; 3]>,
    in_order: AtomicBool,
}

impl<'a> Slots<'a> {
    fn new(setup: Setup<'a>) -> Self {
        let n = setup.graph.len();
        setup.live.clear();
        Self {
            origin: setup.clock.now_ms(),
            values: (0..n).map(|_| AtomicU64::new(0)).collect(),
            done: (0..n).map(|_| AtomicBool::new(false)).collect(),
            runs: (0..n).map(|_| AtomicU32::new(0)).collect(),
            records: (0..n).map(|_| [u64::MAX, 0, 0].map(AtomicU64::new)).collect(),
            in_order: AtomicBool::new(true),
            setup,
        }
    }

    /// Runs `task` on `thread`: its value, or `Err` when it is the one that raises.
    fn execute(&self, task: usize, thread: usize) -> Result<u64, ()> {
        let Setup { graph, cost, fail, clock, live, .. } = self.setup;
        let inputs = &graph.tasks[task].inputs;
        if !inputs.iter().all(|&i| self.done[i].load(Ordering::Acquire)) {
            self.in_order.store(false, Ordering::Relaxed);
        }
        live.set(task, State::Running, Some(thread));
        let began = clock.now_ms() - self.origin;
        let value = task_value(
            task,
            graph.tasks[task].weight,
            cost,
            inputs.iter().map(|&i| self.values[i].load(Ordering::Relaxed)),
        );
        let ended = clock.now_ms() - self.origin;
        self.runs[task].fetch_add(1, Ordering::Relaxed);
        let [who, from, to] = &self.records[task];
        who.store(thread as u64, Ordering::Relaxed);
        from.store(began.to_bits(), Ordering::Relaxed);
        to.store(ended.to_bits(), Ordering::Relaxed);
        if fail == Some(task) {
            live.set(task, State::Failed, Some(thread));
            return Err(());
        }
        self.values[task].store(value, Ordering::Relaxed);
        self.done[task].store(true, Ordering::Release);
        live.set(task, State::Done, Some(thread));
        Ok(value)
    }

    fn finish(self, states: Vec<State>, failed: Option<usize>) -> RunOutcome {
        let wall_ms = self.setup.clock.now_ms() - self.origin;
        let load = |a: &AtomicU64| a.load(Ordering::Relaxed);
        let records = self
            .records
            .iter()
            .enumerate()
            .filter(|(_, [who, ..])| load(who) != u64::MAX)
            .map(|(task, [who, from, to])| TaskRecord {
                task,
                thread: load(who) as usize,
                began_ms: f64::from_bits(load(from)),
                ended_ms: f64::from_bits(load(to)),
            })
            .collect();
        let results = states
            .iter()
            .zip(&self.values)
            .map(|(&state, value)| (state == State::Done).then(|| load(value)))
            .collect();
        RunOutcome {
            wall_ms,
            records,
            results,
            states,
            runs: self.runs.iter().map(|r| r.load(Ordering::Relaxed)).collect(),
            in_order: self.in_order.load(Ordering::Relaxed),
            failed,
        }
    }
}

/// Marks every pending descendant of `task` cancelled; how many.
fn cancel_descendants(setup: &Setup<'_>, states: &mut [State], task: usize) -> usize {
    let mut cancelled = 0;
    for d in setup.graph.descendants(task) {
        if states[d] == State::Pending {
            states[d] = State::Cancelled;
            setup.live.set_state(d, State::Cancelled);
            cancelled += 1;
        }
    }
    setup.control.advance(cancelled as u64);
    cancelled
}

/// The tasks one after another in their (topological) order on this thread.
pub fn run_sequential(setup: Setup<'_>) -> Result<RunOutcome, Cancelled> {
    let slots = Slots::new(setup);
    let mut states = vec![State::Pending; setup.graph.len()];
    let mut failed = None;
    for task in 0..setup.graph.len() {
        if setup.control.is_cancelled() {
            let pending = states.iter().filter(|&&s| s == State::Pending).count();
            setup.live.record_cancel(CancelCounts { cancelled: pending, finished: usize::from(task > 0) });
            return Err(Cancelled);
        }
        if states[task] != State::Pending {
            continue;
        }
        match slots.execute(task, 0) {
            Ok(_) => states[task] = State::Done,
            Err(()) => {
                states[task] = State::Failed;
                failed = Some(task);
                cancel_descendants(&setup, &mut states, task);
            }
        }
        setup.control.advance(1);
    }
    Ok(slots.finish(states, failed))
}

/// The scheduler's shared state, under one lock.
struct Board {
    ready: VecDeque<usize>,
    /// Inputs each task still waits for.
    waiting_on: Vec<usize>,
    states: Vec<State>,
    /// Tasks neither finished nor cancelled: the run ends at zero.
    open: usize,
    running: usize,
    /// A Cancel was seen and what it did.
    stopped: Option<CancelCounts>,
    failed: Option<usize>,
}

struct Scheduler<'a> {
    slots: Slots<'a>,
    board: Mutex<Board>,
    changed: Condvar,
}

impl Scheduler<'_> {
    fn lock(&self) -> MutexGuard<'_, Board> {
        self.board.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// One thread's loop: take a ready task, run it outside the lock, count down its
    /// dependents; wait while nothing is ready; leave when no task is open.
    fn work(&self, thread: usize) {
        let setup = self.slots.setup;
        let mut board = self.lock();
        loop {
            if board.stopped.is_none() && setup.control.is_cancelled() {
                self.stop(&mut board);
            }
            if board.open == 0 {
                break;
            }
            let Some(task) = board.ready.pop_front() else {
                board = self.changed.wait_timeout(board, CANCEL_CHECK).unwrap_or_else(PoisonError::into_inner).0;
                continue;
            };
            board.states[task] = State::Running;
            board.running += 1;
            drop(board);
            let outcome = self.slots.execute(task, thread);
            board = self.lock();
            board.running -= 1;
            board.open -= 1;
            setup.control.advance(1);
            let Board { ready, waiting_on, states, open, failed, .. } = &mut *board;
            match outcome {
                Ok(_) => {
                    states[task] = State::Done;
                    for &d in &setup.graph.dependents[task] {
                        waiting_on[d] -= 1;
                        if waiting_on[d] == 0 && states[d] == State::Pending {
                            states[d] = State::Ready;
                            setup.live.set_state(d, State::Ready);
                            ready.push_back(d);
                        }
                    }
                }
                Err(()) => {
                    states[task] = State::Failed;
                    *failed = Some(task);
                    *open -= cancel_descendants(&setup, states, task);
                }
            }
            self.changed.notify_all();
        }
        self.changed.notify_all();
    }

    /// Cancel: every task not yet running will not run; the running ones finish.
    fn stop(&self, board: &mut Board) {
        let setup = self.slots.setup;
        let mut cancelled = 0;
        for (task, state) in board.states.iter_mut().enumerate() {
            if matches!(state, State::Pending | State::Ready) {
                *state = State::Cancelled;
                setup.live.set_state(task, State::Cancelled);
                cancelled += 1;
            }
        }
        board.ready.clear();
        board.open -= cancelled;
        board.stopped = Some(CancelCounts { cancelled, finished: board.running });
        self.changed.notify_all();
    }
}

/// The graph on exactly `k` threads (`on_k_loops`), thread numbers 0 … k − 1. Call from a pool
/// thread. Cancel leaves the running tasks to finish and returns `Err` once they have.
pub fn run_scheduled(setup: Setup<'_>, k: usize) -> Result<RunOutcome, Cancelled> {
    let n = setup.graph.len();
    let waiting_on: Vec<usize> = setup.graph.tasks.iter().map(|t| t.inputs.len()).collect();
    let mut states = vec![State::Pending; n];
    let ready: VecDeque<usize> = (0..n).filter(|&t| waiting_on[t] == 0).collect();
    for &t in &ready {
        states[t] = State::Ready;
    }
    let slots = Slots::new(setup);
    for &t in &ready {
        setup.live.set_state(t, State::Ready);
    }
    let scheduler = Scheduler {
        slots,
        board: Mutex::new(Board { ready, waiting_on, states, open: n, running: 0, stopped: None, failed: None }),
        changed: Condvar::new(),
    };
    on_k_loops(k.max(1), |thread| scheduler.work(thread));
    let Scheduler { slots, board, .. } = scheduler;
    let board = board.into_inner().unwrap_or_else(PoisonError::into_inner);
    if let Some(counts) = board.stopped {
        setup.live.record_cancel(counts);
        return Err(Cancelled);
    }
    Ok(slots.finish(board.states, board.failed))
}

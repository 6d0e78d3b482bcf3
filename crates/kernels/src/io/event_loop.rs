//! One thread's event loop: the tasks as coroutines (state machines), a ready queue, a timer
//! queue, and a ticker coroutine that asks to run every [`TICK_MS`] and records how late it
//! ran. While nothing is ready the loop sleeps until its next timer; so do asyncio and the
//! browser's own event loop.

use std::collections::VecDeque;
use std::future::Future;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use super::executor::{Executor, Job, Queue, pool_worker};
use super::experiment::Run;
use super::{Kind, LaneSpan, SLEEP_SLICE_MS, Work};
use crate::control::Cancelled;

/// The ticker's period: `while True: await asyncio.sleep(0.01)`.
pub const TICK_MS: f64 = 10.0;
/// Ticks kept per run: 10 s of ticking.
const MAX_TICKS: usize = 1_000;
/// The ticker's id in the timer queue.
const TICKER: usize = usize::MAX;

/// One tick: when the ticker asked to run, and how much later it did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tick {
    pub planned_ms: f64,
    pub lag_ms: f64,
}

/// How a coroutine waits and where it computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// `await asyncio.sleep(wait)`: a timer; the loop runs others meanwhile.
    Awaiting,
    /// `time.sleep(wait)` inside the coroutine: the loop's thread sleeps, nothing else runs.
    Blocking,
    /// `await loop.run_in_executor(pool, compute)` for each computation, then an awaited sleep.
    Pool { workers: usize },
}

/// Where a coroutine is: which computation is next, or what it waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    First,
    /// Its first computation is on a pool thread (pool mode).
    InPoolFirst,
    /// Back from the pool's first computation: its wait starts when the loop runs it.
    FirstDone,
    /// Its timer is in the queue.
    Sleeping,
    /// Its timer fired.
    Second,
    InPoolSecond,
    /// Back from the pool's second computation.
    SecondDone,
    Done,
}

struct Coroutine {
    state: u64,
    phase: Phase,
    /// When it last became ready: the start of its `ready` span.
    ready_since: f64,
}

struct EventLoop<'a, 'w> {
    work: &'a Work<'w>,
    mode: Mode,
    coroutines: Vec<Coroutine>,
    ready: VecDeque<usize>,
    /// (deadline, coroutine or [`TICKER`]).
    timers: Vec<(f64, usize)>,
    spans: Vec<LaneSpan>,
    ticks: Vec<Tick>,
    results: Vec<u64>,
    slept_ms: f64,
    finished: usize,
    /// When the last coroutine finished.
    ended_ms: f64,
}

/// Runs every task as a coroutine on this thread's loop (and, in pool mode, `workers` pool
/// threads for the computations).
pub(super) fn run_loop(work: &Work, mode: Mode) -> Result<Run, Cancelled> {
    let event_loop = EventLoop::new(work, mode);
    let Mode::Pool { workers } = mode else {
        let mut event_loop = event_loop;
        event_loop.run(None)?;
        return Ok(event_loop.into_run(1, Queue::default()));
    };
    let executor = Executor::default();
    let slot = Mutex::new((Some(event_loop), None));
    crate::threads::on_k_loops(workers + 1, |index| {
        if index > 0 {
            pool_worker(work, &executor);
            return;
        }
        let mut slot = slot.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(mut event_loop) = slot.0.take() {
            let outcome = event_loop.run(Some(&executor));
            executor.lock().shutdown = true;
            executor.work_added.notify_all();
            slot.1 = Some(outcome.map(|()| event_loop));
        }
    });
    let (_, outcome) = slot.into_inner().unwrap_or_else(PoisonError::into_inner);
    let event_loop = outcome.unwrap_or(Err(Cancelled))?;
    let queue = executor.into_queue();
    Ok(event_loop.into_run(workers + 1, queue))
}

/// What a loop driven from outside does next, after a turn.
enum Turn {
    /// It ran one coroutine's step; more may be ready.
    Stepped,
    /// Nothing is ready: it waits this many ms for its next timer.
    Sleep(f64),
    Finished,
}

/// The `event-loop` variant on a thread that may not block, a page's own (a page without a
/// thread pool): the loop takes one step at a time, and `sleep` hands the thread back to the
/// page's event loop until the next timer, as asyncio would sleep in `select`. Between steps it
/// gives the page a turn every [`PAGE_SLICE_MS`] (`sleep(0.0)`), so the page stays responsive.
pub(super) async fn run_loop_yielding<F: Future<Output = ()>>(
    work: &Work<'_>,
    sleep: impl Fn(f64) -> F,
) -> Result<Run, Cancelled> {
    let mut event_loop = EventLoop::new(work, Mode::Awaiting);
    let mut slice_began = work.now();
    loop {
        match event_loop.turn()? {
            Turn::Stepped if work.now() - slice_began > PAGE_SLICE_MS => {
                sleep(0.0).await;
                slice_began = work.now();
            }
            Turn::Stepped => {}
            Turn::Sleep(ms) => {
                let began = work.now();
                sleep(ms).await;
                event_loop.slept_ms += work.now() - began;
                slice_began = work.now();
            }
            Turn::Finished => return Ok(event_loop.into_run(1, Queue::default())),
        }
    }
}

/// How long the loop computes on a page's thread before giving the page a turn.
const PAGE_SLICE_MS: f64 = 12.0;

impl<'a, 'w> EventLoop<'a, 'w> {
    fn new(work: &'a Work<'w>, mode: Mode) -> Self {
        EventLoop {
            work,
            mode,
            coroutines: (0..work.tasks)
                .map(|task| Coroutine { state: Work::seed(task), phase: Phase::First, ready_since: 0.0 })
                .collect(),
            ready: (0..work.tasks).collect(),
            timers: vec![(work.now() + TICK_MS, TICKER)],
            spans: Vec::new(),
            ticks: Vec::new(),
            results: vec![u64::MAX; work.tasks],
            slept_ms: 0.0,
            finished: 0,
            ended_ms: 0.0,
        }
    }

    /// One step of the loop on its own (no executor): a ready coroutine's step, or how long
    /// until the next timer, or the end.
    fn turn(&mut self) -> Result<Turn, Cancelled> {
        if self.finished == self.coroutines.len() {
            self.close()?;
            return Ok(Turn::Finished);
        }
        self.work.control.check()?;
        self.fire_timers();
        if let Some(id) = self.ready.pop_front() {
            self.step(id, None)?;
            return Ok(Turn::Stepped);
        }
        let next = self.timers.iter().map(|t| t.0).fold(f64::INFINITY, f64::min);
        Ok(Turn::Sleep((next - self.work.now()).max(0.0)))
    }

    fn run(&mut self, executor: Option<&Executor>) -> Result<(), Cancelled> {
        let Some(executor) = executor else {
            loop {
                match self.turn()? {
                    Turn::Stepped => {}
                    Turn::Sleep(ms) => {
                        let began = self.work.now();
                        self.work.sleep(ms.min(SLEEP_SLICE_MS))?;
                        self.slept_ms += self.work.now() - began;
                    }
                    Turn::Finished => return Ok(()),
                }
            }
        };
        while self.finished < self.coroutines.len() {
            self.work.control.check()?;
            for (id, state, at) in std::mem::take(&mut executor.lock().done) {
                let c = &mut self.coroutines[id];
                c.state = state;
                c.phase = if c.phase == Phase::InPoolSecond { Phase::SecondDone } else { Phase::FirstDone };
                c.ready_since = at;
                self.ready.push_back(id);
            }
            self.fire_timers();
            if let Some(id) = self.ready.pop_front() {
                self.step(id, Some(executor))?;
                continue;
            }
            let next = self.timers.iter().map(|t| t.0).fold(f64::INFINITY, f64::min);
            let began = self.work.now();
            let ms = (next - began).clamp(0.0, SLEEP_SLICE_MS);
            let queue = executor.lock();
            if queue.done.is_empty() {
                let timeout = Duration::from_secs_f64(ms / 1e3);
                drop(executor.work_done.wait_timeout(queue, timeout).unwrap_or_else(PoisonError::into_inner));
            }
            self.slept_ms += self.work.now() - began;
        }
        self.close()
    }

    /// The end of the run: when the last coroutine finished, and the ticker's last tick.
    fn close(&mut self) -> Result<(), Cancelled> {
        self.ended_ms = self.work.now();
        // A tick due but not yet run is late by the time the loop ends at least: measured, or
        // the loop that never let the ticker run would look punctual.
        self.fire_timers();
        if self.ready.contains(&TICKER) {
            self.step(TICKER, None)?;
        }
        Ok(())
    }

    /// Moves every timer that is due to the ready queue, earliest first.
    fn fire_timers(&mut self) {
        let now = self.work.now();
        let mut due: Vec<(f64, usize)> = self.timers.iter().copied().filter(|t| t.0 <= now).collect();
        if due.is_empty() {
            return;
        }
        self.timers.retain(|t| t.0 > now);
        crate::ordering::sort_by_u64_key(&mut due, |t| crate::ordering::f64_key(t.0));
        for (deadline, id) in due {
            if id == TICKER {
                self.ready.push_back(TICKER);
                self.ticks.push(Tick { planned_ms: deadline, lag_ms: 0.0 });
            } else {
                let c = &mut self.coroutines[id];
                c.ready_since = deadline;
                c.phase = Phase::Second;
                self.ready.push_back(id);
            }
        }
    }

    /// Runs coroutine `id` until it next awaits (or, blocking, until it ends).
    fn step(&mut self, id: usize, executor: Option<&Executor>) -> Result<(), Cancelled> {
        let work = self.work;
        let now = work.now();
        if id == TICKER {
            if let Some(tick) = self.ticks.last_mut() {
                tick.lag_ms = now - tick.planned_ms;
            }
            if self.ticks.len() >= MAX_TICKS {
                self.ticks.remove(0);
            }
            self.timers.push((now + TICK_MS, TICKER));
            return Ok(());
        }
        let Coroutine { state, phase, ready_since } = self.coroutines[id];
        self.span(id, Kind::Ready, ready_since, now);
        let (iterations, next) = match phase {
            Phase::First => (work.first, Phase::FirstDone),
            Phase::Second => (work.second, Phase::Done),
            Phase::FirstDone => {
                self.sleep_then(id, state, now);
                return Ok(());
            }
            Phase::SecondDone => {
                self.finish(id, state);
                return Ok(());
            }
            Phase::InPoolFirst | Phase::Sleeping | Phase::InPoolSecond | Phase::Done => return Ok(()),
        };
        if let Some(executor) = executor {
            executor.lock().jobs.push_back(Job(id, state, iterations, now));
            executor.work_added.notify_one();
            self.coroutines[id].phase = if next == Phase::Done { Phase::InPoolSecond } else { Phase::InPoolFirst };
            return Ok(());
        }
        let state = work.compute(state, iterations)?;
        let computed = work.now();
        self.span(id, Kind::Compute, now, computed);
        if next == Phase::Done {
            self.finish(id, state);
        } else if self.mode == Mode::Blocking {
            work.sleep(work.wait_ms)?;
            let woke = work.now();
            self.span(id, Kind::Wait, computed, woke);
            self.slept_ms += woke - computed;
            let state = work.compute(state, work.second)?;
            self.span(id, Kind::Compute, woke, work.now());
            self.finish(id, state);
        } else {
            self.sleep_then(id, state, computed);
        }
        Ok(())
    }

    /// `await asyncio.sleep(wait)` from `now`: a timer, and the coroutine off the loop till then.
    fn sleep_then(&mut self, id: usize, state: u64, now: f64) {
        let wake = now + self.work.wait_ms;
        self.span(id, Kind::Wait, now, wake);
        self.timers.push((wake, id));
        let c = &mut self.coroutines[id];
        c.state = state;
        c.phase = Phase::Sleeping;
    }

    fn finish(&mut self, id: usize, state: u64) {
        self.results[id] = state;
        self.coroutines[id].phase = Phase::Done;
        self.finished += 1;
        self.work.control.advance(1);
    }

    fn span(&mut self, lane: usize, kind: Kind, began_ms: f64, ended_ms: f64) {
        if ended_ms > began_ms {
            self.spans.push(LaneSpan { lane, kind, began_ms, ended_ms });
        }
    }

    fn into_run(self, threads: usize, pool: Queue) -> Run {
        let mut spans = self.spans;
        spans.extend(pool.spans);
        Run {
            wall_ms: self.ended_ms,
            results: self.results,
            slept_ms: self.slept_ms + pool.slept_ms,
            spans,
            threads,
            ticks: self.ticks,
        }
    }
}

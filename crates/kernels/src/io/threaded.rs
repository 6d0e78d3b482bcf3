//! The variants on threads: one thread; k threads that block through their waits; Python-style
//! threads under one GIL, released while they wait.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use super::experiment::Run;
use super::{Kind, LaneSpan, Work};
use crate::control::Cancelled;
use crate::map::{DEFAULT_SWITCH_MS, Gil};

/// A thread's own record of a run: its spans and how long it slept, handed over at its end.
#[derive(Default)]
struct Record {
    spans: Vec<LaneSpan>,
    slept_ms: f64,
}

impl Record {
    fn span(&mut self, lane: usize, kind: Kind, began_ms: f64, ended_ms: f64) {
        if ended_ms > began_ms {
            self.spans.push(LaneSpan { lane, kind, began_ms, ended_ms });
        }
    }
}

/// What every thread hands over, and the results by task.
struct Shared {
    next: AtomicUsize,
    results: Vec<AtomicU64>,
    records: Mutex<Vec<Record>>,
    stopped: Mutex<bool>,
}

impl Shared {
    fn new(tasks: usize) -> Self {
        Self {
            next: AtomicUsize::new(0),
            results: (0..tasks).map(|_| AtomicU64::new(u64::MAX)).collect(),
            records: Mutex::new(Vec::new()),
            stopped: Mutex::new(false),
        }
    }

    fn take(&self, tasks: usize) -> Option<usize> {
        let task = self.next.fetch_add(1, Ordering::Relaxed);
        (task < tasks).then_some(task)
    }

    fn hand_in(&self, record: Record, outcome: Result<(), Cancelled>) {
        if outcome.is_err() {
            *self.stopped.lock().unwrap_or_else(PoisonError::into_inner) = true;
        }
        self.records.lock().unwrap_or_else(PoisonError::into_inner).push(record);
    }

    fn finish(self, wall_ms: f64, threads: usize) -> Result<Run, Cancelled> {
        if self.stopped.into_inner().unwrap_or_else(PoisonError::into_inner) {
            return Err(Cancelled);
        }
        let records = self.records.into_inner().unwrap_or_else(PoisonError::into_inner);
        Ok(Run {
            wall_ms,
            results: self.results.into_iter().map(AtomicU64::into_inner).collect(),
            slept_ms: records.iter().map(|r| r.slept_ms).sum(),
            spans: records.into_iter().flat_map(|r| r.spans).collect(),
            threads,
            ticks: Vec::new(),
        })
    }
}

/// `threads` threads (1: sequential), each taking the next task, computing, sleeping through
/// its wait and computing again.
pub(super) fn blocking_threads(work: &Work, threads: usize) -> Result<Run, Cancelled> {
    let shared = Shared::new(work.tasks);
    let run_lane = |lane: usize, record: &mut Record| -> Result<(), Cancelled> {
        while let Some(task) = shared.take(work.tasks) {
            let began = work.now();
            let state = work.compute(Work::seed(task), work.first)?;
            let computed = work.now();
            work.sleep(work.wait_ms)?;
            let woke = work.now();
            let state = work.compute(state, work.second)?;
            shared.results[task].store(state, Ordering::Relaxed);
            let ended = work.now();
            record.span(lane, Kind::Compute, began, computed);
            record.span(lane, Kind::Wait, computed, woke);
            record.span(lane, Kind::Compute, woke, ended);
            record.slept_ms += woke - computed;
            work.control.advance(1);
        }
        Ok(())
    };
    let body = |lane: usize| {
        let mut record = Record::default();
        let outcome = run_lane(lane, &mut record);
        shared.hand_in(record, outcome);
    };
    if threads == 1 {
        body(0);
    } else {
        crate::threads::on_k_loops(threads, body);
    }
    let wall_ms = work.now();
    shared.finish(wall_ms, threads)
}

/// `threads` Python threads sharing the tasks: each computes only while it holds the GIL
/// (handing it over after the switch interval when another thread waits, as CPython does) and
/// releases it for its wait, so the waits overlap while the computing takes turns.
pub(super) fn python_threads(work: &Work, threads: usize) -> Result<Run, Cancelled> {
    let shared = Shared::new(work.tasks);
    let gil = Gil::default();
    let switch_ms = f64::from(DEFAULT_SWITCH_MS);
    let compute_held = |lane: usize, record: &mut Record, mut state: u64, iterations: u64| {
        let mut held_since = work.now();
        let mut left = iterations;
        while left > 0 {
            let slice = left.min(super::SLICE);
            match work.compute(state, slice) {
                Ok(next) => state = next,
                Err(cancelled) => {
                    record.span(lane, Kind::Compute, held_since, work.now());
                    return Err(cancelled);
                }
            }
            left -= slice;
            let now = work.now();
            if left > 0 && now - held_since >= switch_ms && gil.waiting() > 0 {
                record.span(lane, Kind::Compute, held_since, now);
                gil.release(lane);
                gil.acquire(lane);
                held_since = work.now();
                record.span(lane, Kind::Ready, now, held_since);
            }
        }
        record.span(lane, Kind::Compute, held_since, work.now());
        Ok(state)
    };
    let run_lane = |lane: usize, record: &mut Record| -> Result<(), Cancelled> {
        while let Some(task) = shared.take(work.tasks) {
            let asked = work.now();
            gil.acquire(lane);
            record.span(lane, Kind::Ready, asked, work.now());
            let state = compute_held(lane, record, Work::seed(task), work.first);
            gil.release(lane);
            let state = state?;
            let computed = work.now();
            work.sleep(work.wait_ms)?;
            let woke = work.now();
            record.span(lane, Kind::Wait, computed, woke);
            record.slept_ms += woke - computed;
            gil.acquire(lane);
            record.span(lane, Kind::Ready, woke, work.now());
            let state = compute_held(lane, record, state, work.second);
            gil.release(lane);
            shared.results[task].store(state?, Ordering::Relaxed);
            work.control.advance(1);
        }
        Ok(())
    };
    crate::threads::on_k_loops(threads, |lane| {
        let mut record = Record::default();
        let outcome = run_lane(lane, &mut record);
        shared.hand_in(record, outcome);
    });
    let wall_ms = work.now();
    shared.finish(wall_ms, threads)
}

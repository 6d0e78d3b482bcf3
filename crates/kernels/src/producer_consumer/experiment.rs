//! Running the demo: the sequential row (one thread producing and consuming alternately), the
//! threads, the checker, the watchdog, and the sweep over the capacity.

use std::fmt;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use super::buffer::{Buffer, Need, ThreadName};
use super::lanes::{Lane, LaneKind, LaneRecorder};
use super::roles::{consume, consume_with_condition, produce, produce_with_condition};
use super::{PcParams, SWEEP_CAPACITIES, SyncMethod, item_id, work_us};
use crate::clock::Clock;
use crate::control::RunControl;
use crate::philosophers::Work;
use crate::stats::{Timings, VariantTiming};

/// Occupancy samples kept (the run's start).
pub const MAX_OCCUPANCY_SAMPLES: usize = 4000;
/// How often the watchdog looks.
const WATCH_INTERVAL: Duration = Duration::from_millis(5);

/// How the threads got stuck.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadlockKind {
    /// Each thread of a cycle waits for the next (hold-lock).
    Cycle,
    /// Every thread still running sleeps in the Condition's queue, and none is left to notify
    /// the others (notify-one).
    NobodyToNotify,
}

/// A deadlock the watchdog found: the threads of the cycle, in wait-for order, or every thread
/// asleep on the Condition, with what each waited for, and who held the lock.
#[derive(Debug, Clone, PartialEq)]
pub struct Deadlock {
    pub kind: DeadlockKind,
    pub cycle: Vec<(ThreadName, LaneKind)>,
    pub lock_holder: Option<ThreadName>,
    pub found_after_ms: f64,
}

/// The threaded run: its time, lanes and occupancy, or the deadlock that stopped it.
#[derive(Debug, Clone, PartialEq)]
pub struct PcRun {
    pub wall_ms: f64,
    /// Every item used exactly once, in order, with no deadlock and no empty take.
    pub correct: bool,
    pub consumed: usize,
    /// Takes that found the buffer empty (only `bug=if-wait` makes them): each took nothing,
    /// and its consumer went round its loop again.
    pub empty_takes: usize,
    pub lanes: Vec<Lane>,
    pub occupancy: Vec<(f64, usize)>,
    pub deadlock: Option<Deadlock>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PcReport {
    pub params: PcParams,
    pub sequential: VariantTiming,
    /// What making and using one item took on average in the sequential run, ms: the work
    /// itself, with nothing to wait for.
    pub produce_ms_per_item: f64,
    pub consume_ms_per_item: f64,
    /// `None` after a deadlock.
    pub parallel: Option<VariantTiming>,
    pub run: PcRun,
}

/// Items per second at one capacity (a sweep point).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CapacityPoint {
    pub capacity: usize,
    pub items_per_s: f64,
    pub correct: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PcError {
    Cancelled,
    /// Every producer and consumer needs a pool thread of its own, plus one for the watchdog.
    NotEnoughThreads {
        needed: usize,
        available: usize,
    },
}

impl fmt::Display for PcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PcError::Cancelled => write!(f, "cancelled"),
            PcError::NotEnoughThreads { needed, available } => write!(
                f,
                "the run needs {needed} pool threads (one per producer and consumer, one for the watchdog), and the pool has {available}"
            ),
        }
    }
}

impl std::error::Error for PcError {}

/// The sequential row, then the threads. Call from a pool thread of a pool with at least
/// producers + consumers + 1 threads.
pub fn run_pc(params: &PcParams, control: &RunControl, clock: &dyn Clock) -> Result<PcReport, PcError> {
    let work = Work::calibrate(clock);
    let began = clock.now_ms();
    let (sequential_correct, produce_ms, consume_ms) = run_sequential(params, &work, control, clock)?;
    let mut sequential = Timings::default();
    sequential.push(clock.now_ms() - began);
    sequential.correct = sequential_correct;
    let items = params.total_items().max(1) as f64;
    let run = run_threads(params, &work, control, clock)?;
    let parallel = run.deadlock.is_none().then(|| {
        let mut timings = Timings::default();
        timings.push(run.wall_ms);
        timings.correct = run.correct;
        timings.finish(params.threads())
    });
    Ok(PcReport {
        params: *params,
        sequential: sequential.finish(1),
        produce_ms_per_item: produce_ms / items,
        consume_ms_per_item: consume_ms / items,
        parallel,
        run,
    })
}

/// The threaded run at each capacity of [`SWEEP_CAPACITIES`] (the other parameters as given),
/// as items per second.
pub fn run_capacity_sweep(
    params: &PcParams,
    control: &RunControl,
    clock: &dyn Clock,
) -> Result<Vec<CapacityPoint>, PcError> {
    let work = Work::calibrate(clock);
    let mut points = Vec::with_capacity(SWEEP_CAPACITIES.len());
    for capacity in SWEEP_CAPACITIES {
        let at = PcParams { capacity, ..*params };
        let run = run_threads(&at, &work, control, clock)?;
        if run.deadlock.is_some() {
            break;
        }
        let items_per_s = if run.wall_ms > 0.0 { at.total_items() as f64 * 1000.0 / run.wall_ms } else { 0.0 };
        points.push(CapacityPoint { capacity, items_per_s, correct: run.correct });
    }
    Ok(points)
}

/// One thread makes an item and uses it, item after item, producer after producer in turn:
/// the same work as the threads, with no buffer to wait for. Whether every item was used once,
/// in the order made, and the time spent making and using them, ms.
fn run_sequential(
    params: &PcParams,
    work: &Work,
    control: &RunControl,
    clock: &dyn Clock,
) -> Result<(bool, f64, f64), PcError> {
    let stop = || control.is_cancelled();
    let mut used = Vec::with_capacity(params.total_items());
    let (mut producing, mut consuming) = (0.0, 0.0);
    for index in 0..params.items {
        for producer in 0..params.producers {
            let began = clock.now_ms();
            let made = work.run(work_us(params, producer, index, true) / 1000.0, stop);
            let between = clock.now_ms();
            let finished = made && work.run(work_us(params, producer, index, false) / 1000.0, stop);
            let ended = clock.now_ms();
            if !finished {
                return Err(PcError::Cancelled);
            }
            producing += between - began;
            consuming += ended - between;
            used.push(item_id(params, producer, index));
            control.advance(1);
        }
    }
    // One thread takes each item as soon as it is made: its place among the takes is its place
    // among the puts.
    let used: Vec<(usize, u64, u64)> = used.iter().enumerate().map(|(i, &id)| (id, i as u64, i as u64)).collect();
    Ok((check_used(&used, params.total_items()), producing, consuming))
}

/// What one thread leaves behind.
struct ThreadRecord {
    spans: Vec<(LaneKind, f64, f64)>,
    items: usize,
    /// Consumers: (item, its place among the puts, its place among the takes).
    used: Vec<(usize, u64, u64)>,
    /// When it returned, ms since the threads started.
    ended_ms: f64,
}

/// Marks a thread done when it leaves, however it leaves: a thread that panicked would
/// otherwise look to the watchdog like one still working, and the run would never end.
struct LeaveGuard<'a> {
    buffer: &'a Buffer,
    me: usize,
}

impl Drop for LeaveGuard<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.buffer.abort();
        }
        self.buffer.finish(self.me);
    }
}

/// The checker: every item of `0 … total − 1` used exactly once, and each taken out in the
/// order it was put in (`used`: item, place among the puts, place among the takes).
pub fn check_used(used: &[(usize, u64, u64)], total: usize) -> bool {
    let mut seen = vec![false; total];
    let once = used.iter().all(|&(id, _, _)| id < total && !std::mem::replace(&mut seen[id], true));
    once && used.len() == total && used.iter().all(|&(_, put, taken)| put == taken)
}
/// The producers and consumers on their own pool threads, the watchdog on this one.
fn run_threads(params: &PcParams, work: &Work, control: &RunControl, clock: &dyn Clock) -> Result<PcRun, PcError> {
    let threads = params.threads();
    let available = rayon::current_num_threads();
    if rayon::current_thread_index().is_none() || available < threads + 1 {
        return Err(PcError::NotEnoughThreads { needed: threads + 1, available });
    }
    let buffer = Buffer::new(params.capacity, params.producers, params.consumers, MAX_OCCUPANCY_SAMPLES);
    let records: Vec<Mutex<Option<ThreadRecord>>> = (0..threads).map(|_| Mutex::new(None)).collect();
    let last_producer = Mutex::new(params.producers);
    let origin = clock.now_ms();
    let mut deadlock = None;
    rayon::scope(|scope| {
        for me in 0..threads {
            let (buffer, records, last_producer) = (&buffer, &records, &last_producer);
            scope.spawn(move |_| {
                let _leave = LeaveGuard { buffer, me };
                let mut lane = LaneRecorder { clock, origin, spans: Vec::new() };
                let mut used = Vec::new();
                let items = match (me < params.producers, params.sync) {
                    (true, SyncMethod::Semaphores) => produce(params, me, buffer, work, &mut lane, last_producer),
                    (true, SyncMethod::Condition) => {
                        produce_with_condition(params, me, buffer, work, &mut lane, last_producer)
                    }
                    (false, SyncMethod::Semaphores) => consume(params, me, buffer, work, &mut lane, control, &mut used),
                    (false, SyncMethod::Condition) => {
                        consume_with_condition(params, me, buffer, work, &mut lane, control, &mut used)
                    }
                };
                let ended_ms = lane.now();
                let record = ThreadRecord { spans: lane.spans, items: items.unwrap_or(0), used, ended_ms };
                *records[me].lock().unwrap_or_else(PoisonError::into_inner) = Some(record);
            });
        }
        deadlock = watch(&buffer, control, clock, origin);
    });
    if control.is_cancelled() {
        return Err(PcError::Cancelled);
    }
    let records: Vec<ThreadRecord> =
        records.into_iter().filter_map(|slot| slot.into_inner().unwrap_or_else(PoisonError::into_inner)).collect();
    let names = buffer.names().to_vec();
    let lanes = records
        .iter()
        .zip(&names)
        .map(|(record, &name)| Lane { name, spans: record.spans.clone(), items: record.items })
        .collect();
    let used: Vec<(usize, u64, u64)> = records.iter().flat_map(|r| r.used.iter().copied()).collect();
    let (occupancy, empty_takes) = buffer.into_occupancy_and_empty_takes();
    let correct = deadlock.is_none() && empty_takes == 0 && check_used(&used, params.total_items());
    // Until the last thread returned, not until the watchdog next looked.
    let wall_ms = records.iter().map(|r| r.ended_ms).fold(0.0, f64::max);
    Ok(PcRun { wall_ms, correct, consumed: used.len(), empty_takes, lanes, occupancy, deadlock })
}

/// Until every thread is done: stops them all on Cancel, or on a deadlock, which it returns.
fn watch(buffer: &Buffer, control: &RunControl, clock: &dyn Clock, origin: f64) -> Option<Deadlock> {
    loop {
        if buffer.all_done() {
            return None;
        }
        if control.is_cancelled() {
            buffer.abort();
            return None;
        }
        if let Some(cycle) = buffer.deadlock() {
            let names = buffer.names();
            let kind = if cycle.iter().all(|&(_, need)| need == Need::Notify) {
                DeadlockKind::NobodyToNotify
            } else {
                DeadlockKind::Cycle
            };
            let found = Deadlock {
                kind,
                cycle: cycle.iter().map(|&(t, need)| (names[t], LaneKind::of(need, names[t].role))).collect(),
                lock_holder: buffer.lock_owner().map(|t| names[t]),
                found_after_ms: clock.now_ms() - origin,
            };
            buffer.abort();
            return Some(found);
        }
        std::thread::sleep(WATCH_INTERVAL);
    }
}

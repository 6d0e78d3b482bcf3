//! The producer–consumer demo: producers put items into a bounded buffer, consumers take them
//! out, on real threads.
//!
//! The buffer is the course's: a ring of `capacity` slots, a lock around it, and two counting
//! semaphores, `items` (filled slots, what consumers wait for) and `spaces` (free slots, what
//! producers wait for). When every producer is done, each consumer gets one termination value.
//! The `hold-lock` bug makes a consumer take the lock before it waits for an item, so an empty
//! buffer leaves it waiting while holding the lock every producer needs: a deadlock, which a
//! watchdog finds in the wait-for graph; then every thread returns.
//!
//! With `sync=condition` the same buffer is guarded by one Condition instead (its lock and its
//! wait queue), as Python's `threading.Condition` is used: `with cond: while full: cond.wait()`,
//! put, `cond.notify_all()`, and the same for the consumer on empty. Its two bugs are the classic
//! ones: `if-wait` tests only once, so a woken consumer may find the buffer emptied by another
//! (an empty take: counted, nothing taken, the consumer tries again); `notify-one` wakes one
//! waiter where all are needed, so a producer may wake a producer and a consumer a consumer,
//! until every thread waits on the condition with nobody left to notify it.

mod buffer;
mod experiment;
mod lanes;
mod params;
mod roles;

pub use buffer::{Role, ThreadName};
pub use experiment::{
    CapacityPoint, Deadlock, DeadlockKind, MAX_OCCUPANCY_SAMPLES, PcError, PcReport, PcRun, check_used,
    run_capacity_sweep, run_pc,
};
pub use lanes::{Lane, LaneKind, MAX_LANE_SPANS};
pub use params::PcParams;

use crate::rng::SplitMix64;

pub const MAX_PRODUCERS: usize = 8;
pub const MAX_CONSUMERS: usize = 8;
pub const MAX_CAPACITY: usize = 1024;
pub const MAX_ITEMS: usize = 100_000;
/// Work per item, µs.
pub const MAX_WORK_US: u32 = 10_000;
/// The capacities a sweep tries: 1, 2, 4, … 1024.
pub const SWEEP_CAPACITIES: [usize; 11] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

/// `sync=`: what guards the buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncMethod {
    /// A lock and the `items` and `spaces` semaphores.
    Semaphores,
    /// One Condition: a lock, and a queue of threads waiting for the buffer to change.
    Condition,
}

impl SyncMethod {
    pub const ALL: [SyncMethod; 2] = [SyncMethod::Semaphores, SyncMethod::Condition];

    pub fn name(self) -> &'static str {
        match self {
            SyncMethod::Semaphores => "semaphores",
            SyncMethod::Condition => "condition",
        }
    }
}

/// `bug=`: the mistake put into the threads' code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bug {
    None,
    /// Semaphores: the consumer takes the lock, then waits for an item while holding it.
    HoldLock,
    /// Condition: the consumer waits with `if empty` instead of `while empty`.
    IfWait,
    /// Condition: `notify()` (one waiter) instead of `notify_all()`, on both sides.
    NotifyOne,
}

impl Bug {
    pub const ALL: [Bug; 4] = [Bug::None, Bug::HoldLock, Bug::IfWait, Bug::NotifyOne];

    pub fn name(self) -> &'static str {
        match self {
            Bug::None => "none",
            Bug::HoldLock => "hold-lock",
            Bug::IfWait => "if-wait",
            Bug::NotifyOne => "notify-one",
        }
    }

    /// The version of the code this bug is a mistake in; `None` for no bug, which fits both.
    pub fn sync(self) -> Option<SyncMethod> {
        match self {
            Bug::None => None,
            Bug::HoldLock => Some(SyncMethod::Semaphores),
            Bug::IfWait | Bug::NotifyOne => Some(SyncMethod::Condition),
        }
    }

    pub fn fits(self, sync: SyncMethod) -> bool {
        self.sync().is_none_or(|own| own == sync)
    }
}

/// How long producing and consuming each item takes: `produce` and `consume` µs, each item's
/// varied by ±50 % from the seed, the same in the sequential and the threaded run.
pub fn work_us(params: &PcParams, producer: usize, index: usize, producing: bool) -> f64 {
    let base = if producing { params.produce_us } else { params.consume_us };
    let mut rng =
        SplitMix64::new(params.seed ^ ((producer as u64) << 40) ^ ((index as u64) << 1) ^ u64::from(producing));
    f64::from(base) * (0.5 + (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64)
}

/// The item number of a producer's `index`-th item; all items are `0 … producers × items − 1`.
pub fn item_id(params: &PcParams, producer: usize, index: usize) -> usize {
    producer * params.items + index
}

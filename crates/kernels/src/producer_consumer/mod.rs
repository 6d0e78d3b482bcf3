//! The producer–consumer demo: producers put items into a bounded buffer, consumers take them
//! out, on real threads.
//!
//! The buffer is the course's: a ring of `capacity` slots, a lock around it, and two counting
//! semaphores, `items` (filled slots, what consumers wait for) and `spaces` (free slots, what
//! producers wait for). When every producer is done, each consumer gets one termination value.
//! The `hold-lock` bug makes a consumer take the lock before it waits for an item, so an empty
//! buffer leaves it waiting while holding the lock every producer needs: a deadlock, which a
//! watchdog finds in the wait-for graph; then every thread returns.

mod buffer;
mod experiment;
mod lanes;
mod params;

pub use buffer::{Role, ThreadName};
pub use experiment::{
    CapacityPoint, Deadlock, MAX_OCCUPANCY_SAMPLES, PcError, PcReport, PcRun, check_used, run_capacity_sweep, run_pc,
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

/// `bug=`: how the consumers use the lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bug {
    /// Wait for an item, then take the lock.
    None,
    /// Take the lock, then wait for an item while holding it.
    HoldLock,
}

impl Bug {
    pub const ALL: [Bug; 2] = [Bug::None, Bug::HoldLock];

    pub fn name(self) -> &'static str {
        match self {
            Bug::None => "none",
            Bug::HoldLock => "hold-lock",
        }
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

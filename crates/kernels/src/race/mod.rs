//! Races, locks and reduction: k threads add 1 to a shared total, n times in all.
//!
//! Every variant does the same n increments on exactly k threads, with the same `window` of CPU
//! work between reading the total and writing it back, so only the way the threads share the
//! total differs:
//! - [`Variant::Unsynchronized`] reads and writes as two atomic operations (Relaxed): a real
//!   lost-update race, without undefined behaviour;
//! - [`Variant::Mutex`] and [`Variant::Atomic`] make every add safe, and serialise on one cache
//!   line;
//! - [`Variant::AdjacentSlots`] gives each thread its own counter, but neighbouring counters share
//!   a cache line (false sharing); [`Variant::PaddedSlots`] puts each on a line of its own;
//! - [`Variant::Local`] keeps a plain local partial and adds it once at the end (a reduction).

mod experiment;
mod params;
mod step_through;
mod store_cost;

pub use experiment::{RaceConfig, RaceReport, RaceRow, run_race};
pub use params::RaceParams;
pub use step_through::{Step, StepThrough, ThreadState};
pub use store_cost::{STORES, StoreCosts, measure_store_costs};

use std::hint::black_box;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use crate::control::{Cancelled, RunControl};
use crate::threads::on_k_loops;

/// The most increments a run may make: the limit is time, not memory.
pub const MAX_N: usize = 100_000_000;
/// The most units of CPU work between a read and its write.
pub const MAX_WINDOW: u32 = 1000;
/// Increments between two looks at the cancel flag (and one progress report).
const BLOCK: u64 = 4096;

/// How the k threads share the total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Variant {
    Sequential,
    Unsynchronized,
    Mutex,
    Atomic,
    AdjacentSlots,
    PaddedSlots,
    Local,
}

impl Variant {
    pub const ALL: [Variant; 7] = [
        Variant::Sequential,
        Variant::Unsynchronized,
        Variant::Mutex,
        Variant::Atomic,
        Variant::AdjacentSlots,
        Variant::PaddedSlots,
        Variant::Local,
    ];

    /// The name in `data-variant`.
    pub fn name(self) -> &'static str {
        match self {
            Variant::Sequential => "sequential",
            Variant::Unsynchronized => "unsynchronized",
            Variant::Mutex => "mutex",
            Variant::Atomic => "atomic",
            Variant::AdjacentSlots => "adjacent-slots",
            Variant::PaddedSlots => "padded-slots",
            Variant::Local => "local",
        }
    }
}

/// What one run of a variant ended with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    /// The total after every thread finished.
    pub final_value: u64,
    /// n: what the total should be.
    pub expected: u64,
    /// The slot variants on several threads: where their slots were, so a page can show that
    /// padded slots really sit on lines of their own in its memory.
    pub layout: Option<SlotLayout>,
}

/// Where a run's per-thread slots lay in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotLayout {
    /// Bytes from one thread's slot to the next.
    pub stride: usize,
    /// The first slot's offset within its 64-byte cache line.
    pub line_offset: usize,
}

impl SlotLayout {
    fn of<T>(slots: &[T]) -> Option<Self> {
        let [first, second, ..] = slots else { return None };
        let address = |slot: &T| slot as *const T as usize;
        Some(Self { stride: address(second) - address(first), line_offset: address(first) % 64 })
    }

    /// Whether no two slots share a 64-byte line.
    pub fn lines_apart(&self) -> bool {
        self.line_offset + 8 <= 64 && self.stride >= 64
    }
}

impl Count {
    /// Increments lost to the race (0 when the total is right).
    pub fn lost(&self) -> u64 {
        self.expected.saturating_sub(self.final_value)
    }
}

/// A counter alone on its cache line (128 bytes covers the adjacent-line prefetch of x86 and
/// the 128-byte lines of some ARM cores).
#[repr(align(128))]
#[derive(Default)]
pub struct PaddedCounter(pub AtomicU64);

/// Runs `variant`: n increments on `threads` threads (one for `Sequential`), `window` units of
/// CPU work between each read and its write. Call from a pool thread; the k threads are the
/// caller and k − 1 spawned jobs that idle pool threads take.
pub fn count(
    variant: Variant,
    n: u64,
    threads: NonZeroUsize,
    window: u32,
    control: &RunControl,
) -> Result<Count, Cancelled> {
    let k = if variant == Variant::Sequential { 1 } else { threads.get() };
    let share = |thread: usize| n / k as u64 + u64::from((thread as u64) < n % k as u64);
    let stopped = AtomicBool::new(false);
    let mut layout = None;
    let final_value = match variant {
        Variant::Sequential => {
            let mut total = 0u64;
            blocks(share(0), control, &stopped, |m| {
                for _ in 0..m {
                    let read = black_box(total);
                    widen(window);
                    total = read + 1;
                }
            });
            total
        }
        Variant::Unsynchronized => {
            let total = AtomicU64::new(0);
            on_k_loops(k, |thread| {
                blocks(share(thread), control, &stopped, |m| {
                    for _ in 0..m {
                        let read = total.load(Ordering::Relaxed);
                        widen(window);
                        total.store(read + 1, Ordering::Relaxed);
                    }
                })
            });
            total.into_inner()
        }
        Variant::Mutex => {
            let total = Mutex::new(0u64);
            on_k_loops(k, |thread| {
                blocks(share(thread), control, &stopped, |m| {
                    for _ in 0..m {
                        let mut guard = total.lock().unwrap_or_else(PoisonError::into_inner);
                        let read = black_box(*guard);
                        widen(window);
                        *guard = read + 1;
                    }
                })
            });
            total.into_inner().unwrap_or_else(PoisonError::into_inner)
        }
        Variant::Atomic => {
            let total = AtomicU64::new(0);
            on_k_loops(k, |thread| {
                blocks(share(thread), control, &stopped, |m| {
                    for _ in 0..m {
                        widen(window);
                        total.fetch_add(1, Ordering::Relaxed);
                    }
                })
            });
            total.into_inner()
        }
        Variant::AdjacentSlots => {
            let slots: Vec<AtomicU64> = (0..k).map(|_| AtomicU64::new(0)).collect();
            layout = SlotLayout::of(&slots);
            on_k_loops(k, |thread| {
                let slot = &slots[thread];
                blocks(share(thread), control, &stopped, |m| {
                    for _ in 0..m {
                        let read = slot.load(Ordering::Relaxed);
                        widen(window);
                        slot.store(read + 1, Ordering::Relaxed);
                    }
                })
            });
            slots.into_iter().map(AtomicU64::into_inner).sum()
        }
        Variant::PaddedSlots => {
            let slots: Vec<PaddedCounter> = (0..k).map(|_| PaddedCounter::default()).collect();
            layout = SlotLayout::of(&slots);
            on_k_loops(k, |thread| {
                let slot = &slots[thread].0;
                blocks(share(thread), control, &stopped, |m| {
                    for _ in 0..m {
                        let read = slot.load(Ordering::Relaxed);
                        widen(window);
                        slot.store(read + 1, Ordering::Relaxed);
                    }
                })
            });
            slots.into_iter().map(|slot| slot.0.into_inner()).sum()
        }
        Variant::Local => {
            let total = AtomicU64::new(0);
            on_k_loops(k, |thread| {
                let mut local = 0u64;
                blocks(share(thread), control, &stopped, |m| {
                    for _ in 0..m {
                        let read = black_box(local);
                        widen(window);
                        local = read + 1;
                    }
                });
                total.fetch_add(local, Ordering::Relaxed);
            });
            total.into_inner()
        }
    };
    if stopped.into_inner() {
        return Err(Cancelled);
    }
    Ok(Count { final_value, expected: n, layout })
}

/// Calls `increments(m)` for blocks of at most [`BLOCK`] until `total` are done, checking the
/// cancel flag and reporting progress between blocks.
fn blocks(total: u64, control: &RunControl, stopped: &AtomicBool, mut increments: impl FnMut(u64)) {
    let mut left = total;
    while left > 0 {
        if control.is_cancelled() {
            stopped.store(true, Ordering::Relaxed);
            return;
        }
        let m = left.min(BLOCK);
        increments(m);
        control.advance(m);
        left -= m;
    }
}

/// `units` of CPU work that the compiler cannot remove: the window between a read and its write.
#[inline]
fn widen(units: u32) {
    let mut x = 0u32;
    for unit in 0..units {
        x = black_box(x.wrapping_mul(31).wrapping_add(unit));
    }
    black_box(x);
}

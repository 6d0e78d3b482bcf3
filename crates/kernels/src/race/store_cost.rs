//! What one store costs on the calling thread: a plain store, an atomic store with Rust's
//! `Relaxed` ordering, and an atomic add.
//!
//! The slot variants of the race demo store atomically on every increment. Compiled natively
//! for x86-64, a `Relaxed` store is an ordinary store instruction. WebAssembly has no relaxed
//! atomics: every atomic store is sequentially consistent, which an engine on x86-64 has to
//! make a locked instruction, as costly as an atomic add. The page measures the three here, on
//! one thread and with no other thread touching the line, so the figure is the instruction's
//! own cost, not contention.

use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::clock::Clock;
use crate::control::{Cancelled, RunControl};

/// Nanoseconds per iteration of each loop (the loop's own overhead included in each).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StoreCosts {
    pub plain_ns: f64,
    pub atomic_store_ns: f64,
    pub atomic_add_ns: f64,
}

/// Stores timed per kind: enough for milliseconds of the cheapest, little enough that the
/// costliest stays under a few hundred milliseconds where an atomic store takes ~20 ns.
pub const STORES: u64 = 4_000_000;

/// Times [`STORES`] stores of each kind, looking at the cancel flag between blocks.
pub fn measure_store_costs(control: &RunControl, clock: &dyn Clock) -> Result<StoreCosts, Cancelled> {
    let mut plain = 0u64;
    let atomic = AtomicU64::new(0);
    let plain_ns = per_store(control, clock, |i| *black_box(&mut plain) = i)?;
    let atomic_store_ns = per_store(control, clock, |i| atomic.store(i, Ordering::Relaxed))?;
    let atomic_add_ns = per_store(control, clock, |_| {
        atomic.fetch_add(1, Ordering::Relaxed);
    })?;
    black_box((plain, atomic.into_inner()));
    Ok(StoreCosts { plain_ns, atomic_store_ns, atomic_add_ns })
}

/// Blocks between two looks at the cancel flag.
const BLOCK: u64 = 500_000;

fn per_store(control: &RunControl, clock: &dyn Clock, mut store: impl FnMut(u64)) -> Result<f64, Cancelled> {
    // Untimed, so the engine has compiled the loop before it is timed.
    for i in 0..BLOCK {
        store(black_box(i));
    }
    let mut elapsed_ms = 0.0;
    for block in 0..STORES / BLOCK {
        control.check()?;
        let began = clock.now_ms();
        for i in block * BLOCK..(block + 1) * BLOCK {
            store(black_box(i));
        }
        elapsed_ms += clock.now_ms() - began;
    }
    Ok(elapsed_ms * 1e6 / STORES as f64)
}

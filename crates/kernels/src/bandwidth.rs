//! How fast this machine's memory moves bytes, measured as STREAM does (McCalpin): *copy*
//! (`c = a`) and *triad* (`a = b + s·c`) over arrays far larger than the caches, each the best of
//! a few passes, on k threads at once. The map demo's `square` moves 12 bytes per element (a u32
//! read, a u64 written) for one multiply: this figure, not the cores, sets its pace, and the
//! threads share it.

use std::num::NonZeroUsize;
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::clock::Clock;
use crate::control::{Cancelled, RunControl};
use crate::threads::on_k_loops;

/// Elements of each array: 4 Mi f64, 32 MiB each, so that triad's three arrays (96 MiB) are
/// far past any cache a phone or a laptop has.
pub const STREAM_LEN: usize = 4 << 20;
/// The elements each array may have where the page's memory holds `memory_bytes`: at most
/// [`STREAM_LEN`], and the three arrays within an eighth of the memory, so that a phone granted
/// 256 MiB still measures (over 1.4 Mi elements, 32 MiB, still past its caches) beside a run's
/// own buffers.
pub fn stream_len(memory_bytes: u64) -> usize {
    usize::try_from(memory_bytes / (8 * 3 * 8)).unwrap_or(STREAM_LEN).min(STREAM_LEN)
}

/// Passes of each kernel; the fastest counts, as in STREAM.
const PASSES: usize = 4;

/// Bytes a second each kernel moved, at `threads` threads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bandwidth {
    pub threads: usize,
    /// `c = a`: 16 bytes an element (one read, one write).
    pub copy_gbs: f64,
    /// `a = b + s·c`: 24 bytes an element (two reads, one write).
    pub triad_gbs: f64,
}

/// Measures copy and triad on `threads` threads over `len` elements (see [`STREAM_LEN`]). Call
/// from a pool thread of a pool with at least `threads` threads.
pub fn measure(
    threads: NonZeroUsize,
    len: usize,
    control: &RunControl,
    clock: &dyn Clock,
) -> Result<Bandwidth, Cancelled> {
    let k = threads.get();
    let share = len.div_ceil(k).max(1);
    let a: Vec<Mutex<Vec<f64>>> = (0..k).map(|part| Mutex::new(vec![1.0; part_len(len, share, part)])).collect();
    let b: Vec<Mutex<Vec<f64>>> = (0..k).map(|part| Mutex::new(vec![2.0; part_len(len, share, part)])).collect();
    let c: Vec<Mutex<Vec<f64>>> = (0..k).map(|part| Mutex::new(vec![0.0; part_len(len, share, part)])).collect();
    let fastest = |kernel: &(dyn Fn(usize) + Sync)| -> Result<f64, Cancelled> {
        let mut best = f64::INFINITY;
        for _ in 0..PASSES {
            control.check()?;
            let began = clock.now_ms();
            on_k_loops(k, kernel);
            best = best.min(clock.now_ms() - began);
        }
        Ok(best.max(f64::MIN_POSITIVE))
    };
    let copy_ms = fastest(&|part| lock(&c, part).copy_from_slice(&lock(&a, part)))?;
    let scalar = 3.0;
    let triad_ms = fastest(&|part| {
        let (mut a, b, c) = (lock(&a, part), lock(&b, part), lock(&c, part));
        for ((a, b), c) in a.iter_mut().zip(b.iter()).zip(c.iter()) {
            *a = b + scalar * c;
        }
    })?;
    let gbs = |bytes_per_element: f64, ms: f64| bytes_per_element * len as f64 / (ms * 1e6);
    Ok(Bandwidth { threads: k, copy_gbs: gbs(16.0, copy_ms), triad_gbs: gbs(24.0, triad_ms) })
}

/// Thread `part`'s share of an array: each thread takes only its own, so the lock is never
/// contended; it only lets the shares be written from the threads.
fn lock(parts: &[Mutex<Vec<f64>>], part: usize) -> MutexGuard<'_, Vec<f64>> {
    parts[part].lock().unwrap_or_else(PoisonError::into_inner)
}

/// The length of thread `part`'s share of `len` elements cut in shares of `share`.
fn part_len(len: usize, share: usize, part: usize) -> usize {
    len.saturating_sub(part * share).min(share)
}

/// What the map's `square` moved, GB/s: 12 bytes an element (its u32 read and u64 write) over
/// its time.
pub fn square_gbs(elements: usize, ms: f64) -> f64 {
    12.0 * elements as f64 / (ms.max(f64::MIN_POSITIVE) * 1e6)
}

/// Square's share of the memory bus against triad's, counting the bytes each really moves: a
/// store to a line that is not in the cache first reads the line into it (write-allocate), so
/// square's 12 counted bytes an element (8 written) cross the bus as 20, and triad's 24 (8
/// written) as 32. Compared as counted, square at a full bus would show only 0.8 of triad's
/// GB/s and look as if it had left room.
pub fn square_bus_share(square_gbs: f64, triad_gbs: f64) -> f64 {
    const SQUARE_TRAFFIC: f64 = 20.0 / 12.0;
    const TRIAD_TRAFFIC: f64 = 32.0 / 24.0;
    square_gbs * SQUARE_TRAFFIC / (triad_gbs.max(f64::MIN_POSITIVE) * TRIAD_TRAFFIC)
}

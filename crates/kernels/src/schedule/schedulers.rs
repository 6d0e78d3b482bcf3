//! The six schedulers: each calls `task(thread, i)` exactly once for every task i, on real
//! threads (rayon's pool), and says which of its k threads ran it.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;

use super::Variant;
use crate::barrier::share;
use crate::control::{Cancelled, RunControl};
use crate::threads::{on_k_loops, with_threads};

/// Runs tasks `0..n` by `variant` on `k` threads (the sequential variant on this one), calling
/// `task(thread, i)` once per task with `thread` in `0..k`; `chunk` is dynamic's chunk and
/// guided's smallest one. Looks at the cancel flag before every task and counts each finished
/// task as one unit of progress. Call from a pool thread: `stealing` confines rayon to k
/// threads by parking the others, which only a pool thread can do.
pub fn schedule(
    variant: Variant,
    n: usize,
    k: usize,
    chunk: usize,
    control: &RunControl,
    task: &(dyn Fn(usize, usize) + Sync),
) -> Result<(), Cancelled> {
    let (k, chunk) = (k.max(1), chunk.max(1));
    let stopped = AtomicBool::new(false);
    // One task, unless the run was cancelled (then it says so for every thread to see).
    let run = |thread: usize, i: usize| -> bool {
        if stopped.load(Ordering::Relaxed) || control.check().is_err() {
            stopped.store(true, Ordering::Relaxed);
            return false;
        }
        task(thread, i);
        control.advance(1);
        true
    };
    match variant {
        Variant::Sequential => {
            for i in 0..n {
                if !run(0, i) {
                    break;
                }
            }
        }
        Variant::Block => on_k_loops(k, |t| {
            for i in share(n, k, t) {
                if !run(t, i) {
                    break;
                }
            }
        }),
        Variant::Cyclic => on_k_loops(k, |t| {
            for i in (t..n).step_by(k) {
                if !run(t, i) {
                    break;
                }
            }
        }),
        Variant::Dynamic | Variant::Guided => {
            let next = AtomicUsize::new(0);
            on_k_loops(k, |t| {
                while let Some(range) = take(&next, n, k, chunk, variant == Variant::Guided) {
                    if !range.into_iter().all(|i| run(t, i)) {
                        break;
                    }
                }
            });
        }
        Variant::Stealing => {
            let lanes = Lanes::new(k);
            with_threads(std::num::NonZeroUsize::new(k).unwrap_or(std::num::NonZeroUsize::MIN), || {
                // `try_for_each` stops handing out tasks once one returns an error.
                let _ = (0..n).into_par_iter().try_for_each(|i| if run(lanes.mine(), i) { Ok(()) } else { Err(()) });
            });
        }
    }
    if stopped.into_inner() { Err(Cancelled) } else { Ok(()) }
}

/// The next hand-out from the shared counter `next`: `chunk` tasks, or for guided
/// `max(remaining / 2k, chunk)`; `None` once every task is handed out.
fn take(next: &AtomicUsize, n: usize, k: usize, chunk: usize, guided: bool) -> Option<std::ops::Range<usize>> {
    if !guided {
        let start = next.fetch_add(chunk, Ordering::Relaxed);
        return (start < n).then(|| start..(start + chunk).min(n));
    }
    let mut start = next.load(Ordering::Relaxed);
    loop {
        if start >= n {
            return None;
        }
        let size = ((n - start) / (2 * k)).max(chunk).min(n - start);
        match next.compare_exchange_weak(start, start + size, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => return Some(start..start + size),
            Err(now) => start = now,
        }
    }
}

/// Thread numbers 0 … k − 1 for the pool threads that rayon's stealing puts to work, each
/// claiming the first free number when it runs its first task.
struct Lanes {
    owners: Vec<AtomicUsize>,
}

/// A number not yet claimed.
const FREE: usize = usize::MAX;

impl Lanes {
    fn new(k: usize) -> Self {
        Self { owners: (0..k).map(|_| AtomicUsize::new(FREE)).collect() }
    }

    /// This thread's number. More than k threads only take part when called off the pool
    /// (then [`with_threads`] cannot confine rayon): they share numbers modulo k.
    fn mine(&self) -> usize {
        let me = rayon::current_thread_index().unwrap_or(FREE - 1);
        for (lane, owner) in self.owners.iter().enumerate() {
            let current = owner.load(Ordering::Relaxed);
            if current == me {
                return lane;
            }
            if current == FREE {
                match owner.compare_exchange(FREE, me, Ordering::Relaxed, Ordering::Relaxed) {
                    Ok(_) => return lane,
                    Err(other) if other == me => return lane,
                    Err(_) => {}
                }
            }
        }
        me % self.owners.len()
    }
}

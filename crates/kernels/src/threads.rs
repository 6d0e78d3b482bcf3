//! Running rayon code on exactly `k` of the pool's threads.
//!
//! A rayon parallel iterator or `par_sort` uses every thread of the pool. To time it with k
//! threads on one global pool of P threads, the other P − k threads are *parked*: a job on each
//! of them waits on a condition variable until the work is done. (A second, local rayon pool is
//! not an option in the browser: building one fails there, and running its workers on the global
//! pool's threads trips rayon's own checks.)

use std::num::NonZeroUsize;
use std::sync::{Arc, Condvar, Mutex, PoisonError};

#[derive(Default)]
struct ParkingLot {
    state: Mutex<(usize, bool)>,
    changed: Condvar,
}

/// Runs `work` with rayon confined to `threads` threads of the current pool (all of them when
/// `threads` ≥ the pool size). Must be called from a pool thread; parking and release each
/// take well under a millisecond.
pub fn with_threads<R>(threads: NonZeroUsize, work: impl FnOnce() -> R) -> R {
    let parked = rayon::current_num_threads().saturating_sub(threads.get());
    if parked == 0 || rayon::current_thread_index().is_none() {
        return work();
    }
    let lot = Arc::new(ParkingLot::default());
    for _ in 0..parked {
        let lot = Arc::clone(&lot);
        rayon::spawn(move || {
            let mut state = lot.state.lock().unwrap_or_else(PoisonError::into_inner);
            state.0 += 1;
            lot.changed.notify_all();
            while !state.1 {
                state = lot.changed.wait(state).unwrap_or_else(PoisonError::into_inner);
            }
        });
    }
    {
        let mut state = lot.state.lock().unwrap_or_else(PoisonError::into_inner);
        while state.0 < parked {
            state = lot.changed.wait(state).unwrap_or_else(PoisonError::into_inner);
        }
    }
    let result = work();
    lot.state.lock().unwrap_or_else(PoisonError::into_inner).1 = true;
    lot.changed.notify_all();
    result
}

/// `work(loop)` as exactly `k` loops at once on rayon's pool, `loop` = 0 … k − 1: `k − 1`
/// spawned and loop 0 on this thread, all joined before it returns. Each loop stays on one
/// thread from start to end, so never more than `k` threads take part; idle pool threads pick
/// up the spawned loops, so all of them do when the pool has them free.
pub fn on_k_loops(k: usize, work: impl Fn(usize) + Sync) {
    rayon::scope(|scope| {
        for index in 1..k {
            let work = &work;
            scope.spawn(move |_| work(index));
        }
        work(0);
    });
}

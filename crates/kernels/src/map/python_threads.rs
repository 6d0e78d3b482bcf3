//! Python threads under the GIL: why `threading` does not speed up CPU-bound code.
//!
//! CPython lets a thread run Python code only while it holds the global interpreter lock. A
//! thread that holds it hands it over once it has run for the switch interval
//! (`sys.getswitchinterval()`, 5 ms) and another thread is waiting for it. [`map_python_threads`]
//! is the parallel map under exactly that rule, on real threads: `k` threads share the chunks
//! as in [`super::map_parallel`], but a thread computes only while it holds a [`Gil`]. Every
//! stretch a thread held it is recorded as a [`Span`], so the page can draw the threads taking
//! turns, and the tests can check that no two spans overlap.

use std::collections::VecDeque;
use std::num::NonZeroUsize;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use super::{ElementFn, FirstStop, MapStop, Span, map_blocks};
use crate::clock::Clock;
use crate::control::RunControl;

/// The default switch interval in milliseconds, Python's own.
pub const DEFAULT_SWITCH_MS: u32 = 5;
/// The longest switch interval accepted, in milliseconds.
pub const MAX_SWITCH_MS: u32 = 1000;

/// A lock handed over in the order threads asked for it, like CPython's GIL since 3.2: the
/// thread that lets go cannot take it straight back while another waits, so the threads really
/// take turns.
#[derive(Debug, Default)]
pub struct Gil {
    state: Mutex<GilState>,
    handed_over: Condvar,
}

#[derive(Debug, Default)]
struct GilState {
    holder: Option<usize>,
    waiting: VecDeque<usize>,
}

impl Gil {
    fn state(&self) -> MutexGuard<'_, GilState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Blocks until the thread with id `me` holds the lock.
    pub fn acquire(&self, me: usize) {
        let mut state = self.state();
        if state.holder.is_none() && state.waiting.is_empty() {
            state.holder = Some(me);
            return;
        }
        state.waiting.push_back(me);
        while state.holder != Some(me) {
            state = self.handed_over.wait(state).unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Hands the lock to the thread that has waited longest, if any.
    pub fn release(&self, me: usize) {
        let mut state = self.state();
        debug_assert_eq!(state.holder, Some(me), "only the holder releases the GIL");
        state.holder = state.waiting.pop_front();
        if state.holder.is_some() {
            self.handed_over.notify_all();
        }
    }

    /// How many threads wait for the lock.
    pub fn waiting(&self) -> usize {
        self.state().waiting.len()
    }
}

/// `threads` Python threads mapping `workload` over `input` in chunks of `chunk_len`, each
/// computing only while it holds the GIL and handing it over after `switch_ms` when another
/// thread waits. Writes `output` and returns every stretch a thread held the GIL, in time order.
#[allow(clippy::too_many_arguments)]
pub fn map_python_threads(
    f: &dyn ElementFn,
    input: &[u32],
    output: &mut [u64],
    threads: NonZeroUsize,
    chunk_len: NonZeroUsize,
    switch_ms: f64,
    control: &RunControl,
    clock: &dyn Clock,
) -> Result<Vec<Span>, MapStop> {
    assert_eq!(input.len(), output.len(), "map_python_threads needs an output as long as its input");
    let origin = clock.now_ms();
    let chunks = Mutex::new(input.chunks(chunk_len.get()).zip(output.chunks_mut(chunk_len.get())));
    let gil = Gil::default();
    let spans = Mutex::new(Vec::new());
    let stopped = FirstStop::default();

    // `me`, the loop's index, is its id in the GIL's queue; the spans carry rayon's thread
    // index, which the page shows.
    let worker = |me: usize| {
        let thread = rayon::current_thread_index().unwrap_or(usize::MAX);
        let mut mine = Vec::new();
        gil.acquire(me);
        let mut held_since = clock.now_ms();
        'chunks: loop {
            let next = chunks.lock().unwrap_or_else(PoisonError::into_inner).next();
            let Some((src, dst)) = next else { break };
            for (block_in, block_out) in src.chunks(super::BLOCK).zip(dst.chunks_mut(super::BLOCK)) {
                if let Err(stop) = map_blocks(f, block_in, block_out, control) {
                    stopped.record(stop, control);
                    break 'chunks;
                }
                let now = clock.now_ms();
                if now - held_since >= switch_ms && gil.waiting() > 0 {
                    mine.push(Span { thread, began_ms: held_since - origin, ended_ms: now - origin });
                    gil.release(me);
                    gil.acquire(me);
                    held_since = clock.now_ms();
                }
            }
        }
        mine.push(Span { thread, began_ms: held_since - origin, ended_ms: clock.now_ms() - origin });
        gil.release(me);
        spans.lock().unwrap_or_else(PoisonError::into_inner).extend(mine);
    };
    crate::threads::on_k_loops(threads.get(), worker);

    stopped.into_result()?;
    let mut spans = spans.into_inner().unwrap_or_else(PoisonError::into_inner);
    crate::ordering::sort_by_u64_key(&mut spans, |span| crate::ordering::f64_key(span.began_ms));
    Ok(spans)
}

//! `run_in_executor`'s pool: the loop hands a computation over as a [`Job`], a pool thread runs
//! it and hands the result back, recording how long the job waited and how long it computed.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, PoisonError};

use super::{Kind, LaneSpan, Work};

/// A computation handed to the pool: coroutine, state, iterations, when it was handed over.
pub(super) struct Job(pub(super) usize, pub(super) u64, pub(super) u64, pub(super) f64);

#[derive(Default)]
pub(super) struct Executor {
    queue: Mutex<Queue>,
    pub(super) work_added: Condvar,
    pub(super) work_done: Condvar,
}

#[derive(Default)]
pub(super) struct Queue {
    pub(super) jobs: VecDeque<Job>,
    /// (coroutine, result, when it finished).
    pub(super) done: Vec<(usize, u64, f64)>,
    pub(super) shutdown: bool,
    pub(super) spans: Vec<LaneSpan>,
    pub(super) slept_ms: f64,
}

impl Executor {
    /// What the pool threads left: their spans and idle time, once they have all returned.
    pub(super) fn into_queue(self) -> Queue {
        self.queue.into_inner().unwrap_or_else(PoisonError::into_inner)
    }

    pub(super) fn lock(&self) -> std::sync::MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A pool thread of `run_in_executor`: takes the next computation, runs it, hands the result
/// back to the loop, until the loop shuts the executor down.
pub(super) fn pool_worker(work: &Work, executor: &Executor) {
    let mut queue = executor.lock();
    loop {
        let Some(Job(lane, state, iterations, handed)) = queue.jobs.pop_front() else {
            if queue.shutdown {
                return;
            }
            let idle = work.now();
            queue = executor.work_added.wait(queue).unwrap_or_else(PoisonError::into_inner);
            queue.slept_ms += work.now() - idle;
            continue;
        };
        drop(queue);
        let began = work.now();
        let result = work.compute(state, iterations);
        let ended = work.now();
        queue = executor.lock();
        // `handed` is the loop thread's reading, `began` this one's: in a browser two threads'
        // clocks may disagree by a few microseconds, so a wait that short is no wait.
        for (kind, began_ms, ended_ms) in [(Kind::Ready, handed, began), (Kind::Compute, began, ended)] {
            if ended_ms > began_ms {
                queue.spans.push(LaneSpan { lane, kind, began_ms, ended_ms });
            }
        }
        // A cancelled computation hands nothing back: the loop sees the flag itself.
        if let Ok(result) = result {
            queue.done.push((lane, result, ended));
            executor.work_done.notify_all();
        }
    }
}

//! Who ran each task, visible while the run goes on: the page polls it like the progress
//! counter and paints each Mandelbrot row (or task) in its thread's colour as it finishes.

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};

/// One byte per task, shared by the kernel and the page: 0 while the task has not finished in
/// the current run, `t + 1` once thread t finished it. Cleared at the start of every run; clones
/// share the same bytes.
#[derive(Debug, Clone, Default)]
pub struct LiveOwners {
    owners: Arc<[AtomicU8]>,
}

impl LiveOwners {
    /// Room for `tasks` tasks (a run with more tasks marks only the first `tasks`).
    pub fn new(tasks: usize) -> Self {
        Self { owners: (0..tasks).map(|_| AtomicU8::new(0)).collect() }
    }

    /// The owners now: 0 for not yet, `t + 1` for thread t.
    pub fn snapshot(&self) -> Vec<u8> {
        self.owners.iter().map(|owner| owner.load(Ordering::Relaxed)).collect()
    }

    pub(super) fn clear(&self) {
        self.owners.iter().for_each(|owner| owner.store(0, Ordering::Relaxed));
    }

    /// Task `task` finished on thread `thread` (threads past 254 share the last byte value).
    pub(super) fn mark(&self, task: usize, thread: usize) {
        if let Some(owner) = self.owners.get(task) {
            owner.store(u8::try_from(thread + 1).unwrap_or(u8::MAX), Ordering::Relaxed);
        }
    }
}

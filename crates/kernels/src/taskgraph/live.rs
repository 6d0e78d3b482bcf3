//! Each task's state while a run goes on, shared by the scheduler's threads and the page, which
//! polls it like the progress counter and colours the graph's nodes. After a Cancel it also
//! holds what the Cancel did: the run's report is not kept, so the page reads it here.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU16, AtomicUsize, Ordering};

/// Where a task stands in a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    /// Waiting for an input.
    Pending,
    /// Every input is done; waiting for a thread.
    Ready,
    Running,
    Done,
    /// It raised (`fail=`).
    Failed,
    /// It will never run: an input failed, or the run was cancelled before it started.
    Cancelled,
}

impl State {
    pub const ALL: [State; 6] =
        [State::Pending, State::Ready, State::Running, State::Done, State::Failed, State::Cancelled];

    /// The page's contract (`data-state`).
    pub fn name(self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::Ready => "ready",
            State::Running => "running",
            State::Done => "done",
            State::Failed => "failed",
            State::Cancelled => "cancelled",
        }
    }

    fn code(self) -> u16 {
        self as u16
    }

    fn of(code: u16) -> Self {
        State::ALL.get(usize::from(code)).copied().unwrap_or(State::Pending)
    }
}

/// Each task's state and the thread that ran it, one atomic per task; clones share them.
#[derive(Debug, Clone, Default)]
pub struct LiveStates {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    /// The state in the low byte, the thread + 1 (0: none) in the high byte.
    tasks: Box<[AtomicU16]>,
    stopped: AtomicBool,
    /// Which run of the click is going: see [`LiveStates::pass`].
    pass: AtomicUsize,
    cancelled: AtomicUsize,
    finished_after_cancel: AtomicUsize,
}

/// What a Cancel did: the tasks it cancelled before they started, and those already running,
/// which finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CancelCounts {
    pub cancelled: usize,
    pub finished: usize,
}

impl LiveStates {
    pub fn new(tasks: usize) -> Self {
        Self { inner: Arc::new(Inner { tasks: (0..tasks).map(|_| AtomicU16::new(0)).collect(), ..Inner::default() }) }
    }

    /// Each task's state and thread (`None` before a thread took it).
    pub fn snapshot(&self) -> Vec<(State, Option<usize>)> {
        self.inner
            .tasks
            .iter()
            .map(|slot| {
                let value = slot.load(Ordering::Relaxed);
                (State::of(value & 0xff), (value >> 8).checked_sub(1).map(usize::from))
            })
            .collect()
    }

    /// Which run of the click is going: 0 the warm-up, then 2i + 1 and 2i + 2 the sequential
    /// and scheduled runs of repeat i.
    pub fn pass(&self) -> usize {
        self.inner.pass.load(Ordering::Relaxed)
    }

    pub(super) fn begin_pass(&self, pass: usize) {
        self.inner.pass.store(pass, Ordering::Relaxed);
    }

    /// The last Cancel's counts, once a cancelled run has stopped.
    pub fn cancel_counts(&self) -> Option<CancelCounts> {
        self.inner.stopped.load(Ordering::Acquire).then(|| CancelCounts {
            cancelled: self.inner.cancelled.load(Ordering::Relaxed),
            finished: self.inner.finished_after_cancel.load(Ordering::Relaxed),
        })
    }

    /// Every task pending again, no Cancel recorded: the start of a run.
    pub(super) fn clear(&self) {
        self.inner.stopped.store(false, Ordering::Relaxed);
        self.inner.tasks.iter().for_each(|slot| slot.store(0, Ordering::Relaxed));
    }

    pub(super) fn set(&self, task: usize, state: State, thread: Option<usize>) {
        if let Some(slot) = self.inner.tasks.get(task) {
            let thread = thread.map_or(0, |t| u16::try_from(t + 1).unwrap_or(u8::MAX.into()).min(255));
            slot.store(state.code() | (thread << 8), Ordering::Relaxed);
        }
    }

    /// Keeps the state's thread: a task cancelled or made ready has none yet.
    pub(super) fn set_state(&self, task: usize, state: State) {
        if let Some(slot) = self.inner.tasks.get(task) {
            let thread = slot.load(Ordering::Relaxed) & 0xff00;
            slot.store(state.code() | thread, Ordering::Relaxed);
        }
    }

    pub(super) fn record_cancel(&self, counts: CancelCounts) {
        self.inner.cancelled.store(counts.cancelled, Ordering::Relaxed);
        self.inner.finished_after_cancel.store(counts.finished, Ordering::Relaxed);
        self.inner.stopped.store(true, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_and_threads_read_back() {
        let live = LiveStates::new(3);
        live.set(0, State::Running, Some(1));
        live.set_state(0, State::Done);
        live.set_state(2, State::Cancelled);
        assert_eq!(live.snapshot(), [(State::Done, Some(1)), (State::Pending, None), (State::Cancelled, None)]);
        assert_eq!(live.cancel_counts(), None);
        live.record_cancel(CancelCounts { cancelled: 2, finished: 1 });
        assert_eq!(live.cancel_counts(), Some(CancelCounts { cancelled: 2, finished: 1 }));
        live.clear();
        assert_eq!(live.cancel_counts(), None);
    }
}

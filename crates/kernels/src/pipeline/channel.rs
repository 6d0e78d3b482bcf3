//! A bounded channel between two stages: a queue of batches under one lock, a condition for
//! "not empty" and one for "not full". Every wait wakes every few milliseconds to look at the
//! cancel flag, so Cancel reaches a thread blocked on either side. It records its depth after
//! every send and receive, for the queue-depth chart.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use crate::clock::Clock;
use crate::control::{Cancelled, RunControl};

/// Depth samples kept per channel (the run's start): three charts of them are drawn at the end
/// of a run, and more samples than pixels only cost the main thread.
pub const MAX_DEPTH_SAMPLES: usize = 1000;

/// How long a wait sleeps before it looks at the cancel flag again.
const CANCEL_CHECK: Duration = Duration::from_millis(2);

/// What travels between stages.
#[derive(Debug, PartialEq)]
pub enum Message {
    Batch(Vec<u64>),
    /// No more batches for the receiver: one per worker of the next stage.
    Stop,
}

#[derive(Debug, Default)]
struct State {
    queue: VecDeque<Message>,
    /// (ms since the run began, batches queued) after each send and receive.
    depth: Vec<(f64, usize)>,
}

#[derive(Debug)]
pub struct Channel {
    capacity: usize,
    state: Mutex<State>,
    not_empty: Condvar,
    not_full: Condvar,
}

impl Channel {
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            state: Mutex::new(State::default()),
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits on `condition` while `blocked` holds; returns whether it waited at all.
    fn wait_while<'a>(
        &self,
        mut state: MutexGuard<'a, State>,
        condition: &Condvar,
        blocked: impl Fn(&State) -> bool,
        control: &RunControl,
    ) -> Result<(MutexGuard<'a, State>, bool), Cancelled> {
        let mut waited = false;
        while blocked(&state) {
            control.check()?;
            waited = true;
            state = condition.wait_timeout(state, CANCEL_CHECK).unwrap_or_else(PoisonError::into_inner).0;
        }
        Ok((state, waited))
    }

    /// Puts `message` in, waiting while the channel is full; returns whether it had to wait.
    pub fn send(
        &self,
        message: Message,
        control: &RunControl,
        clock: &dyn Clock,
        origin: f64,
    ) -> Result<bool, Cancelled> {
        let capacity = self.capacity;
        let (mut state, waited) =
            self.wait_while(self.lock(), &self.not_full, |s| s.queue.len() >= capacity, control)?;
        state.queue.push_back(message);
        record_depth(&mut state, clock, origin);
        drop(state);
        self.not_empty.notify_one();
        Ok(waited)
    }

    /// Takes the oldest message, waiting while the channel is empty; and whether it waited.
    pub fn receive(&self, control: &RunControl, clock: &dyn Clock, origin: f64) -> Result<(Message, bool), Cancelled> {
        let (mut state, waited) = self.wait_while(self.lock(), &self.not_empty, |s| s.queue.is_empty(), control)?;
        let message = state.queue.pop_front().ok_or(Cancelled)?;
        record_depth(&mut state, clock, origin);
        drop(state);
        self.not_full.notify_one();
        Ok((message, waited))
    }

    /// The depth samples, once the run is over.
    pub fn into_depth(self) -> Vec<(f64, usize)> {
        self.state.into_inner().unwrap_or_else(PoisonError::into_inner).depth
    }
}

fn record_depth(state: &mut State, clock: &dyn Clock, origin: f64) {
    if state.depth.len() < MAX_DEPTH_SAMPLES {
        let depth = state.queue.len();
        state.depth.push((clock.now_ms() - origin, depth));
    }
}

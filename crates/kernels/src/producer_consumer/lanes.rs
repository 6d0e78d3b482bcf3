//! The lanes of the producer–consumer view: what each thread did when, recorded by the thread
//! itself as it works and waits. (The pipeline's stage workers use the same kinds of stretch.)

use super::buffer::{Aborted, Buffer, Need, Role, ThreadName};
use crate::clock::Clock;
use crate::philosophers::Work;

/// Spans kept per thread for the lanes (the run's start).
pub const MAX_LANE_SPANS: usize = 400;
/// Waits shorter than this are not drawn (they are the lock changing hands, not a wait).
const SHORTEST_DRAWN_WAIT_MS: f64 = 0.02;

/// What a thread was doing in a stretch of its lane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LaneKind {
    Working,
    /// Waiting for a free slot: the buffer was full.
    WaitingFull,
    /// Waiting for an item: the buffer was empty.
    WaitingEmpty,
    WaitingLock,
}

impl LaneKind {
    pub fn name(self) -> &'static str {
        match self {
            LaneKind::Working => "working",
            LaneKind::WaitingFull => "waiting-full",
            LaneKind::WaitingEmpty => "waiting-empty",
            LaneKind::WaitingLock => "waiting-lock",
        }
    }

    pub(super) fn of(need: Need, role: Role) -> Self {
        match need {
            Need::Lock => LaneKind::WaitingLock,
            Need::Space => LaneKind::WaitingFull,
            Need::Item if role == Role::Consumer => LaneKind::WaitingEmpty,
            Need::Item => LaneKind::WaitingFull,
            // On the Condition a producer waits only while the buffer is full, a consumer only
            // while it is empty (or, with `if`, once).
            Need::Notify if role == Role::Consumer => LaneKind::WaitingEmpty,
            Need::Notify => LaneKind::WaitingFull,
        }
    }
}

/// One thread's lane: what it did when (ms since the threads started), the first
/// [`MAX_LANE_SPANS`] stretches.
#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    pub name: ThreadName,
    pub spans: Vec<(LaneKind, f64, f64)>,
    /// Items this thread made or used.
    pub items: usize,
}

/// Records a thread's spans, up to [`MAX_LANE_SPANS`].
pub(super) struct LaneRecorder<'a> {
    pub(super) clock: &'a dyn Clock,
    pub(super) origin: f64,
    pub(super) spans: Vec<(LaneKind, f64, f64)>,
}

impl LaneRecorder<'_> {
    pub(super) fn now(&self) -> f64 {
        self.clock.now_ms() - self.origin
    }

    pub(super) fn push(&mut self, kind: LaneKind, began: f64, ended: f64) {
        let long_enough = kind == LaneKind::Working || ended - began >= SHORTEST_DRAWN_WAIT_MS;
        if self.spans.len() < MAX_LANE_SPANS && long_enough {
            self.spans.push((kind, began, ended));
        }
    }

    /// `buffer.acquire`, drawn as a wait when it waited.
    pub(super) fn acquire(&mut self, buffer: &Buffer, me: usize, need: Need) -> Result<(), Aborted> {
        let began = self.now();
        if buffer.acquire(me, need)? {
            let ended = self.now();
            self.push(LaneKind::of(need, buffer.names()[me].role), began, ended);
        }
        Ok(())
    }

    /// `buffer.wait` (`cond.wait()`), drawn as a wait for a free slot or an item, until the
    /// lock was taken back.
    pub(super) fn wait(&mut self, buffer: &Buffer, me: usize) -> Result<(), Aborted> {
        let began = self.now();
        buffer.wait(me)?;
        let ended = self.now();
        self.push(LaneKind::of(Need::Notify, buffer.names()[me].role), began, ended);
        Ok(())
    }

    /// CPU work, drawn; false when stopped.
    pub(super) fn work(&mut self, work: &Work, us: f64, buffer: &Buffer) -> bool {
        let began = self.now();
        let finished = work.run(us / 1000.0, || buffer.is_aborted());
        let ended = self.now();
        self.push(LaneKind::Working, began, ended);
        finished
    }
}

//! A barrier for threads that meet once per step, which can also stop them all at the same step.
//!
//! `std::sync::Barrier` cannot be left: a thread that quits on Cancel while the others wait
//! would leave them waiting for ever. Here every thread says at each meeting whether it wants to
//! stop (Cancel was pressed), and all of them get the same answer for that meeting: stop if any
//! of them asked. So they all stop after the same step, and every one of them returns.

use std::sync::{Condvar, Mutex, PoisonError};

pub struct StepBarrier {
    threads: usize,
    state: Mutex<Meeting>,
    all_here: Condvar,
}

#[derive(Default)]
struct Meeting {
    arrived: usize,
    /// Counts meetings, so a thread woken late knows its meeting is over.
    generation: u64,
    stop_asked: bool,
    /// The answer of the last meeting that ended.
    stopped: bool,
}

impl StepBarrier {
    pub fn new(threads: usize) -> Self {
        Self { threads: threads.max(1), state: Mutex::new(Meeting::default()), all_here: Condvar::new() }
    }

    /// Waits until all threads have arrived; returns whether they stop here (any asked to).
    pub fn wait(&self, stop: bool) -> bool {
        let mut meeting = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        meeting.stop_asked |= stop;
        meeting.arrived += 1;
        if meeting.arrived == self.threads {
            meeting.stopped = meeting.stop_asked;
            meeting.arrived = 0;
            meeting.stop_asked = false;
            meeting.generation += 1;
            self.all_here.notify_all();
            return meeting.stopped;
        }
        let generation = meeting.generation;
        while meeting.generation == generation {
            meeting = self.all_here.wait(meeting).unwrap_or_else(PoisonError::into_inner);
        }
        meeting.stopped
    }
}

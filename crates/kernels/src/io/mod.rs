//! The io demo, “Waiting is not computing”: tasks that compute, wait, and compute again, run
//! six ways: one after another; on k threads that block through their waits; on Python-style
//! threads that compute only while holding one GIL and let go of it while they wait; as
//! coroutines on one thread's event loop with a timer queue; on that loop with the classic bug
//! (a blocking sleep inside a coroutine); and on the loop handing each computation to pool
//! threads (`run_in_executor`).
//!
//! The waits are real: a thread blocks in `std::thread::sleep` (on wasm32 with atomics that is
//! `memory.atomic.wait32` with a timeout, so the worker really sleeps) or in a condition
//! variable's timed wait, and the computing is a real hash loop whose result is checked. So the
//! times show what the lesson says: waits overlap, on a loop and under a GIL; computing does not.

mod event_loop;
mod executor;
mod experiment;
mod params;
mod sweep;
mod threaded;
mod verdict;

use std::time::Duration;

pub use event_loop::{TICK_MS, Tick};
pub use experiment::{IoConfig, IoReport, IoRow, Lanes, MAX_LANES, MAX_SPANS, run_io, run_io_without_threads};
pub use params::{
    DEFAULT_COMPUTE_US, DEFAULT_TASKS, DEFAULT_WAIT_MS, IoParams, MAX_COMPUTE_US, MAX_TASKS, MAX_WAIT_MS,
};
pub use sweep::{SWEEP_SHARES, SWEPT, SweepPoint, WaitSweep, run_wait_sweep};
pub use verdict::{Evidence, verdict, verdict_of};

use crate::clock::Clock;
use crate::control::{Cancelled, RunControl};

/// The six ways of running the tasks, in table order. Their names are the page's contract
/// (`data-variant`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Variant {
    /// One thread: compute, sleep, compute, task after task. The reference.
    Sequential,
    /// k threads, each blocking in its own sleeps: at most k waits overlap.
    Threads,
    /// One thread per task (as many as the pool has), computing only while holding one GIL and
    /// releasing it while they sleep, as CPython's `time.sleep` and blocking I/O do.
    PythonThreads,
    /// One thread, the tasks as coroutines on an event loop with a timer queue: while every
    /// coroutine waits, the loop sleeps until the next timer.
    EventLoop,
    /// The same loop, but each coroutine sleeps with a blocking call: the loop stops with it.
    EventLoopBlocking,
    /// The loop hands every computation to pool threads and awaits it (`run_in_executor`).
    LoopPool,
}

impl Variant {
    pub const ALL: [Variant; 6] = [
        Variant::Sequential,
        Variant::Threads,
        Variant::PythonThreads,
        Variant::EventLoop,
        Variant::EventLoopBlocking,
        Variant::LoopPool,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Variant::Sequential => "sequential",
            Variant::Threads => "threads",
            Variant::PythonThreads => "python-threads",
            Variant::EventLoop => "event-loop",
            Variant::EventLoopBlocking => "event-loop-blocking",
            Variant::LoopPool => "loop+pool",
        }
    }

    /// Whether the variant runs an event loop, and so a ticker whose lateness is measured.
    pub fn has_loop(self) -> bool {
        matches!(self, Variant::EventLoop | Variant::EventLoopBlocking | Variant::LoopPool)
    }
}

/// What a lane (a thread, or a coroutine on a loop) was doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Compute,
    /// Sleeping: the task's own wait.
    Wait,
    /// Ready to compute but not running: waiting for the GIL, for the loop, or for a pool thread.
    Ready,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Compute, Kind::Wait, Kind::Ready];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Compute => "compute",
            Kind::Wait => "wait",
            Kind::Ready => "ready",
        }
    }
}

/// One stretch of one lane, ms from the run's start.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LaneSpan {
    pub lane: usize,
    pub kind: Kind,
    pub began_ms: f64,
    pub ended_ms: f64,
}

/// The work of one run: `tasks` tasks, each `first` hash iterations, a `wait_ms` sleep, and
/// `second` iterations, on a shared clock that started at `origin`.
pub(crate) struct Work<'a> {
    pub tasks: usize,
    pub first: u64,
    pub second: u64,
    pub wait_ms: f64,
    pub control: &'a RunControl,
    pub clock: &'a dyn Clock,
    pub origin: f64,
}

impl Work<'_> {
    /// ms since the run's start.
    pub fn now(&self) -> f64 {
        self.clock.now_ms() - self.origin
    }

    /// A task's state before it computes: distinct per task, so every result is checked.
    pub fn seed(task: usize) -> u64 {
        0x243F_6A88_85A3_08D3 ^ (task as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }

    /// `iterations` of the hash from `state`, checking the cancel flag between slices of
    /// [`SLICE`] iterations so a cancel is seen within a fraction of a millisecond.
    pub fn compute(&self, mut state: u64, iterations: u64) -> Result<u64, Cancelled> {
        let mut left = iterations;
        while left > 0 {
            self.control.check()?;
            let slice = left.min(SLICE);
            state = spin(state, slice);
            left -= slice;
        }
        Ok(state)
    }

    /// Sleeps for `ms` in slices of at most [`SLEEP_SLICE_MS`], checking the cancel flag
    /// between them: a real sleep (the thread blocks), which a Cancel still ends within one slice.
    pub fn sleep(&self, ms: f64) -> Result<(), Cancelled> {
        let deadline = self.now() + ms;
        loop {
            self.control.check()?;
            let left = deadline - self.now();
            if left <= 0.0 {
                return Ok(());
            }
            std::thread::sleep(Duration::from_secs_f64(left.min(SLEEP_SLICE_MS) / 1e3));
        }
    }

    /// Every task's result, computed without waits: what each variant must give.
    pub fn expected(&self) -> Vec<u64> {
        (0..self.tasks).map(|task| spin(spin(Self::seed(task), self.first), self.second)).collect()
    }
}

/// Hash iterations between two looks at the cancel flag (about 0.1 ms).
const SLICE: u64 = 50_000;
/// The longest single sleep: a Cancel is seen at least this often while a thread waits.
pub const SLEEP_SLICE_MS: f64 = 20.0;

/// `iterations` rounds of a multiply–rotate–xor hash from `state`: real CPU work that no
/// compiler can skip or vectorise (each round needs the last), with a checkable result. Never
/// inlined, so the calibration and every variant run the same machine code: a browser compiles
/// each wasm function on its own, fast code replacing a baseline only for later calls.
#[inline(never)]
pub fn spin(mut state: u64, iterations: u64) -> u64 {
    for _ in 0..iterations {
        state = (state.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(23)) ^ 0x5851_F42D_4C95_7F2D;
    }
    std::hint::black_box(state)
}

/// Hash iterations per microsecond on this thread: `spin` called in slices of [`SLICE`] for
/// 30 ms first (so the browser has compiled its fast code), then timed over five rounds of
/// 3 ms, the fastest taken (a round that another program interrupted is slower, never faster).
pub fn calibrate(clock: &dyn Clock, control: &RunControl) -> Result<f64, Cancelled> {
    let mut state = 1;
    let mut round = |ms: f64| -> Result<f64, Cancelled> {
        let began = clock.now_ms();
        let mut iterations = 0u64;
        while clock.now_ms() - began < ms {
            control.check()?;
            state = spin(state, SLICE);
            iterations += SLICE;
        }
        Ok(iterations as f64 / ((clock.now_ms() - began) * 1e3))
    };
    round(30.0)?;
    let mut best = 0.0f64;
    for _ in 0..5 {
        best = best.max(round(3.0)?);
    }
    Ok(best)
}

//! What a map run applies to each element: one of the built-in workloads, or the student's own
//! f, compiled by the page or interpreted here.

use std::fmt;
use std::sync::{Mutex, PoisonError};

use super::Workload;
use crate::control::{Cancelled, RunControl};
use crate::custom::{FaultKind, Program, RunFault, STEP_BUDGET};

/// f over blocks of elements. The experiment calls it a block at a time, so an implementation
/// may cost a call across a language boundary per block, not per element.
pub trait ElementFn: Sync {
    /// `output[i] = f(input[i])` (both as long); stops at the first element f faults on.
    fn map_into(&self, input: &[u32], output: &mut [u64]) -> Result<(), RunFault>;

    /// Whether `output` is f(x), computed another way than [`map_into`](Self::map_into) (the
    /// scalar definition, the interpreter): the check of the reference run. True where that
    /// check would cost too much.
    fn checks(&self, x: u32, output: u64) -> bool;

    /// How many evenly spread elements of the reference are checked with [`checks`](Self::checks).
    fn spot_checks(&self) -> usize {
        1024
    }

    /// Readies f on the calling thread, before any timing: called on every pool thread when a
    /// run starts, so that no thread's first chunk pays for it (a compiled f instantiates its
    /// module here). Nothing to do for most.
    fn prepare(&self) {}
}

/// [`ElementFn::prepare`] on every thread of the pool, and on the caller.
pub fn prepare_every_thread(f: &dyn ElementFn) {
    rayon::broadcast(|_| f.prepare());
    f.prepare();
}

impl ElementFn for Workload {
    fn map_into(&self, input: &[u32], output: &mut [u64]) -> Result<(), RunFault> {
        super::map_into(*self, input, output);
        Ok(())
    }

    fn checks(&self, x: u32, output: u64) -> bool {
        self.apply(x) == output
    }
}

/// Steps the interpreter may take per spot-checked element: elements that need more are left
/// unchecked, so the check of a heavy f stays a fraction of a second.
const CHECK_STEPS: u64 = 20_000;

/// The reference interpreter as a map function: natively the oracle of the tests, and the
/// baseline that shows what compiling buys.
impl ElementFn for Program {
    fn map_into(&self, input: &[u32], output: &mut [u64]) -> Result<(), RunFault> {
        for (out, &x) in output.iter_mut().zip(input) {
            *out = self.interpret(i64::from(x), STEP_BUDGET)?.to_bits();
        }
        Ok(())
    }

    fn checks(&self, x: u32, output: u64) -> bool {
        check_by_interpreter(self, x, output)
    }

    fn spot_checks(&self) -> usize {
        64
    }
}

/// The spot check of a compiled f: its output against the interpreter's, where the
/// interpreter finishes within [`CHECK_STEPS`].
pub fn check_by_interpreter(program: &Program, x: u32, output: u64) -> bool {
    match program.interpret(i64::from(x), CHECK_STEPS) {
        Ok(value) => value.to_bits() == output,
        Err(RunFault { kind: FaultKind::OutOfBudget { .. }, .. }) => true,
        Err(_) => false,
    }
}

/// Why a map run stopped before its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapStop {
    Cancelled,
    /// f faulted on an element (only a student's f can).
    Fault(RunFault),
}

impl From<Cancelled> for MapStop {
    fn from(_: Cancelled) -> Self {
        MapStop::Cancelled
    }
}

impl From<RunFault> for MapStop {
    fn from(fault: RunFault) -> Self {
        MapStop::Fault(fault)
    }
}

impl fmt::Display for MapStop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MapStop::Cancelled => Cancelled.fmt(f),
            MapStop::Fault(fault) => fault.fmt(f),
        }
    }
}

impl std::error::Error for MapStop {}

/// The reason a multi-threaded run stopped early, shared by its threads: a fault outranks a
/// cancel, since the fault's cancel is what stopped the other threads.
#[derive(Default)]
pub(super) struct FirstStop(Mutex<Option<MapStop>>);

impl FirstStop {
    /// Keeps `stop`; on a fault, cancels `control` so that the other threads stop at their next
    /// block (the run is over).
    pub(super) fn record(&self, stop: MapStop, control: &RunControl) {
        if let MapStop::Fault(_) = stop {
            control.cancel();
        }
        let mut first = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if !matches!(*first, Some(MapStop::Fault(_))) {
            *first = Some(stop);
        }
    }

    pub(super) fn into_result(self) -> Result<(), MapStop> {
        self.0.into_inner().unwrap_or_else(PoisonError::into_inner).map_or(Ok(()), Err)
    }
}

/// Which function the map demo's `workload` names: a built-in, or `custom`, the f typed in
/// the page (its text is the parameter `f`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MapFunction {
    BuiltIn(Workload),
    Custom,
}

impl MapFunction {
    pub const ALL: [MapFunction; 4] = [
        MapFunction::BuiltIn(Workload::Square),
        MapFunction::BuiltIn(Workload::Collatz),
        MapFunction::BuiltIn(Workload::Matvec),
        MapFunction::Custom,
    ];

    /// The URL and form value.
    pub fn name(self) -> &'static str {
        match self {
            MapFunction::BuiltIn(workload) => workload.name(),
            MapFunction::Custom => "custom",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            MapFunction::BuiltIn(workload) => workload.description(),
            MapFunction::Custom => "custom — your own f(x), typed in Python",
        }
    }

    pub fn built_in(self) -> Option<Workload> {
        match self {
            MapFunction::BuiltIn(workload) => Some(workload),
            MapFunction::Custom => None,
        }
    }
}

impl From<Workload> for MapFunction {
    fn from(workload: Workload) -> Self {
        MapFunction::BuiltIn(workload)
    }
}

impl PartialEq<Workload> for MapFunction {
    fn eq(&self, other: &Workload) -> bool {
        *self == MapFunction::BuiltIn(*other)
    }
}

//! The task-graph demo, “Futures with dependencies”: tasks that need other tasks' results (a
//! reduction tree, a merge sort, a wavefront, fork-join stages, a chain) run on k threads by a
//! dependency-counting scheduler, as Dask runs a graph of `delayed` calls or
//! `concurrent.futures` does with `add_done_callback`.
//!
//! Every task computes a checkable value from its inputs' values, so a task run early or twice
//! shows; the sequential run's task times give the work W and the span S, and the scheduled
//! run's time is read against Brent's bounds max(W/k, S) ≤ T_k ≤ W/k + S. A task can be made to
//! raise (`fail=`): what needs it is cancelled and never runs.

mod experiment;
mod graph;
mod live;
mod metrics;
mod params;
mod scheduler;
mod verdict;

pub use experiment::{Failure, GraphRow, TaskGraphConfig, TaskGraphReport, Variant, agrees, run_taskgraph};
pub use graph::{MAX_TASKS, STAGES, Shape, Task, TaskGraph, TaskName};
pub use live::{CancelCounts, LiveStates, State};
pub use metrics::{brent, parallelism, span, work};
pub use params::{DEFAULT_COST, DEFAULT_SIZE, MAX_COST, TaskGraphParams};
pub use scheduler::{RunOutcome, Setup, TaskRecord, UNIT, run_scheduled, run_sequential, task_value};
pub use verdict::{Evidence, verdict, verdict_of};

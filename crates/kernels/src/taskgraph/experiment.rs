//! One click of Run: an untimed sequential warm-up (the reference for every task's value),
//! then `repeats` rounds of a sequential and a scheduled run, each checked against it. Each
//! task's fastest sequential time gives W, S and the critical path; the last scheduled run's
//! records give the Gantt chart.

use std::fmt;
use std::num::NonZeroUsize;
use std::sync::Arc;

use super::live::CancelCounts;
use super::metrics::{brent, span, work};
use super::scheduler::{RunOutcome, Setup, run_scheduled, run_sequential};
use super::{LiveStates, Shape, State, TaskGraph, TaskGraphParams, TaskName, verdict_of};
use crate::clock::Clock;
use crate::control::{Cancelled, RunControl};
use crate::params::group;
use crate::stats::{Timings, VariantTiming};

/// Everything one click of Run asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskGraphConfig {
    pub shape: Shape,
    pub size: usize,
    pub cost: u64,
    pub threads: NonZeroUsize,
    pub repeats: NonZeroUsize,
    pub fail: Option<TaskName>,
}

impl From<&TaskGraphParams> for TaskGraphConfig {
    fn from(p: &TaskGraphParams) -> Self {
        Self { shape: p.graph, size: p.size, cost: p.cost as u64, threads: p.threads, repeats: p.repeats, fail: p.fail }
    }
}

impl TaskGraphConfig {
    /// Tasks finished or cancelled in all (the progress total): the warm-up and two runs per
    /// repeat.
    pub fn total_work(&self) -> u64 {
        self.shape.tasks(self.size) as u64 * (1 + 2 * self.repeats.get() as u64)
    }
}

/// The two ways of running the graph, in table order; their names are the page's contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Variant {
    /// One thread, the tasks in topological order: the reference.
    Sequential,
    /// k threads taking ready tasks from one shared queue.
    Scheduled,
}

impl Variant {
    pub fn name(self) -> &'static str {
        match self {
            Variant::Sequential => "sequential",
            Variant::Scheduled => "scheduled",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct GraphRow {
    pub variant: Variant,
    pub timing: VariantTiming,
}

/// A task that raised, like `future.result()` re-raising it: its name and the tasks that
/// needed its result and so never ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failure {
    pub task: usize,
    pub name: TaskName,
    pub cancelled: usize,
}

impl Failure {
    /// The error the run re-raises.
    pub fn message(&self) -> String {
        let what = match self.cancelled {
            0 => "no task needed its result, so none was cancelled".to_owned(),
            1 => "the 1 task that needed its result was cancelled and never ran".to_owned(),
            n => format!("the {} tasks that needed its result were cancelled and never ran", group(n)),
        };
        format!("Task {} raised an error (fail={}): {what}; every other task finished.", self.name, self.name)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TaskGraphReport {
    pub config: TaskGraphConfig,
    pub graph: Arc<TaskGraph>,
    /// Sequential, then scheduled.
    pub rows: Vec<GraphRow>,
    /// Each task's fastest time over the sequential repeats (0 for one that never ran).
    pub task_ms: Vec<f64>,
    pub work_ms: f64,
    pub span_ms: f64,
    /// The longest path by `task_ms`, first task to last.
    pub critical: Vec<usize>,
    /// Brent's bounds on k threads: max(W/k, S) and W/k + S.
    pub bound_low_ms: f64,
    pub bound_high_ms: f64,
    /// The last scheduled run: its records (the Gantt chart) and each task's final state.
    pub last: RunOutcome,
    pub failure: Option<Failure>,
    pub verdict: String,
}

impl TaskGraphReport {
    pub fn row(&self, variant: Variant) -> Option<&GraphRow> {
        self.rows.iter().find(|r| r.variant == variant)
    }

    /// The graph's result, like `future.result()` on its last task (every preset ends in one
    /// task that needs all the others): its value, or the error of the task that raised.
    pub fn result(&self) -> Result<u64, Failure> {
        match self.failure {
            Some(failure) => Err(failure),
            None => Ok(self.last.results.last().copied().flatten().unwrap_or_default()),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for Failure {}

/// Every run of one click on `graph` (built from `config`), `live` updated as tasks change
/// state. Call from a pool thread.
pub fn run_taskgraph(
    config: &TaskGraphConfig,
    graph: Arc<TaskGraph>,
    control: &RunControl,
    clock: &dyn Clock,
    live: &LiveStates,
) -> Result<TaskGraphReport, Cancelled> {
    let fail = config.fail.and_then(|name| graph.find(name));
    let setup = Setup { graph: &graph, cost: config.cost, fail, control, clock, live };
    let k = config.threads.get();
    live.begin_pass(0);
    let reference = run_sequential(setup)?;
    let (mut sequential, mut scheduled) = (Timings::default(), Timings::default());
    let mut last = None;
    // Each task's fastest time over the sequential repeats: a task the browser or another
    // program paused once would otherwise lengthen W, and S when it lies on the longest path.
    let mut task_ms = vec![f64::INFINITY; graph.len()];
    for repeat in 0..config.repeats.get() {
        between_runs(control, live)?;
        live.begin_pass(2 * repeat + 1);
        let run = run_sequential(setup)?;
        sequential.push(run.wall_ms);
        sequential.correct &= agrees(&run, &reference);
        for r in &run.records {
            task_ms[r.task] = task_ms[r.task].min(r.ended_ms - r.began_ms);
        }
        between_runs(control, live)?;
        live.begin_pass(2 * repeat + 2);
        let run = run_scheduled(setup, k)?;
        scheduled.push(run.wall_ms);
        scheduled.correct &= agrees(&run, &reference);
        last = Some(run);
    }
    let Some(last) = last else { return Err(Cancelled) };
    task_ms.iter_mut().filter(|ms| ms.is_infinite()).for_each(|ms| *ms = 0.0);
    let work_ms = work(&task_ms);
    let (span_ms, critical) = span(&graph, &task_ms);
    let (bound_low_ms, bound_high_ms) = brent(work_ms, span_ms, k);
    let failure =
        reference.failed.map(|task| Failure { task, name: graph.tasks[task].name, cancelled: reference.cancelled() });
    let rows = vec![
        GraphRow { variant: Variant::Sequential, timing: sequential.finish(1) },
        GraphRow { variant: Variant::Scheduled, timing: scheduled.finish(k) },
    ];
    let mut report = TaskGraphReport {
        config: *config,
        graph,
        rows,
        task_ms,
        work_ms,
        span_ms,
        critical,
        bound_low_ms,
        bound_high_ms,
        last,
        failure,
        verdict: String::new(),
    };
    report.verdict = verdict_of(&report);
    Ok(report)
}

/// The cancel flag between two runs: a Cancel seen here stopped no task.
fn between_runs(control: &RunControl, live: &LiveStates) -> Result<(), Cancelled> {
    control.check().inspect_err(|_| live.record_cancel(CancelCounts { cancelled: 0, finished: 0 }))
}

/// `run` computed what the reference did: the same value for every task, the same tasks
/// raised and cancelled, each task that ran ran once and after all of its inputs.
pub fn agrees(run: &RunOutcome, reference: &RunOutcome) -> bool {
    let once = run
        .runs
        .iter()
        .zip(&run.states)
        .all(|(&runs, &state)| runs == u32::from(matches!(state, State::Done | State::Failed)));
    once && run.in_order && run.results == reference.results && run.states == reference.states
}

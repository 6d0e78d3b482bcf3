//! Task graphs: futures with dependencies. A graph of real tasks runs on k threads by a
//! dependency-counting scheduler; the page draws the graph by depth with its critical path,
//! the tasks' states live while it runs, a Gantt chart of the scheduled run, and reads the time
//! against work, span and Brent's bounds.

mod drawing;
mod live;
mod views;

use std::cell::RefCell;
use std::num::NonZeroUsize;
use std::sync::Arc;

use parlab_kernels::params::{Demo, group};
use parlab_kernels::taskgraph::{
    self, LiveStates, MAX_COST, Shape, TaskGraph, TaskGraphConfig, TaskGraphParams, TaskGraphReport,
};
use yew::prelude::*;

use crate::platform::clock::PerformanceClock;
use crate::platform::pool;
use crate::platform::shared::Shared;
use crate::shell::demo::{DemoEntry, DemoView};
use crate::shell::demo_page::{DemoPage, DemoShell, Kept, Plan};
use crate::shell::export::{Export, ExportRow, Finished};
use crate::shell::fields::{ControlsProps, Input, fields, repeats_field, select_field, threads_field};
use crate::shell::run_record::RunRecord;
use crate::shell::runner::{Job, NEEDS_POOL, usable_threads};
use crate::shell::source;

pub const ENTRY: DemoEntry = DemoEntry {
    demo: Demo::TaskGraph,
    title: "Task graphs",
    lesson: "waiting.html",
    // A graph's parallelism shows on two threads at least: a one-core device gets a pool of two.
    pool_reason: None,
    pool_size: |compute, _| parlab_kernels::params::Limits::from(compute).lesson_threads(),
    keeps_runs: true,
};

thread_local! {
    /// The graph of the run in progress and its tasks' states, which the kernel writes from
    /// the pool's threads: what the live drawing polls, and after a Cancel what it stopped.
    static LIVE: RefCell<Option<(Arc<TaskGraph>, LiveStates, TaskGraphConfig)>> = const { RefCell::new(None) };
}

pub fn view(v: &DemoView) -> Html {
    html! { <DemoShell<TaskGraphPage> ..v.props(v.state.taskgraph) /> }
}

struct TaskGraphPage;

impl DemoPage for TaskGraphPage {
    type Params = TaskGraphParams;
    type Report = TaskGraphReport;
    type Sweep = ();

    const CLASS: &'static str = "taskgraph-demo";

    fn intro() -> Html {
        html! { <>
            <h2>{ "Futures with dependencies" }</h2>
            <p>
                { "Tasks that need other tasks' results: a tree of sums, a merge sort, a wavefront, fork-join stages, a chain. A task is ready once all its inputs are done, and k threads take ready tasks from one queue, as Dask runs a graph of delayed calls. The work W (every task's time) and the span S (the longest chain of tasks, each needing the one before) bound the time on k threads: max(W/k, S) ≤ T_k ≤ W/k + S (Brent). Make a task raise with fail= and everything that needs it is cancelled, as future.result() re-raises." }
            </p>
        </> }
    }

    fn controls(props: ControlsProps<TaskGraphParams>) -> Html {
        controls(props)
    }

    fn plan(_job: Job, params: TaskGraphParams, pool: Option<NonZeroUsize>) -> Result<Plan<Self>, &'static str> {
        let pool = pool.ok_or(NEEDS_POOL)?;
        let config =
            TaskGraphConfig { threads: usable_threads(params.threads, Some(pool)), ..TaskGraphConfig::from(&params) };
        let graph = Arc::new(TaskGraph::build(config.shape, config.size));
        let live = LiveStates::new(graph.len());
        LIVE.with(|slot| *slot.borrow_mut() = Some((Arc::clone(&graph), live.clone(), config)));
        Ok(Plan::new(config.total_work(), move |control, watch| async move {
            let clock = PerformanceClock;
            let done = pool::run(move || taskgraph::run_taskgraph(&config, graph, &control, &clock, &live)).await??;
            let export = export_of(&done, pool, watch.finish());
            Ok(Kept::Run(Finished::new(done, export)))
        }))
    }

    fn results(report: &Shared<TaskGraphReport>, record: RunRecord) -> Html {
        views::results(report, record)
    }

    fn live() -> Html {
        let Some((graph, states, config)) = LIVE.with(|slot| slot.borrow().clone()) else { return Html::default() };
        html! { <live::LiveGraph graph={live::Graph(graph)} states={live::States(states)} {config} /> }
    }

    fn stopped() -> Html {
        let counts = LIVE.with(|slot| slot.borrow().as_ref().and_then(|(_, states, _)| states.cancel_counts()));
        counts.map_or_else(Html::default, live::cancel_note)
    }

    fn below(_: Self::Params) -> Html {
        code_view()
    }
}

fn export_of(report: &TaskGraphReport, pool_threads: NonZeroUsize, record: RunRecord) -> Export {
    let c = report.config;
    let parameters = TaskGraphParams {
        graph: c.shape,
        size: c.size,
        cost: c.cost as usize,
        threads: c.threads,
        repeats: c.repeats,
        fail: c.fail,
    };
    let rows = report
        .rows
        .iter()
        .map(|row| {
            let mut export = ExportRow::timed(row.variant.name(), &row.timing);
            export.extra = vec![
                ("work_ms", format!("{:.3}", report.work_ms)),
                ("span_ms", format!("{:.3}", report.span_ms)),
                ("bound_low_ms", format!("{:.3}", report.bound_low_ms)),
                ("bound_high_ms", format!("{:.3}", report.bound_high_ms)),
            ];
            export
        })
        .collect();
    Export::new("taskgraph", &parameters, Some(pool_threads), rows, record)
}

fn controls(props: ControlsProps<TaskGraphParams>) -> Html {
    let p = props.params;
    let (busy, on_edit) = (props.busy, props.on_edit.clone());
    let shapes: Vec<(&'static str, &'static str)> = Shape::ALL.iter().map(|s| (s.name(), s.description())).collect();
    let fail = p.fail.map(|task| task.to_string()).unwrap_or_default();
    html! {
        { fields(props.revision, html! { <>
            { select_field("graph", "graph", &shapes, p.graph.name(), true, busy, &on_edit) }
            { Input::new("size", "size", group(p.size)).title(format!("1 … {} ({} tasks at most)", group(p.graph.max_size()), group(taskgraph::MAX_TASKS))).field(busy, &on_edit) }
            { Input::new("cost (µs of work per unit)", "cost", group(p.cost)).title(format!("1 … {}", group(MAX_COST))).field(busy, &on_edit) }
            { threads_field("threads k", p.threads, busy, &on_edit) }
            { repeats_field(p.repeats, busy, &on_edit) }
            { Input::new("fail (a task that raises)", "fail", fail).title(p.graph.naming(p.size)).field(busy, &on_edit) }
        </> }) }
    }
}

/// The Rust scheduler's loop beside Dask and `concurrent.futures`.
fn code_view() -> Html {
    let rust = format!("{}\n\n{}", source::TASKGRAPH_WORK, source::TASKGRAPH_RUN);
    source::code_panel(
        "parlab-kernels, taskgraph/scheduler.rs",
        &rust,
        PYTHON,
        "The same in Python: Dask and concurrent.futures",
    )
}

const PYTHON: &str = r#"import dask
from dask.distributed import Client

# dask.delayed: calls build the graph; compute() runs each task once its inputs are done
level = [dask.delayed(leaf)(i) for i in range(n)]
while len(level) > 1:
    pairs = [dask.delayed(add)(a, b) for a, b in zip(level[::2], level[1::2])]
    level = pairs + level[len(pairs) * 2:]
total = level[0].compute(scheduler="threads", num_workers=k)

# client.submit: futures as inputs; a task starts when the futures it was given are done
client = Client(n_workers=k)
a, b = client.submit(leaf, 0), client.submit(leaf, 1)
s = client.submit(add, a, b)
s.result()          # re-raises the error of any task it needed

# concurrent.futures: count each task's inputs down in a done callback
import threading
from concurrent.futures import ThreadPoolExecutor

def run_graph(fns, inputs, dependents, descendants, k):
    waiting = {t: len(inputs[t]) for t in fns}
    futures, lock, all_done = {}, threading.Lock(), threading.Event()
    open_tasks = len(fns)

    def submit(t):
        args = [futures[i].result() for i in inputs[t]]   # all done: no waiting
        futures[t] = pool.submit(fns[t], *args)
        futures[t].add_done_callback(lambda f: finished(t, f))

    def finished(t, f):
        nonlocal open_tasks
        ready = []
        with lock:
            if f.exception() is None:
                for d in dependents[t]:
                    waiting[d] -= 1
                    if waiting[d] == 0:
                        ready.append(d)
            else:
                open_tasks -= len(descendants[t])   # cancelled: never submitted
            open_tasks -= 1
            if open_tasks == 0:
                all_done.set()
        for d in ready:
            submit(d)

    with ThreadPoolExecutor(k) as pool:
        for t in fns:
            if waiting[t] == 0:
                submit(t)
        all_done.wait()
    return {t: f.result() for t, f in futures.items()}   # re-raises a task's error"#;

//! “Waiting is not computing”: tasks that compute, wait and compute again, on blocking threads,
//! on Python-style threads under one GIL, and as coroutines on one thread's event loop (also
//! with the classic blocking-sleep bug, and handing its computing to pool threads), each timed,
//! checked, and drawn lane by lane with the loop's lateness.

mod charts;
mod views;

use std::num::NonZeroUsize;

use parlab_kernels::io::{self, IoConfig, IoParams, IoReport, MAX_COMPUTE_US, MAX_TASKS, MAX_WAIT_MS, WaitSweep};
use parlab_kernels::params::{Demo, Limits, group};
use yew::prelude::*;

use crate::platform::clock::PerformanceClock;
use crate::platform::pool::{self, PoolStatus};
use crate::platform::shared::Shared;
use crate::shell::demo::{DemoEntry, DemoView};
use crate::shell::demo_page::{DemoPage, DemoShell, Kept, Plan, SweepButton};
use crate::shell::export::{Export, ExportRow, Finished};
use crate::shell::fields::{ControlsProps, Input, fields, repeats_field, threads_field};
use crate::shell::run_record::RunRecord;
use crate::shell::runner::{Job, usable_threads};
use crate::shell::source;

/// Python threads the page can give one per task: waiting threads hold a worker each.
const PYTHON_THREADS: usize = 16;

pub const ENTRY: DemoEntry = DemoEntry {
    demo: Demo::Io,
    title: "Waiting vs computing",
    lesson: "waiting.html",
    pool_reason: Some(
        "one Python thread per task (up to 16) and the loop's; a thread that waits holds a worker but no core",
    ),
    pool_size: |compute, _| {
        Limits::from(compute).lesson_threads().max(NonZeroUsize::MIN.saturating_add(PYTHON_THREADS))
    },
    keeps_runs: true,
};

/// Why the sweep does not run without the pool: it compares variants that block a thread in a
/// real wait, which the page's own thread may not do.
const SWEEP_NEEDS_POOL: &str = "The sweep needs the thread pool (see the banner above): it compares threads that block while they wait, which the page's own thread may not do. Run still shows the event loop, which needs one thread only.";

pub fn view(v: &DemoView) -> Html {
    html! { <DemoShell<IoPage> ..v.props(v.state.io) /> }
}

struct IoPage;

impl DemoPage for IoPage {
    type Params = IoParams;
    type Report = IoReport;
    type Sweep = Shared<WaitSweep>;

    const CLASS: &'static str = "io-demo";
    const SWEEP: Option<SweepButton> = Some(SweepButton {
        title: "Keep each task's time and move it from computing to waiting: 0, 25, 50, 75, 90 and 99 % waiting",
        label: Some("Sweep the wait share"),
    });

    fn intro() -> Html {
        html! { <>
            <h2>{ "Waiting is not computing" }</h2>
            <p>
                { "Each task computes, waits (a real sleep, as for a network reply or a disk), and computes again. A thread that waits uses no core, so waits overlap wherever something else can run meanwhile: on many Python threads, since CPython releases the GIL while a thread sleeps, and on one thread's event loop (asyncio), which runs other coroutines until a timer is due. Computing overlaps only on threads that really run at once: under the GIL and on a loop, it takes turns. One blocking call inside the loop (time.sleep in an async def) stops everything; a ticker coroutine that asks to run every 10 ms shows how late the loop answers." }
            </p>
        </> }
    }

    fn controls(props: ControlsProps<IoParams>) -> Html {
        let p = props.params;
        let (busy, on_edit) = (props.busy, props.on_edit.clone());
        html! {
            { fields(props.revision, html! { <>
                { Input::new("tasks", "tasks", p.tasks.to_string()).number(1, MAX_TASKS as u64).field(busy, &on_edit) }
                { Input::new("compute per task (µs)", "compute", p.compute_us.to_string()).number(0, u64::from(MAX_COMPUTE_US)).field(busy, &on_edit) }
                { Input::new("wait per task (ms)", "wait", p.wait_ms.to_string()).number(0, u64::from(MAX_WAIT_MS)).title(format!("0 … {} ms", group(MAX_WAIT_MS as usize))).field(busy, &on_edit) }
                { threads_field("threads k", p.threads, busy, &on_edit) }
                { repeats_field(p.repeats, busy, &on_edit) }
            </> }) }
        }
    }

    fn plan(job: Job, params: IoParams, pool: Option<NonZeroUsize>) -> Result<Plan<Self>, &'static str> {
        let Some(pool) = pool else {
            if job == Job::Sweep {
                return Err(SWEEP_NEEDS_POOL);
            }
            return Ok(loop_on_this_page(params));
        };
        let config = IoConfig { threads: usable_threads(params.threads, Some(pool)), ..IoConfig::from(&params) };
        let total = match job {
            Job::Compare => config.total_work(),
            Job::Sweep => config.sweep_work(),
        };
        Ok(Plan::new(total, move |control, watch| async move {
            let clock = PerformanceClock;
            Ok(match job {
                Job::Compare => {
                    let done = pool::run(move || io::run_io(&config, &control, &clock)).await??;
                    let export = export_of(&done, &params, Some(pool), watch.finish());
                    Kept::Run(Finished::new(done, export))
                }
                Job::Sweep => {
                    let sweep = pool::run(move || io::run_wait_sweep(&config, &control, &clock)).await??;
                    Kept::Sweep(Shared::new(sweep))
                }
            })
        }))
    }

    fn pool_note(_params: IoParams, pool: &PoolStatus) -> Html {
        if pool.ready_threads().is_none() && pool.is_settled() {
            html! { <p class="note" data-testid="without-threads">{ "Without a thread pool only the event loop runs, on this page's own thread: sequential, threads, python-threads, event-loop-blocking and loop+pool block a thread while they wait, which the page's thread may not do." }</p> }
        } else {
            Html::default()
        }
    }

    fn results(report: &Shared<IoReport>, record: RunRecord) -> Html {
        views::results(report, record)
    }

    fn sweep_results(sweep: &Shared<WaitSweep>) -> Html {
        charts::sweep_chart(sweep)
    }

    fn below(_: Self::Params) -> Html {
        code_view()
    }
}

/// Run on a page without a pool: the event loop alone, on this page's thread, its waits given
/// back to the browser's own event loop as timers.
fn loop_on_this_page(params: IoParams) -> Plan<IoPage> {
    let config = IoConfig::from(&params);
    Plan::new((config.tasks * config.repeats.get()) as u64, move |control, watch| async move {
        let sleep = |ms: f64| gloo_timers::future::TimeoutFuture::new(ms.ceil() as u32);
        let done = io::run_io_without_threads(&config, &control, &PerformanceClock, sleep).await?;
        let export = export_of(&done, &params, None, watch.finish());
        Ok(Kept::Run(Finished::new(done, export)))
    })
}

fn export_of(report: &IoReport, params: &IoParams, pool_threads: Option<NonZeroUsize>, record: RunRecord) -> Export {
    let parameters = IoParams { threads: report.config.threads, ..*params };
    let rows = report
        .rows
        .iter()
        .map(|row| {
            let mut export = ExportRow::timed(row.variant.name(), &row.timing);
            export.extra = vec![("wait_share", format!("{:.3}", row.wait_share))];
            export.extra.extend(row.max_lag_ms.map(|lag| ("max_lag_ms", format!("{lag:.3}"))));
            export
        })
        .collect();
    Export::new("io", &parameters, pool_threads, rows, record)
}

/// The Rust of the loop's step and of the GIL-bound threads beside the Python they mirror.
fn code_view() -> Html {
    let rust = format!("{}\n\n{}", source::IO_LOOP_STEP, source::IO_PYTHON_THREADS);
    let python = "import asyncio, time\nfrom concurrent.futures import ThreadPoolExecutor, ProcessPoolExecutor\n\ndef task(i):                      # threads / python-threads\n    x = compute(i)                # holds the GIL\n    time.sleep(WAIT)              # releases it: other threads run\n    return compute(x)\n\nwith ThreadPoolExecutor(max_workers=tasks) as pool:\n    results = list(pool.map(task, range(tasks)))\n\nasync def task_async(i):          # event-loop\n    x = compute(i)\n    await asyncio.sleep(WAIT)     # a timer: the loop runs the others\n    return compute(x)\n\nasync def main():\n    return await asyncio.gather(*(task_async(i) for i in range(tasks)))\n\nresults = asyncio.run(main())\n\nasync def task_blocking(i):       # event-loop-blocking: the classic bug\n    x = compute(i)\n    time.sleep(WAIT)              # blocks the loop: nothing else runs\n    return compute(x)\n\nasync def task_in_pool(i, pool):  # loop+pool\n    loop = asyncio.get_running_loop()\n    x = await loop.run_in_executor(pool, compute, i)\n    await asyncio.sleep(WAIT)\n    return await loop.run_in_executor(pool, compute, x)\n\n# threads that compute at once need processes in CPython (the GIL):\n# with ProcessPoolExecutor(k) as pool: asyncio.gather(*(task_in_pool(i, pool) ...))";
    source::code_panel(
        "parlab-kernels, io/event_loop.rs and io/threaded.rs",
        &rust,
        python,
        "The Python idioms it mirrors",
    )
}

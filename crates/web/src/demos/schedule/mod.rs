//! The scheduling lab: uneven tasks on k real threads, handed out five ways (fixed blocks,
//! round-robin, a shared counter, shrinking chunks, work stealing), each timed, checked against
//! the sequential results, and drawn task by task so idle tails show.

mod picture;
mod views;

use std::cell::RefCell;
use std::num::NonZeroUsize;

use parlab_kernels::params::{Demo, group};
use parlab_kernels::schedule::{
    self, ChunkSweep, LiveOwners, MAX_ROWS, MAX_TASKS, ScheduleConfig, ScheduleParams, ScheduleReport, Work,
};
use yew::prelude::*;

use crate::platform::clock::PerformanceClock;
use crate::platform::pool;
use crate::platform::shared::Shared;
use crate::shell::demo::{DemoEntry, DemoView};
use crate::shell::demo_page::{DemoPage, DemoShell, Kept, Plan, SweepButton};
use crate::shell::export::{Export, ExportRow, Finished};
use crate::shell::fields::{ControlsProps, Input, fields, repeats_field, select_field, threads_field};
use crate::shell::run_record::RunRecord;
use crate::shell::runner::{Job, NEEDS_POOL, usable_threads};
use crate::shell::source;

pub const ENTRY: DemoEntry = DemoEntry {
    demo: Demo::Schedule,
    title: "Scheduling",
    lesson: "scheduling.html",
    // Imbalance needs two threads at least: a one-core device gets a pool of two.
    pool_reason: None,
    pool_size: |compute, _| parlab_kernels::params::Limits::from(compute).lesson_threads(),
    keeps_runs: true,
};

thread_local! {
    /// Who finished each task of the run in progress, and on how many threads: what the live
    /// picture polls. Set when a run starts; the kernel writes it from the pool's threads.
    static LIVE: RefCell<Option<(LiveOwners, usize)>> = const { RefCell::new(None) };
}

pub fn view(v: &DemoView) -> Html {
    html! { <DemoShell<SchedulePage> ..v.props(v.state.schedule) /> }
}

struct SchedulePage;

impl DemoPage for SchedulePage {
    type Params = ScheduleParams;
    type Report = ScheduleReport;
    type Sweep = (ScheduleConfig, Shared<ChunkSweep>);

    const CLASS: &'static str = "schedule-demo";
    const SWEEP: Option<SweepButton> = Some(SweepButton {
        title: "Time dynamic at chunk = 1, 2, 4, … up to tasks ÷ k: hand-out cost against imbalance",
        label: Some("Sweep chunk"),
    });

    fn intro() -> Html {
        html! { <>
            <h2>{ "Who gets which work" }</h2>
            <p>
                { "Tasks that cost different amounts, shared by k threads. Fixed blocks (IPython's DirectView.map, one Process per block) leave a thread idle when its block holds the expensive tasks; round-robin deals tasks like cards; a shared counter hands the next chunk to whichever thread is free (Pool.imap, LoadBalancedView); guided hands out shrinking chunks; rayon steals work from busy threads. Every task's result is checked against the sequential run, and the timeline shows each task as a bar on the thread that ran it." }
            </p>
        </> }
    }

    fn controls(props: ControlsProps<ScheduleParams>) -> Html {
        controls(props)
    }

    fn plan(job: Job, params: ScheduleParams, pool: Option<NonZeroUsize>) -> Result<Plan<Self>, &'static str> {
        let pool = pool.ok_or(NEEDS_POOL)?;
        let config =
            ScheduleConfig { threads: usable_threads(params.threads, Some(pool)), ..ScheduleConfig::from(&params) };
        let live = LiveOwners::new(config.tasks);
        LIVE.with(|slot| *slot.borrow_mut() = Some((live.clone(), config.threads.get())));
        let total = match job {
            Job::Compare => config.total_work(),
            Job::Sweep => config.sweep_work(),
        };
        Ok(Plan::new(total, move |control, watch| async move {
            let clock = PerformanceClock;
            Ok(match job {
                Job::Compare => {
                    let done = pool::run(move || schedule::run_schedule(&config, &control, &clock, &live)).await??;
                    let export = export_of(&done, pool, watch.finish());
                    Kept::Run(Finished::new(done, export))
                }
                Job::Sweep => {
                    let sweep =
                        pool::run(move || schedule::run_chunk_sweep(&config, &control, &clock, &live)).await??;
                    Kept::Sweep((config, Shared::new(sweep)))
                }
            })
        }))
    }

    fn results(report: &Shared<ScheduleReport>, record: RunRecord) -> Html {
        views::results(report, record)
    }

    fn sweep_results((config, sweep): &Self::Sweep) -> Html {
        views::sweep_chart(config, sweep)
    }

    fn live() -> Html {
        let Some((owners, threads)) = LIVE.with(|slot| slot.borrow().clone()) else { return Html::default() };
        html! { <picture::LivePicture owners={picture::Owners(owners)} {threads} /> }
    }

    fn below(_: Self::Params) -> Html {
        code_view()
    }
}

fn export_of(report: &ScheduleReport, pool_threads: NonZeroUsize, record: RunRecord) -> Export {
    let c = report.config;
    let parameters = ScheduleParams {
        work: c.work,
        tasks: c.tasks,
        threads: c.threads,
        chunk: c.chunk,
        seed: c.seed,
        repeats: c.repeats,
    };
    let rows = report
        .rows
        .iter()
        .map(|row| {
            let mut export = ExportRow::timed(row.variant.name(), &row.timing);
            export.extra = vec![
                ("imbalance", format!("{:.3}", row.imbalance)),
                ("idle_pct", format!("{:.1}", row.idle_pct)),
                ("bound_ms", format!("{:.3}", row.bound_ms)),
            ];
            export.extra.extend(row.moved.map(|moved| ("moved", moved.to_string())));
            export
        })
        .collect();
    Export::new("schedule", &parameters, Some(pool_threads), rows, record)
}

fn controls(props: ControlsProps<ScheduleParams>) -> Html {
    let p = props.params;
    let (busy, on_edit) = (props.busy, props.on_edit.clone());
    let works: Vec<(&'static str, &'static str)> = Work::ALL.iter().map(|w| (w.name(), w.description())).collect();
    let most = if p.work == Work::Mandelbrot { MAX_ROWS } else { MAX_TASKS };
    html! {
        { fields(props.revision, html! { <>
            { select_field("work (what each task costs)", "work", &works, p.work.name(), true, busy, &on_edit) }
            { Input::new(if p.work == Work::Mandelbrot { "tasks (rows of the image)" } else { "tasks" }, "tasks", group(p.tasks)).title(format!("1 … {}", group(most))).field(busy, &on_edit) }
            { threads_field("threads k", p.threads, busy, &on_edit) }
            { Input::new("chunk (dynamic's hand-out, guided's least)", "chunk", p.chunk.to_string()).title(format!("1 … tasks ({})", group(p.tasks))).field(busy, &on_edit) }
            { Input::new("seed (heavy-tail's costs)", "seed", p.seed.to_string()).field(busy, &on_edit) }
            { repeats_field(p.repeats, busy, &on_edit) }
        </> }) }
    }
}

/// The Rust of the six hand-outs beside the Python idioms they mirror.
fn code_view() -> Html {
    let rust = format!("{}\n\n{}", source::SCHEDULE, source::SCHEDULE_TAKE);
    let python = "from multiprocessing import Pool\nfrom concurrent.futures import ProcessPoolExecutor, as_completed\n\n# block: one fixed share per worker (IPython's dview.map scatters blocks the same way)\nwith Pool(k) as pool:\n    rows = pool.map(render_row, range(n), chunksize=n // k)\n\n# dynamic: the next task goes to whichever worker is free (lview.map load-balances)\nwith Pool(k) as pool:\n    rows = list(pool.imap_unordered(render_row, range(n), chunksize=1))\n\n# the same with futures: submit everything, take results as they finish\nwith ProcessPoolExecutor(k) as ex:\n    futures = {ex.submit(render_row, i): i for i in range(n)}\n    for done in as_completed(futures):\n        rows[futures[done]] = done.result()";
    source::code_panel("parlab-kernels, schedule/schedulers.rs", &rust, python, "The Python idioms it mirrors")
}

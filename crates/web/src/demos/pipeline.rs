//! The pipeline demo: the assembly line against data decomposition, its stage lanes, the depth
//! of each channel, and the stage that sets the pace.

use std::num::NonZeroUsize;

use parlab_kernels::map::Span;
use parlab_kernels::params::{Demo, group};
use parlab_kernels::pipeline::{self, BATCH, MAX_STAGE_SPANS, MAX_WORKERS, PipelineParams, PipelineReport, STAGES};
use parlab_kernels::producer_consumer::LaneKind;
use parlab_kernels::verdict::count;
use yew::prelude::*;

use crate::platform::clock::PerformanceClock;
use crate::platform::pool;
use crate::platform::shared::Shared;
use crate::shell::charts::{Timeline, Wait, format_ms, last_sample_ms, occupancy_chart};
use crate::shell::demo::{DemoEntry, DemoView};
use crate::shell::demo_page::{DemoPage, DemoShell, Kept, Plan};
use crate::shell::export::{Export, ExportRow, Finished};
use crate::shell::fields::{ControlsProps, Input, fields};
use crate::shell::run_record::RunRecord;
use crate::shell::runner::{Job, NEEDS_POOL};
use crate::shell::source;
use crate::shell::timing_table::{TimedVariant, timed_rows, timing_table};

/// One thread per stage worker (up to 16), which may block on a channel, plus the driver.
pub const ENTRY: DemoEntry = DemoEntry {
    demo: Demo::Pipeline,
    title: "Pipeline",
    lesson: "coordination.html",
    pool_reason: Some(
        "one for each stage worker (up to 16) and one that drives them; a worker waiting on a channel holds a thread but no core",
    ),
    pool_size: |compute, _| compute.max(NonZeroUsize::MIN.saturating_add(MAX_WORKERS)),
    keeps_runs: true,
};

pub fn view(v: &DemoView) -> Html {
    html! { <DemoShell<PipelinePage> ..v.props(v.state.pipeline) /> }
}

struct PipelinePage;

impl DemoPage for PipelinePage {
    type Params = PipelineParams;
    type Report = PipelineReport;
    type Sweep = ();

    const CLASS: &'static str = "pipeline-demo";

    fn intro() -> Html {
        html! { <>
            <h2>{ "Pipeline: the assembly line" }</h2>
            <p>
                { format!("Numbers go through four stages: generate (a seeded hash of the item's index), transform (its Collatz steps, the heavy stage), filter (keep the primes) and sum. In the pipeline every stage has its own worker threads, handing batches of {BATCH} items to the next stage through a bounded channel: task decomposition, like an assembly line. Data decomposition gives every thread all the stages on its own share. The line runs no faster than its slowest stage: give that stage more workers and the bottleneck moves. Every sum is checked against the sequential one.") }
            </p>
        </> }
    }

    fn controls(props: ControlsProps<PipelineParams>) -> Html {
        controls(props)
    }

    fn plan(_: Job, params: PipelineParams, pool: Option<NonZeroUsize>) -> Result<Plan<Self>, &'static str> {
        let pool = pool.ok_or(NEEDS_POOL)?;
        Ok(Plan::new(pipeline::total_work(&params, true), move |control, watch| async move {
            let done = pool::run(move || pipeline::run_pipeline(&params, true, &control, &PerformanceClock)).await??;
            let export = export_of(&done, pool, watch.finish());
            Ok(Kept::Run(Finished::new(done, export)))
        }))
    }

    fn results(report: &Shared<PipelineReport>, record: RunRecord) -> Html {
        results(report, record)
    }

    fn below(_: Self::Params) -> Html {
        source::code_panel(
            "parlab-kernels, pipeline/experiment.rs",
            source::PIPELINE_STAGE,
            PYTHON,
            "The Python idiom it mirrors",
        )
    }
}

fn export_of(report: &PipelineReport, pool_threads: NonZeroUsize, record: RunRecord) -> Export {
    let rows = ExportRow::timed_rows(&[
        ("sequential", Some(&report.sequential)),
        ("pipeline", report.pipeline.as_ref()),
        ("data-parallel", report.data_parallel.as_ref()),
    ]);
    Export::new("pipeline", &report.params, Some(pool_threads), rows, record)
}

fn controls(props: ControlsProps<PipelineParams>) -> Html {
    let p = props.params;
    let (busy, on_edit) = (props.busy, props.on_edit.clone());
    html! {
        { fields(props.revision, html! { <>
            { Input::new("n (items)", "n", group(p.n)).title(format!("1 … {}", group(pipeline::MAX_N))).field(busy, &on_edit) }
            { Input::new("workers per stage (generate,transform,filter,sum)", "workers", p.workers.to_string())
                .title(format!("1 … 8 each, {MAX_WORKERS} in all, e.g. 1,2,1,1")).field(busy, &on_edit) }
            { Input::new("capacity (batches per channel)", "capacity", p.capacity.to_string()).number(1, pipeline::MAX_CAPACITY as u64).field(busy, &on_edit) }
        </> }) }
    }
}

fn results(report: &PipelineReport, record: RunRecord) -> Html {
    let p = report.params;
    let rows: Vec<TimedVariant> = timed_rows(&[
        ("sequential", Some(&report.sequential)),
        ("pipeline", report.pipeline.as_ref()),
        ("data-parallel", report.data_parallel.as_ref()),
    ]);
    let (run_start, run_end) = record.epoch_attributes();
    html! {
        <section class="results" data-testid="results" data-run-start={run_start} data-run-end={run_end}>
            <h3>{ format!("Results: n = {} items, workers {}, capacity {} batches", group(p.n), p.workers, p.capacity) }</h3>
            { record.verdict_line(verdict(report), &rows.iter().map(|row| (row.name, &row.timing.samples_ms[..])).collect::<Vec<_>>()) }
            { timing_table(&rows, report.sequential.summary, record) }
            if let Some(run) = &report.run {
                { stage_views(&p, run) }
            }
        </section>
    }
}

/// The stage lanes and the depth of each channel, from the last pipeline run.
fn stage_views(p: &PipelineParams, run: &pipeline::PipelineRun) -> Html {
    let names: Vec<AttrValue> = run.lanes.iter().map(|lane| AttrValue::from(lane.label())).collect();
    let (mut spans, mut waits) = (Vec::new(), Vec::new());
    for (thread, lane) in run.lanes.iter().enumerate() {
        for &(kind, began_ms, ended_ms) in &lane.spans {
            let span = Span { thread, began_ms, ended_ms };
            match kind {
                LaneKind::Working => spans.push(span),
                wait => waits.push(Wait { span, kind: wait.name() }),
            }
        }
    }
    let per_worker = run.stage_ms_per_worker(p);
    let bottleneck = run.bottleneck(p);
    let lanes = Timeline {
        waits,
        names,
        testid: "stage-lanes",
        label: "when each stage worker worked, and what it waited for",
        merge_close: false,
        states: &[("waiting-full", "waiting for room in the next channel"), ("waiting-empty", "waiting for a batch")],
        ..Timeline::new(spans)
    };
    // One time axis for the lanes and every channel's depth.
    let end_ms = run.depth.iter().map(|depth| last_sample_ms(depth)).fold(lanes.last_end_ms(), f64::max);
    let lanes = Timeline { end_ms: Some(end_ms), ..lanes };
    html! {
        <>
            <h4>{ format!("What each stage worker did (the first {MAX_STAGE_SPANS} stretches of each, last pipeline run)") }</h4>
            { lanes.view() }
            <p data-testid="stage-load" data-bottleneck={STAGES[bottleneck]}>
                { "Working time per worker: " }
                { STAGES.iter().zip(per_worker).enumerate().map(|(stage, (name, ms))| {
                    format!("{name} {}{}", format_ms(ms), if stage == bottleneck { " (the bottleneck)" } else { "" })
                }).collect::<Vec<_>>().join(", ") }
                { "." }
            </p>
            { for run.depth.iter().enumerate().map(|(channel, depth)| html! {
                <div class="queue" data-queue={format!("{}-{}", STAGES[channel], STAGES[channel + 1])}>
                    <h4>{ format!("Batches waiting between {} and {} (capacity {})", STAGES[channel], STAGES[channel + 1], p.capacity) }</h4>
                    { occupancy_chart(depth, end_ms, p.capacity, "queue-depth", "batches queued") }
                </div>
            }) }
        </>
    }
}

fn verdict(report: &PipelineReport) -> String {
    let seq = report.sequential.summary.median_ms;
    let (Some(pipeline), Some(data), Some(run)) = (&report.pipeline, &report.data_parallel, &report.run) else {
        return format!("One thread through every stage: {}.", format_ms(seq));
    };
    if !(report.sequential.correct && pipeline.correct && data.correct) {
        return "A sum differs from the sequential one: this is a bug, please report it.".to_owned();
    }
    let p = report.params;
    let speed = |ms: f64| if ms > 0.0 { seq / ms } else { 0.0 };
    let bottleneck = run.bottleneck(&p);
    format!(
        "Every sum equals the sequential one. The pipeline ran {:.2}× and data decomposition {:.2}× the sequential speed, both on {}. The {} stage set the pace ({} of work per worker); give it more workers and the bottleneck moves.",
        speed(pipeline.summary.median_ms),
        speed(data.summary.median_ms),
        count(p.workers.total(), "thread"),
        STAGES[bottleneck],
        format_ms(run.stage_ms_per_worker(&p)[bottleneck]),
    )
}

const PYTHON: &str = "import queue, threading\n\n# CPython's threads take turns at Python code (the GIL): a stage that computes, like transform,\n# gets no speedup from more threads. Processes joined by multiprocessing.Queue would.\n\nSTOP = None\nq01, q12, q23 = (queue.Queue(maxsize=capacity) for _ in range(3))\n\ndef stage(f, inbox, outbox):\n    while (batch := inbox.get()) is not STOP:\n        outbox.put(f(batch))\n    # the last worker of a stage puts one STOP per worker of the next\n\nthreads = [threading.Thread(target=stage, args=(transform, q01, q12)) for _ in range(2)]\n# ... one thread per worker of every stage, then start() and join() them all";

//! The barrier demo: a heat stencil whose threads must all finish a sweep before any starts the
//! next, met at a barrier or started and joined every step.

use std::num::NonZeroUsize;

use parlab_kernels::barrier::{self, BarrierParams, BarrierReport, RECORDED_STEPS, Variant};
use parlab_kernels::params::{Demo, group};
use parlab_kernels::verdict::count;
use yew::prelude::*;

use crate::platform::clock::PerformanceClock;
use crate::platform::pool;
use crate::platform::shared::Shared;
use crate::shell::charts::{Timeline, Wait, format_ms};
use crate::shell::demo::{DemoEntry, DemoView};
use crate::shell::demo_page::{DemoPage, DemoShell, Kept, Plan};
use crate::shell::export::{Export, ExportRow, Finished};
use crate::shell::fields::{ControlsProps, Input, fields, repeats_field, threads_field};
use crate::shell::run_record::RunRecord;
use crate::shell::runner::{Job, NEEDS_POOL, usable_threads};
use crate::shell::source;
use crate::shell::timing_table::{TimedVariant, timing_table};

pub const ENTRY: DemoEntry = DemoEntry {
    demo: Demo::Barrier,
    title: "Barriers",
    lesson: "coordination.html",
    // The lesson needs two threads: a one-core device gets a pool of two, which take turns.
    pool_reason: None,
    pool_size: |compute, _| parlab_kernels::params::Limits::from(compute).lesson_threads(),
    keeps_runs: true,
};

pub fn view(v: &DemoView) -> Html {
    html! { <DemoShell<BarrierPage> ..v.props(v.state.barrier) /> }
}

struct BarrierPage;

impl DemoPage for BarrierPage {
    type Params = BarrierParams;
    type Report = BarrierReport;
    type Sweep = ();

    const CLASS: &'static str = "barrier-demo";

    fn intro() -> Html {
        html! { <>
            <h2>{ "Barriers" }</h2>
            <p>
                { "Heat spreads along a rod: each sweep moves every cell toward the mean of its neighbours, reading the sweep before. The k threads split the cells, but none may start sweep s + 1 until all have finished sweep s. They either meet at a barrier (threads that live across all the steps) or are started and joined for every step (spawn-per-step, starting threads every step): it gives the same answer, still in parallel within each step, and pays for starting threads at every step. That is not the mistake of start() and join() in the same turn of a loop, which runs the threads one after another; parlab does not show that one." }
            </p>
        </> }
    }

    fn controls(props: ControlsProps<BarrierParams>) -> Html {
        controls(props)
    }

    fn plan(_: Job, params: BarrierParams, pool: Option<NonZeroUsize>) -> Result<Plan<Self>, &'static str> {
        // Two of the three rows are about threads meeting: without a pool there is nothing to
        // compare the sequential row with.
        let pool = pool.ok_or(NEEDS_POOL)?;
        let config = barrier::BarrierConfig {
            n: params.n,
            steps: params.steps,
            threads: usable_threads(params.threads, Some(pool)),
            repeats: params.repeats,
        };
        Ok(Plan::new(config.total_work(), move |control, watch| async move {
            let done = pool::run(move || barrier::run_barrier(&config, &control, &PerformanceClock)).await??;
            let export = export_of(&done, pool, watch.finish());
            Ok(Kept::Run(Finished::new(done, export)))
        }))
    }

    fn results(report: &Shared<BarrierReport>, record: RunRecord) -> Html {
        results(report, record)
    }

    fn below(_: Self::Params) -> Html {
        code_view()
    }
}

fn export_of(report: &BarrierReport, pool_threads: NonZeroUsize, record: RunRecord) -> Export {
    let config = report.config;
    let parameters =
        BarrierParams { n: config.n, steps: config.steps, threads: config.threads, repeats: config.repeats };
    let rows = report.rows.iter().map(|row| ExportRow::timed(row.variant.name(), &row.timing)).collect();
    Export::new("barrier", &parameters, Some(pool_threads), rows, record)
}

fn controls(props: ControlsProps<BarrierParams>) -> Html {
    let p = props.params;
    let (busy, on_edit) = (props.busy, props.on_edit.clone());
    html! {
        { fields(props.revision, html! { <>
            { Input::new("n (cells of the rod)", "n", group(p.n)).title(format!("{} … {}; 200K and 200,000 work too", barrier::MIN_N, group(barrier::MAX_N))).field(busy, &on_edit) }
            { Input::new("steps (sweeps)", "steps", p.steps.to_string()).title(format!("1 … {}", group(barrier::MAX_STEPS))).field(busy, &on_edit) }
            { threads_field("threads k", p.threads, busy, &on_edit) }
            { repeats_field(p.repeats, busy, &on_edit) }
        </> }) }
    }
}

/// A function, not a component: what it draws is small, so redrawing it with the page costs
/// less than a component's machinery in the wasm.
fn results(report: &BarrierReport, record: RunRecord) -> Html {
    let config = report.config;
    let rows: Vec<TimedVariant> = report
        .rows
        .iter()
        .map(|row| TimedVariant { name: row.variant.name(), swatch: None, timing: row.timing.clone() })
        .collect();
    let Some(baseline) = rows.first().map(|row| row.timing.summary) else { return html! {} };
    let (run_start, run_end) = record.epoch_attributes();
    let sweeps = report.waits.iter().flat_map(|w| w.sweeps.iter().copied()).collect::<Vec<_>>();
    let waits = report
        .waits
        .iter()
        .flat_map(|w| w.waits.iter().map(|&span| Wait { span, kind: "barrier" }))
        .collect::<Vec<_>>();
    // The waits are those of the last timed barrier run.
    let barrier_run_ms = report
        .rows
        .iter()
        .find(|r| r.variant == Variant::Barrier)
        .and_then(|r| r.timing.samples_ms.last().copied())
        .unwrap_or(0.0);
    let share = |wait_ms: f64| {
        if barrier_run_ms > 0.0 { format!("{:.0} %", 100.0 * wait_ms / barrier_run_ms) } else { "–".to_owned() }
    };
    html! {
        <section class="results" data-testid="results" data-run-start={run_start} data-run-end={run_end}>
            <h3>{ format!("Results: {} cells, {}, {}, {} (medians; a warm-up is not counted)", group(config.n), count(config.steps, "sweep"), count(config.threads.get(), "thread"), count(config.repeats.get(), "repeat")) }</h3>
            { record.verdict_line(verdict(report), &rows.iter().map(|row| (row.name, &row.timing.samples_ms[..])).collect::<Vec<_>>()) }
            { timing_table(&rows, baseline, record) }
            if !sweeps.is_empty() {
                <h4>{ format!("The first {} sweeps of the last barrier run: each thread sweeping, then waiting at the barrier", RECORDED_STEPS.min(config.steps)) }</h4>
                { Timeline { waits, testid: "barrier-timeline", label: "when each thread swept its cells and when it waited at the barrier", merge_close: false, states: &[("barrier", "waiting at the barrier")], ..Timeline::new(sweeps) }.view() }
                <div class="table-scroll" tabindex="0">
                    <table data-testid="barrier-waits">
                        <thead><tr><th>{ "thread" }</th><th>{ "waited at the barrier, all sweeps" }</th><th>{ "share of the run" }</th></tr></thead>
                        <tbody>
                            { for report.waits.iter().map(|w| html! {
                                <tr data-thread={w.thread.to_string()} data-wait-ms={format!("{:.3}", w.total_wait_ms)}>
                                    <th scope="row">{ format!("thread {}", w.thread) }</th>
                                    <td class="num">{ format_ms(w.total_wait_ms) }</td>
                                    <td class="num">{ share(w.total_wait_ms) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        </section>
    }
}

/// What the rows teach: the barrier's speedup, and what starting threads every step cost.
fn verdict(report: &BarrierReport) -> String {
    let median = |v: Variant| report.rows.iter().find(|r| r.variant == v).map(|r| r.timing.summary.median_ms);
    let correct = report.rows.iter().all(|r| r.timing.correct);
    let check = if correct {
        "Both parallel rods are bit for bit the sequential one."
    } else {
        "A parallel rod differs from the sequential one: a sweep read cells another thread had not finished."
    };
    let (Some(seq), Some(barrier), Some(spawn)) =
        (median(Variant::Sequential), median(Variant::Barrier), median(Variant::SpawnPerStep))
    else {
        return check.to_owned();
    };
    if barrier <= 0.0 || spawn <= 0.0 {
        return check.to_owned();
    }
    let per_step = (spawn - barrier) / report.config.steps as f64;
    let cost = if per_step > 0.0 {
        format!(
            "spawn-per-step {:.2}×: starting and joining the threads for each of the {} sweeps cost about {} per sweep.",
            seq / spawn,
            group(report.config.steps),
            format_ms(per_step)
        )
    } else {
        format!(
            "spawn-per-step {:.2}×: here starting the threads every sweep cost no more than meeting at a barrier (rayon reuses its pool's threads; Python's threading.Thread would not).",
            seq / spawn
        )
    };
    format!("{check} With a barrier the threads ran {:.2}× as fast as one thread; {cost}", seq / barrier)
}

/// The Rust that ran beside the Python it mirrors (a function, not a component: it has no state
/// of its own, and each component adds its own machinery to the wasm).
fn code_view() -> Html {
    let rust = format!("{}\n\n{}", source::BARRIER_SPAWN_PER_STEP, source::STEP_BARRIER_WAIT);
    let python = "import threading\n\n# CPython's threads take turns at Python code (the GIL): this sweep gets no speedup.\n# Processes would (multiprocessing: its Barrier, the rod in shared_memory), and so would the\n# sweep as NumPy slice arithmetic, which releases the GIL.\n\ndef sweep(current, nxt, lo, hi):\n    for i in range(max(lo, 1), min(hi, n - 1)):\n        nxt[i] = current[i] + ALPHA * (current[i-1] - 2*current[i] + current[i+1])\n\n# barrier: k threads live across all the steps\nbarrier = threading.Barrier(k)\n\ndef worker(t):\n    lo, hi = t * n // k, (t + 1) * n // k\n    for step in range(steps):\n        current, nxt = rods[step % 2], rods[(step + 1) % 2]\n        sweep(current, nxt, lo, hi)\n        barrier.wait()          # nobody starts the next sweep early\n\nthreads = [threading.Thread(target=worker, args=(t,)) for t in range(k)]\nfor th in threads: th.start()\nfor th in threads: th.join()\n\n# spawn-per-step: starting threads every step (all k start, then all k join)\nfor step in range(steps):\n    current, nxt = rods[step % 2], rods[(step + 1) % 2]\n    threads = [threading.Thread(target=sweep, args=(current, nxt, t * n // k, (t + 1) * n // k))\n               for t in range(k)]\n    for th in threads: th.start()\n    for th in threads: th.join()   # every sweep pays for k new threads";
    source::code_panel("parlab-kernels, barrier/", &rust, python, "The Python idioms it mirrors")
}

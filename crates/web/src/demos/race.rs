//! The race demo: k threads add 1 to one shared total, seven ways, and a two-thread
//! step-through of the lost update.

use crate::platform::shared::Shared;

use parlab_kernels::params::{Demo, RaceParams, group};
use parlab_kernels::race::{self, MAX_WINDOW, RaceConfig, RaceReport, Step, StepThrough, Variant};
use parlab_kernels::stats;
use parlab_kernels::verdict::count;
use yew::prelude::*;

use crate::platform::clock::PerformanceClock;
use crate::platform::pool;
use crate::shell::charts::format_ms;
use crate::shell::demo::{DemoEntry, DemoView};
use crate::shell::demo_page::{DemoPage, DemoShell, Kept, Plan};
use crate::shell::export::{Export, ExportRow, Finished};
use crate::shell::fields::{ControlsProps, Input, fields, repeats_field, threads_field};
use crate::shell::run_record::RunRecord;
use crate::shell::runner::{Job, usable_threads};
use crate::shell::source;
use std::num::NonZeroUsize;

pub const ENTRY: DemoEntry = DemoEntry {
    demo: Demo::Race,
    title: "Races, locks and reduction",
    lesson: "races.html",
    // The lesson needs two threads: a one-core device gets a pool of two, which take turns.
    pool_reason: None,
    pool_size: |compute, _| parlab_kernels::params::Limits::from(compute).lesson_threads(),
    keeps_runs: true,
};

pub fn view(v: &DemoView) -> Html {
    html! { <DemoShell<RacePage> ..v.props(v.state.race) /> }
}

struct RacePage;

impl DemoPage for RacePage {
    type Params = RaceParams;
    type Report = RaceReport;
    type Sweep = ();

    const CLASS: &'static str = "race-demo";

    fn intro() -> Html {
        html! { <>
            <h2>{ "Races, locks and reduction" }</h2>
            <p>
                { "k threads add 1 to one shared total, n times in all. Without synchronisation two threads read the same value and one update is lost; a lock or an atomic add makes every update count but makes the threads take turns; a counter per thread avoids that, unless the counters share a cache line; a local sum per thread, added once at the end, is the reduction the course's block sums use." }
            </p>
        </> }
    }

    fn controls(props: ControlsProps<RaceParams>) -> Html {
        controls(props)
    }

    fn plan(_: Job, params: RaceParams, pool: Option<NonZeroUsize>) -> Result<Plan<Self>, &'static str> {
        // Every variant but one needs real threads: without a pool there is no race to show.
        let pool = pool.ok_or(
            "This demo needs the thread pool (see the banner above); the step-through below works without it.",
        )?;
        let config = RaceConfig {
            n: params.n as u64,
            threads: usable_threads(params.threads, Some(pool)),
            window: params.window,
            repeats: params.repeats,
        };
        Ok(Plan::new(config.total_work(), move |control, watch| async move {
            let done = pool::run(move || race::run_race(&config, &control, &PerformanceClock)).await??;
            let export = export_of(&done, Some(pool), watch.finish());
            Ok(Kept::Run(Finished::new(done, export)))
        }))
    }

    fn results(report: &Shared<RaceReport>, record: RunRecord) -> Html {
        results(&ResultsProps { report: report.clone(), record })
    }

    fn below(_: Self::Params) -> Html {
        html! { <>
            <StepThroughView />
            { code_view() }
        </> }
    }
}

/// The run's parameters, environment and timed runs (with totals), for [`ExportBar`].
fn export_of(report: &RaceReport, pool_threads: Option<NonZeroUsize>, record: RunRecord) -> Export {
    let config = report.config;
    let parameters = RaceParams {
        n: usize::try_from(config.n).unwrap_or(usize::MAX),
        threads: config.threads,
        window: config.window,
        repeats: config.repeats,
    };
    let rows = report
        .rows
        .iter()
        .map(|row| ExportRow {
            extra: vec![
                ("final", row.last.final_value.to_string()),
                ("expected", row.last.expected.to_string()),
                ("lost", row.last.lost().to_string()),
            ],
            ..ExportRow::timed(row.variant.name(), &row.timing)
        })
        .collect();
    Export::new("race", &parameters, pool_threads, rows, record)
}

fn controls(props: ControlsProps<RaceParams>) -> Html {
    let p = props.params;
    let (busy, on_edit) = (props.busy, props.on_edit.clone());
    html! {
        { fields(props.revision, html! { <>
            { Input::new("n (increments in all)", "n", group(p.n)).title(format!("0 … {}; 10M and 10,000,000 work too", group(race::MAX_N))).field(busy, &on_edit) }
            { threads_field("threads k", p.threads, busy, &on_edit) }
            { Input::new("window (work between read and write)", "window", p.window.to_string()).number(0, u64::from(MAX_WINDOW)).field(busy, &on_edit) }
            { repeats_field(p.repeats, busy, &on_edit) }
        </> }) }
    }
}

struct ResultsProps {
    report: Shared<RaceReport>,
    record: RunRecord,
}

fn results(props: &ResultsProps) -> Html {
    let report = &props.report;
    let config = report.config;
    let baseline = report.rows.first().map(|r| r.timing.summary);
    let row = |row: &race::RaceRow| {
        let s = row.timing.summary;
        let speedup = baseline.and_then(|b| stats::speedup(&b, &s));
        let quality = props.record.quality(&row.timing.samples_ms).name();
        let (name, lost) = (row.variant.name(), row.last.lost());
        html! {
            <tr data-testid="result-row" data-variant={name} data-threads={row.timing.threads.to_string()}
                data-ms={format!("{:.3}", s.median_ms)} data-min-ms={format!("{:.3}", s.min_ms)}
                data-max-ms={format!("{:.3}", s.max_ms)} data-runs={s.runs.to_string()}
                data-correct={row.timing.correct.to_string()} data-final={row.last.final_value.to_string()}
                data-expected={row.last.expected.to_string()} data-lost={lost.to_string()} data-quality={quality}
                data-slot-stride={row.last.layout.map(|l| l.stride.to_string())}
                data-slot-line-offset={row.last.layout.map(|l| l.line_offset.to_string())}>
                <th scope="row">{ name }</th>
                <td>{ row.timing.threads }</td>
                <td class="num">{ format_ms(s.median_ms) }</td>
                <td class="num">{ speedup.map_or("–".into(), |x| format!("{x:.2}×")) }</td>
                <td class="num">{ group(row.last.final_value as usize) }</td>
                <td class="num">{ group(row.last.expected as usize) }</td>
                <td class={classes!("num", if lost == 0 { "ok" } else { "bad" })}>{ group(lost as usize) }</td>
                <td class={classes!("quality", quality)}>{ quality }</td>
            </tr>
        }
    };
    let (run_start, run_end) = props.record.epoch_attributes();
    html! {
        <section class="results" data-testid="results" data-run-start={run_start} data-run-end={run_end}>
            <h3>{ format!("Results: n = {} increments on {}, window {}, {} (medians)", group(config.n as usize), count(config.threads.get(), "thread"), config.window, count(config.repeats.get(), "repeat")) }</h3>
            { props.record.verdict_line(verdict(report), &report.rows.iter().map(|row| (row.variant.name(), &row.timing.samples_ms[..])).collect::<Vec<_>>()) }
            <div class="table-scroll" tabindex="0">
                <table>
                    <thead><tr>
                        <th>{ "variant" }</th><th>{ "threads" }</th><th>{ "median" }</th><th>{ "speedup" }</th>
                        <th>{ "final total" }</th><th>{ "expected" }</th><th>{ "lost updates" }</th><th>{ "timing" }</th>
                    </tr></thead>
                    <tbody>{ for report.rows.iter().map(row) }</tbody>
                </table>
            </div>
            { store_costs(report) }
        </section>
    }
}

/// Why the slot variants pay more here than natively: the cost of one atomic store in this
/// browser against a plain one, and where the padded slots lay (checked, not assumed).
fn store_costs(report: &RaceReport) -> Html {
    let costs = report.store_costs;
    let padded = report.rows.iter().find(|r| r.variant == Variant::PaddedSlots).and_then(|r| r.last.layout);
    let layout = match padded {
        Some(layout) if layout.lines_apart() => format!(
            " The padded slots were {} bytes apart in this page's memory, each alone on its 64-byte line, so their cost is the store itself, not false sharing.",
            layout.stride
        ),
        Some(layout) => format!(
            " The padded slots were {} bytes apart, {} bytes into a line: not each alone on a line.",
            layout.stride, layout.line_offset
        ),
        None => String::new(),
    };
    html! {
        <p class="note" data-testid="store-costs" data-plain-ns={format!("{:.2}", costs.plain_ns)}
           data-atomic-store-ns={format!("{:.2}", costs.atomic_store_ns)} data-atomic-add-ns={format!("{:.2}", costs.atomic_add_ns)}>
            { format!(
                "Measured here, one thread alone: a loop of plain stores took {:.1} ns a store, of atomic stores {:.1} ns ({:.1}× as long), of atomic adds {:.1} ns. In WebAssembly every atomic store is sequentially consistent, where Rust's Relaxed store compiled natively is a plain store; the slot variants pay that on every increment, and the sequential loop does not.{layout}",
                costs.plain_ns, costs.atomic_store_ns, costs.atomic_store_ns / costs.plain_ns.max(f64::MIN_POSITIVE), costs.atomic_add_ns
            ) }
        </p>
    }
}

/// What the rows teach, in one sentence each for the lesson's two halves.
fn verdict(report: &RaceReport) -> String {
    let row = |v: Variant| report.rows.iter().find(|r| r.variant == v);
    let lost = row(Variant::Unsynchronized).map_or(0, |r| r.last.lost());
    let race = if report.config.threads.get() == 1 {
        "On one thread nothing races: every variant counts exactly n.".to_owned()
    } else if lost > 0 {
        format!(
            "Unsynchronized lost {} of {} updates: two threads read the same total and both wrote back that value plus one.",
            group(lost as usize),
            group(report.config.n as usize)
        )
    } else {
        "Unsynchronized lost nothing this time: the race is real but timing-dependent; widen the window to see it."
            .to_owned()
    };
    let speed = |v: Variant| row(v).map(|r| r.timing.summary.median_ms);
    match (speed(Variant::Sequential), speed(Variant::Local), speed(Variant::Atomic)) {
        (Some(seq), Some(local), Some(atomic)) if local > 0.0 && atomic > 0.0 => format!(
            "{race} A local sum per thread ran {:.2}× as fast as one thread; one shared atomic total, {:.2}×.",
            seq / local,
            seq / atomic
        ),
        _ => race,
    }
}

/// Two threads, three steps each; the person decides who steps next.
#[component]
fn StepThroughView() -> Html {
    let state = use_state(StepThrough::default);
    let log = use_state(Vec::<String>::new);
    let step = |thread: usize| {
        let (state, log) = (state.clone(), log.clone());
        Callback::from(move |_: MouseEvent| {
            let mut next = *state;
            let what = match next.threads[thread].next {
                Step::Read => "reads the total",
                Step::Add => "adds 1 to its copy",
                Step::Write => "writes its copy back",
                Step::Done => return,
            };
            next.step(thread);
            let mut lines = (*log).clone();
            lines.push(format!("thread {thread} {what}: shared = {}", next.shared));
            log.set(lines);
            state.set(next);
        })
    };
    let reset = {
        let (state, log) = (state.clone(), log.clone());
        Callback::from(move |_: MouseEvent| {
            state.set(StepThrough::default());
            log.set(Vec::new());
        })
    };
    // `data-local-0` and `data-local-1` (the contract's names) are not identifiers that html!
    // accepts, so they are set on the element after each render.
    let state_line = use_node_ref();
    {
        let state_line = state_line.clone();
        use_effect_with(*state, move |state| {
            if let Some(line) = state_line.cast::<web_sys::Element>() {
                for (thread, name) in ["data-local-0", "data-local-1"].into_iter().enumerate() {
                    match state.threads[thread].local {
                        Some(value) => drop(line.set_attribute(name, &value.to_string())),
                        None => drop(line.remove_attribute(name)),
                    }
                }
            }
        });
    }
    let local = |thread: usize| state.threads[thread].local.map_or("–".to_owned(), |v| v.to_string());
    let next_of = |thread: usize| match state.threads[thread].next {
        Step::Read => "next: read",
        Step::Add => "next: add",
        Step::Write => "next: write",
        Step::Done => "done",
    };
    html! {
        <section class="step-through">
            <h3>{ "Step through a lost update" }</h3>
            <p class="note">{ "Each thread reads the shared total, adds 1 to its own copy, and writes the copy back. Choose who steps next: let both read before either writes, and one update is lost." }</p>
            <div class="actions">
                <button data-testid="step-thread-0" disabled={state.threads[0].next == Step::Done} onclick={step(0)}>
                    { format!("Step thread 0 ({})", next_of(0)) }
                </button>
                <button data-testid="step-thread-1" disabled={state.threads[1].next == Step::Done} onclick={step(1)}>
                    { format!("Step thread 1 ({})", next_of(1)) }
                </button>
                <button data-testid="step-reset" onclick={reset}>{ "Reset" }</button>
            </div>
            <p class="step-state" data-testid="step-state" data-shared={state.shared.to_string()} ref={state_line}
               role="status" aria-live="polite">
                { format!("shared total = {}; thread 0's copy = {}; thread 1's copy = {}", state.shared, local(0), local(1)) }
                if state.is_done() {
                    { if state.lost() > 0 { " — both wrote 1: one update was lost." } else { " — 2: both updates counted." } }
                }
            </p>
            if !log.is_empty() {
                <ol class="step-log">{ for log.iter().map(|line| html! { <li>{ line.clone() }</li> }) }</ol>
            }
        </section>
    }
}

/// The Rust that ran beside the Python it mirrors (a function, not a component: it has no state
/// of its own, and each component adds its own machinery to the wasm).
fn code_view() -> Html {
    let rust = format!("{}\n\n{}", source::RACE_UNSYNCHRONIZED, source::RACE_LOCAL);
    let python = "import threading\n\ntotal = 0\nlock = threading.Lock()\n\ndef plus_one(value):\n    return value + 1\n\ndef unsynchronized(times):\n    global total\n    for _ in range(times):\n        read = total          # two threads may read the same value…\n        read = plus_one(read) # (a call: CPython may switch threads here)\n        total = read          # …and one update is lost\n\ndef with_lock(times):\n    global total\n    for _ in range(times):\n        with lock:\n            total += 1\n\ndef local_sum(times, partials, i):\n    local = 0\n    for _ in range(times):\n        local += 1\n    partials[i] = local       # one write per thread; sum(partials) at the end";
    source::code_panel("parlab-kernels, race/mod.rs", &rust, python, "The Python idioms it mirrors")
}

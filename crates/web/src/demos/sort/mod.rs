//! The sort demo: seven ways to sort the same array, timed, checked and drawn.

mod js_sort;
mod run;
mod sweep;

use std::num::NonZeroUsize;

use crate::platform::shared::Shared;

use parlab_kernels::params::{Demo, SortParams, group};
use parlab_kernels::scaling::{SizeSweep, SweepAxis};
use parlab_kernels::sort_merge::{self, Distribution, SortConfig, SortReport, SortSweep, Variant};
use parlab_kernels::verdict::{count, pace};
use yew::prelude::*;

use crate::shell::demo::{DemoEntry, DemoProps, DemoView};

use crate::platform::clock::PerformanceClock;
use crate::platform::pool;
use crate::shell::charts::{Bar, PhaseRow, bar_chart, format_ms, phase_timeline, value_strips};
use crate::shell::export::{Export, ExportBar, ExportRow, Finished};
use crate::shell::fields::{ControlsProps, Input, fields, oversubscribed_threads_field, repeats_field, select_field};
use crate::shell::run_record::RunRecord;
use crate::shell::runner::{Job, RunPanel, pool_growth_notice, sweep_counts, usable_threads, use_autorun, use_runner};
use crate::shell::size_sweep::{size_sweep_button, size_sweep_view, sweep_axis_field};
use crate::shell::source;
use crate::shell::timing_table::{TimedVariant, timing_table};
use run::{compare, js_work};
use sweep::{SweepViewProps, sweep_view};

pub const ENTRY: DemoEntry = DemoEntry {
    demo: Demo::Sort,
    title: "Sort: chunks, merges, Amdahl",
    lesson: "sorting.html",
    pool_reason: None,
    pool_size: |compute, state| compute.max(state.sort.threads),
    keeps_runs: true,
};

pub fn view(v: &DemoView) -> Html {
    html! { <SortDemo ..v.props(v.state.sort) /> }
}

/// One colour per variant, the same in every chart.
fn variant_colour(variant: Variant) -> &'static str {
    match variant {
        Variant::Sequential => "#8a8f98",
        Variant::ChunksKway => "#D55E00",
        Variant::ChunksTree => "#E69F00",
        Variant::ChunksSplitMerge => "#009E73",
        Variant::ChunksRadix => "#56B4E9",
        Variant::Rayon => "#0072B2",
        Variant::Js => "#CC79A7",
    }
}

#[component]
pub fn SortDemo(props: &DemoProps<SortParams>) -> Html {
    let runner = use_runner();
    let report = use_state(|| None::<Finished<SortReport>>);
    let sweep = use_state(|| None::<(Shared<SortSweep>, RunRecord)>);
    let size_sweep = use_state(|| None::<(Shared<SizeSweep>, RunRecord)>);
    let params = props.params;
    let pool_threads = props.pool.ready_threads();

    let start = {
        let (runner, report, sweep, size_sweep) = (runner.clone(), report.clone(), sweep.clone(), size_sweep.clone());
        Callback::from(move |job: Job| {
            let config = SortConfig {
                n: params.n,
                distribution: params.distribution,
                seed: params.seed,
                threads: usable_threads(params.threads, pool_threads),
                repeats: params.repeats,
                parallel: pool_threads.is_some(),
            };
            let thread_counts = sweep_counts(pool_threads);
            let total = match job {
                Job::Compare => config.total_work() + js_work(&config),
                Job::Sweep if params.sweep == SweepAxis::Size => sort_merge::sort_size_sweep_work(&config),
                Job::Sweep => sort_merge::sort_sweep_work(&config, &thread_counts),
            };
            let (report, sweep, size_sweep) = (report.clone(), sweep.clone(), size_sweep.clone());
            runner.start(job, total, move |control, watch| async move {
                match job {
                    Job::Compare => {
                        let done = compare(config, control).await?;
                        let export = export_of(&done, pool_threads, watch.finish());
                        report.set(Some(Finished::new(done, export)));
                    }
                    Job::Sweep if params.sweep == SweepAxis::Size => {
                        let done =
                            pool::run(move || sort_merge::run_sort_size_sweep(&config, &control, &PerformanceClock))
                                .await??;
                        size_sweep.set(Some((Shared::new(done), watch.finish())));
                    }
                    Job::Sweep => {
                        let done = pool::run(move || {
                            let mut buffers = sort_merge::buffers(config.n);
                            sort_merge::run_sort_sweep(
                                &config,
                                &thread_counts,
                                &mut buffers,
                                &control,
                                &PerformanceClock,
                            )
                        })
                        .await??;
                        sweep.set(Some((Shared::new(done), watch.finish())));
                    }
                }
                Ok(())
            });
        })
    };
    use_autorun(props.autorun, &props.pool, start.clone());

    let busy = runner.is_busy();
    let (sweep_label, sweep_title) = size_sweep_button(params.sweep, params.n, params.threads.get());
    html! {
        <div class="demo sort-demo">
            <section class="intro">
                <h2>{ "Sorting with threads: chunks, merges and Amdahl's law" }</h2>
                <p>
                    { "The same input sorted seven ways: the standard library's (unstable) sort_unstable on one thread; T chunks sorted on T threads and then merged on one thread (the course's k-way " }
                    <code>{ "heapq.merge" }</code>
                    { "); merged in parallel rounds of pairs (the course's " }<code>{ "Pool.starmap(single_merge, …)" }</code>
                    { "); the same with every merge split across the threads; that with radix-sorted chunks; rayon's " }<code>{ "par_sort_unstable" }</code>
                    { "; and the browser's own " }<code>{ "Uint32Array.prototype.sort" }</code>
                    { ". Every result is compared with the sequential one." }
                </p>
            </section>
            <section class="controls">
                { controls(ControlsProps { params, busy, on_edit: props.on_edit.clone(), revision: props.revision }) }
                <RunPanel pool={props.pool.clone()} runner={runner.clone()} start={start}
                          sweep_title={sweep_title} sweep_label={sweep_label} />
                { pool_growth_notice(&format!("T = {}", params.threads), params.threads, &props.pool, true) }
                if let Some(note) = pool::past_the_cores_note("T", params.threads.get()) {
                    <p class="note">{ note }</p>
                }
            </section>
            if let Some(finished) = (*report).clone() {
                { results(&ResultsProps { report: finished.report, record: finished.export.record }) }
                <ExportBar export={finished.export} />
            }
            if let Some((sweep, record)) = (*sweep).clone() {
                { sweep_view(&SweepViewProps { sweep, record, cores: pool::cores() }) }
            }
            if let Some((sweep, record)) = (*size_sweep).clone() {
                { size_sweep_view(&sweep, &record, sort_merge::CROSSOVER_VARIANT.name()) }
            }
            { code_view() }
        </div>
    }
}

/// The run's parameters, environment and timed runs, for [`ExportBar`].
fn export_of(report: &SortReport, pool_threads: Option<NonZeroUsize>, record: RunRecord) -> Export {
    let config = report.config;
    let parameters = SortParams {
        n: config.n,
        distribution: config.distribution,
        threads: config.threads,
        seed: config.seed,
        repeats: config.repeats,
        sweep: SweepAxis::Threads,
    };
    let rows = report.variants.iter().map(|v| ExportRow::timed(v.variant.name(), &v.timing)).collect();
    Export::new("sort", &parameters, pool_threads, rows, record)
}

fn controls(props: ControlsProps<SortParams>) -> Html {
    let p = props.params;
    let (busy, on_edit) = (props.busy, props.on_edit.clone());
    let distributions: Vec<(&'static str, &'static str)> =
        Distribution::ALL.iter().map(|d| (d.name(), d.description())).collect();
    html! {
        { fields(props.revision, html! { <>
            { Input::new("n (elements, u32)", "n", group(p.n)).title(format!("0 … {}; 10M and 10,000,000 work too", group(pool::limits().max_n(sort_merge::MAX_N, sort_merge::BYTES_PER_ELEMENT)))).field(busy, &on_edit) }
            { select_field("distribution", "dist", &distributions, p.distribution.name(), false, busy, &on_edit) }
            { oversubscribed_threads_field("threads T (= chunks)", p.threads, busy, &on_edit) }
            { Input::new("seed", "seed", p.seed.to_string()).field(busy, &on_edit) }
            { repeats_field(p.repeats, busy, &on_edit) }
            { sweep_axis_field(p.sweep, busy, &on_edit) }
        </> }) }
    }
}

struct ResultsProps {
    report: Shared<SortReport>,
    record: RunRecord,
}

fn results(props: &ResultsProps) -> Html {
    let report = &props.report;
    let config = report.config;
    let Some(sequential) = report.variant(Variant::Sequential) else { return html! {} };
    let baseline = sequential.timing.summary;
    let (run_start, run_end) = props.record.epoch_attributes();
    let bars: Vec<Bar> = report
        .variants
        .iter()
        .map(|v| Bar {
            label: v.variant.name().into(),
            value_ms: v.timing.summary.median_ms,
            colour: variant_colour(v.variant),
        })
        .collect();
    let phase_rows: Vec<PhaseRow> = report
        .variants
        .iter()
        .filter(|v| !v.spans.is_empty())
        .map(|v| PhaseRow { label: v.variant.name().into(), spans: v.spans.clone() })
        .collect();
    let strips_of = [Variant::ChunksTree, Variant::ChunksKway]
        .into_iter()
        .find_map(|variant| report.variant(variant).filter(|v| !v.strips.is_empty()));
    html! {
        <section class="results" data-testid="results" data-run-start={run_start} data-run-end={run_end}>
            <h3>{ format!(
                "Results: {} u32 values, {}, seed {}, T = {}, {} (medians after an untimed warm-up)",
                group(config.n), config.distribution.description(), config.seed, config.threads, count(config.repeats.get(), "repeat")
            ) }</h3>
            { props.record.verdict_list(reading(report), &report.variants.iter().map(|v| (v.variant.name(), &v.timing.samples_ms[..])).collect::<Vec<_>>()) }
            { timing_table(&report.variants.iter().map(|v| TimedVariant {
                name: v.variant.name(),
                swatch: Some(variant_colour(v.variant)),
                timing: v.timing.clone(),
            }).collect::<Vec<_>>(), baseline, props.record) }
            { bar_chart(&bars) }
            if !phase_rows.is_empty() {
                <h4>{ "What each thread did (the run with the median time of each variant)" }</h4>
                { phase_timeline(&phase_rows) }
            }
            if let Some(v) = strips_of {
                <h4>{ format!("The array at each phase of {} (value as colour: dark = small, yellow = large)", v.variant.name()) }</h4>
                { value_strips(&v.strips) }
            }
        </section>
    }
}

/// Plain sentences on what the measurement shows, including where a library loses.
fn reading(report: &SortReport) -> Vec<String> {
    let mut lines = Vec::new();
    let Some(sequential) = report.variant(Variant::Sequential) else { return lines };
    let base = sequential.timing.summary.median_ms;
    if let Some(wrong) = report.variants.iter().find(|v| !v.timing.correct) {
        lines.push(format!(
            "{} did not produce the sequential result: this is a bug, please report it.",
            wrong.variant.name()
        ));
    }
    let fastest =
        report.variants.iter().min_by(|a, b| a.timing.summary.median_ms.total_cmp(&b.timing.summary.median_ms));
    if let Some(fastest) = fastest.filter(|f| f.variant != Variant::Sequential) {
        lines.push(format!(
            "Fastest: {} at {}, {:.2}× the standard library's sort_unstable on one thread.",
            fastest.variant.name(),
            format_ms(fastest.timing.summary.median_ms),
            base / fastest.timing.summary.median_ms.max(f64::MIN_POSITIVE)
        ));
    }
    if let Some(radix) = report.variant(Variant::ChunksRadix) {
        let speedup = base / radix.timing.summary.median_ms.max(f64::MIN_POSITIVE);
        if speedup > radix.timing.threads as f64 {
            lines.push(format!(
                "chunks+radix beats {}× on {} because it is a different algorithm (a radix sort does O(n) work, no comparisons), not because threads do more than their share.",
                radix.timing.threads, count(radix.timing.threads, "thread")
            ));
        }
    }
    if let (Some(kway), Some(model)) = (report.variant(Variant::ChunksKway), report.kway_model()) {
        let t = kway.timing.threads;
        let f = model.serial_fraction();
        let threads = count(t, "thread");
        lines.push(format!(
            "chunks+kway merges for {} on one thread after {} of chunk sorting spread over {threads}: the merge is f = {:.0} % of its work, so Amdahl's law caps its gain from threads at {:.2}× on {threads} and {:.2}× on any number. Against one-thread sort_unstable that predicts {:.2}×; it measured {:.2}×.",
            format_ms(model.serial_ms),
            format_ms(model.parallel_ms),
            100.0 * f,
            sort_merge::amdahl(f, t),
            1.0 / f.max(f64::MIN_POSITIVE),
            base / model.time_ms(t).max(f64::MIN_POSITIVE),
            base / kway.timing.summary.median_ms.max(f64::MIN_POSITIVE)
        ));
    }
    for variant in [Variant::Rayon, Variant::Js] {
        if let Some(v) = report.variant(variant) {
            let ratio = base / v.timing.summary.median_ms.max(f64::MIN_POSITIVE);
            if ratio < 1.0 {
                lines.push(format!(
                    "{} is {} than one thread of sort_unstable here: {}",
                    variant.name(),
                    pace(ratio),
                    if variant == Variant::Rayon {
                        "on few cores its parallel quicksort's extra passes cost more than the second core gains."
                    } else {
                        "a generic comparison sort in JavaScript against a specialised one in Rust."
                    }
                ));
            }
        }
    }
    if report.variants.len() == 1 || (report.variants.len() == 2 && report.variant(Variant::Js).is_some()) {
        lines
            .push("Only the single-threaded variants ran: this page has no thread pool (see the banner above).".into());
    }
    lines
}

/// The Rust that ran beside the Python it mirrors (a function, not a component: it has no state
/// of its own, and each component adds its own machinery to the wasm).
fn code_view() -> Html {
    let rust = [source::KWAY_HEAP_MERGE, source::MERGE_TWO, source::CO_RANK, source::TREE_MERGE, source::RADIX_SORT]
        .join("\n\n");
    let python = "\
import heapq
from concurrent.futures import ThreadPoolExecutor
from multiprocessing import Pool

def chunks(data, t):
    size = len(data) // t
    return [data[i * size:(i + 1) * size if i < t - 1 else len(data)] for i in range(t)]

# CPython's threads take turns at Python code (the GIL): sorted() in a ThreadPoolExecutor gets no
# speedup. ProcessPoolExecutor or multiprocessing.Pool would (each chunk is pickled to a worker
# process), as would NumPy's np.sort on numeric arrays, which releases the GIL while it sorts.

# chunks+kway: sort T chunks in threads, then one k-way heap merge
with ThreadPoolExecutor(T) as pool:
    runs = list(pool.map(sorted, chunks(data, T)))
result = list(heapq.merge(*runs))

# chunks+tree: merge pairs in parallel rounds until one list is left
def single_merge(a, b):
    return list(heapq.merge(a, b))

with Pool(T) as pool:
    while len(runs) > 1:
        pairs = [(runs[i], runs[i + 1]) for i in range(0, len(runs) - 1, 2)]
        merged = pool.starmap(single_merge, pairs)
        runs = merged + ([runs[-1]] if len(runs) % 2 else [])
result = runs[0]";
    source::code_panel("parlab-kernels, sort_merge/", &rust, python, "The Python idioms it mirrors")
}

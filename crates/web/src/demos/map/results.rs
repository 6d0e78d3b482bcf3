//! The map's results: the timing table with its marks, the verdict, the chunk map and timeline,
//! the GIL and message-passing rows, the memory bus beside square, the course's own figures, and
//! the speedup-vs-k sweep.

use parlab_kernels::map::{self, MapFunction, MapReport, SweepReport, Workload};
use parlab_kernels::params::group;
use parlab_kernels::quality::Quality;
use parlab_kernels::scaling::past_the_cores;
use parlab_kernels::stats;
use parlab_kernels::verdict::count;
use yew::prelude::*;

use super::{gil_view, memory_bus, message_passing};
use crate::platform::shared::Shared;
use crate::shell::charts::{
    Bar, Series, SpeedupPoint, Timeline, XAxis, bar_chart, chunk_map, format_ms, speedup_chart,
};
use crate::shell::run_record::{RunRecord, quality_advice};
use crate::shell::timing_table::{TimedVariant, timed_rows, timing_table_marked};

pub(super) struct ResultsProps {
    pub(super) report: Shared<MapReport>,
    pub(super) record: RunRecord,
}

pub(super) fn results(props: &ResultsProps) -> Html {
    let report = &props.report;
    let config = report.config;
    let seq = &report.sequential;
    let mut bars = vec![Bar { label: "sequential".into(), value_ms: seq.summary.median_ms, colour: "#8a8f98" }];
    if let Some(par) = &report.parallel {
        bars.push(Bar {
            label: format!("parallel, k = {}", par.threads),
            value_ms: par.summary.median_ms,
            colour: "#0072B2",
        });
    }
    if let Some(python) = &report.python_threads {
        bars.push(Bar {
            label: format!("python-threads, k = {}", python.threads),
            value_ms: python.summary.median_ms,
            colour: "#D55E00",
        });
    }
    if let Some(messages) = &report.message_passing {
        bars.push(Bar {
            label: format!("message-passing, k = {}", messages.threads),
            value_ms: messages.summary.median_ms,
            colour: "#009E73",
        });
    }
    let speedup = report.parallel.as_ref().and_then(|par| stats::speedup(&seq.summary, &par.summary));
    let shape = match config.workload {
        MapFunction::BuiltIn(Workload::Matvec) => format!(
            " — A is {} × {}, x has {}, y has {}",
            group(config.n),
            map::MATVEC_COLS,
            map::MATVEC_COLS,
            group(config.n)
        ),
        _ => String::new(),
    };
    let (run_start, run_end) = props.record.epoch_attributes();
    let rows: Vec<TimedVariant> = timed_rows(&[
        ("sequential", Some(seq)),
        ("parallel", report.parallel.as_ref()),
        ("python-threads", report.python_threads.as_ref()),
        ("message-passing", report.message_passing.as_ref()),
    ]);
    html! {
        <section class="results" data-testid="results" data-run-start={run_start} data-run-end={run_end}
                 data-output-digest={format!("{:016x}", report.output_digest)}
                 data-first-chunk-ratio={map::first_chunk_ratio(report).map(|r| format!("{r:.3}"))}>
            <h3>{ format!("Results: {} of n = {}{shape}, {} (medians; a warm-up run is not counted)", function_label(config.workload), group(config.n), count(config.repeats.get(), "repeat")) }</h3>
            { props.record.verdict_line(verdict(report, &props.record), &rows.iter().map(|row| (row.name, &row.timing.samples_ms[..])).collect::<Vec<_>>()) }
            { timing_table_marked(&rows, seq.summary, props.record, &row_marks(report, &rows)) }
            if config.workload == MapFunction::Custom {
                <p class="verdict" data-testid="custom-verdict">
                    { map::worth_the_pool(report) }
                    { report.compile_ms.map(|ms| format!(" Parsing, checking and compiling f took {}.", format_ms(ms))).unwrap_or_default() }
                </p>
            }
            { course_reference(report, speedup) }
            { memory_bus::memory_bus(report) }
            { bar_chart(&bars) }
            if !report.chunks.is_empty() {
                <h4>{ format!("Chunk map: {} of {}, coloured by the thread that took them", count(report.chunks.len(), "chunk"), count(config.chunk_len().get(), "element")) }</h4>
                { chunk_map(&report.chunks, config.n) }
                <h4>{ "When each thread was busy (last parallel repeat)" }</h4>
                { Timeline::new(report.chunks.iter().map(|c| c.span()).collect::<Vec<_>>()).view() }
            }
            if let Some(messages) = &report.message_passing {
                { message_passing::message_view(report, messages) }
            }
            if let Some(python) = &report.python_threads {
                { gil_view::gil_view(&seq.summary, python, &report.gil_spans, config.gil_switch_ms.unwrap_or(map::DEFAULT_SWITCH_MS)) }
            }
        </section>
    }
}

/// The function's name in the results' heading.
fn function_label(workload: MapFunction) -> &'static str {
    match workload {
        MapFunction::Custom => "your f",
        built_in => built_in.name(),
    }
}

/// Each row's time per element, and with a custom f, the time its compile took.
fn row_marks(report: &MapReport, rows: &[TimedVariant]) -> Vec<(&'static str, &'static str, String)> {
    let n = report.config.n.max(1) as f64;
    let mut marks = Vec::new();
    for row in rows {
        marks.push((row.name, "data-per-element-ns", format!("{:.3}", row.timing.summary.median_ms * 1e6 / n)));
        if let Some(ms) = report.compile_ms {
            marks.push((row.name, "data-compile-ms", format!("{ms:.3}")));
        }
    }
    marks
}

/// A squaring run beside the course's own map-vs-Pool.map figures ([`map::COURSE_MAP_COMPARE`]), each with its
/// ratio, and the difference in n said when there is one.
fn course_reference(report: &MapReport, speedup: Option<f64>) -> Html {
    let course = &map::COURSE_MAP_COMPARE;
    // The course squared its numbers: only the same work is put beside its figures.
    if report.config.workload != map::Workload::Square {
        return Html::default();
    }
    let (Some(par), Some(speedup)) = (&report.parallel, speedup) else { return Html::default() };
    let n = report.config.n;
    html! {
        <div class="table-scroll" tabindex="0">
            <table class="reference">
                if n != course.n {
                    <caption>{ format!("The course timed n = {}; set n = 10M to compare like with like.", group(course.n)) }</caption>
                }
                <thead><tr>
                    <th>{ "beside the course" }</th><th>{ "n" }</th><th>{ "sequential" }</th><th>{ "parallel" }</th><th>{ "ratio" }</th>
                </tr></thead>
                <tbody>
                    <tr>
                        <th scope="row">{ format!("this run: Rust, {}, this device", count(par.threads, "thread")) }</th>
                        <td class="num">{ group(n) }</td>
                        <td class="num">{ format_ms(report.sequential.summary.median_ms) }</td>
                        <td class="num">{ format_ms(par.summary.median_ms) }</td>
                        <td class="num">{ format!("{speedup:.2}×") }</td>
                    </tr>
                    <tr data-testid="reference-row">
                        <th scope="row">{ "the course's machine, Python (squares: map against Pool.map)" }</th>
                        <td class="num">{ group(course.n) }</td>
                        <td class="num">{ format!("{} ms", course.sequential_ms) }</td>
                        <td class="num">{ format!("{} ms", course.pool_map_ms) }</td>
                        <td class="num">{ format!("{:.2}×", course.sequential_ms / course.pool_map_ms) }</td>
                    </tr>
                </tbody>
            </table>
        </div>
    }
}

/// The kernels' verdict on the whole report, with the device's measured parallelism and the
/// worst quality mark of the timed rows.
fn verdict(report: &MapReport, record: &RunRecord) -> String {
    let marks = std::iter::once(&report.sequential).chain(&report.parallel).map(|t| record.quality(&t.samples_ms));
    let quality = marks.clone().find(|q| *q != Quality::Clean).unwrap_or(Quality::Clean);
    map::verdict_of(report, record.cores.map(|m| m.measured.get()), quality)
}

pub(super) struct SweepViewProps {
    pub(super) sweep: Shared<SweepReport>,
    pub(super) record: RunRecord,
    pub(super) cores: usize,
}

pub(super) fn sweep_view(props: &SweepViewProps) -> Html {
    let baseline = &props.sweep.sequential.summary;
    let points: Vec<SpeedupPoint> = props
        .sweep
        .points
        .iter()
        .map(|p| SpeedupPoint {
            x: p.threads,
            speedup: stats::speedup(baseline, &p.summary).unwrap_or(0.0),
            ms: p.summary.median_ms,
            correct: p.correct,
        })
        .collect();
    let (run_start, run_end) = props.record.epoch_attributes();
    let timed = std::iter::once(("sequential".to_owned(), props.sweep.sequential.samples_ms.clone()))
        .chain(props.sweep.points.iter().map(|p| (format!("k = {}", p.threads), p.samples_ms.clone())))
        .collect::<Vec<_>>();
    html! {
        <section class="sweep" data-testid="sweep-results" data-run-start={run_start} data-run-end={run_end}>
            <h3>{ format!("Speedup vs threads (sequential median {})", format_ms(baseline.median_ms)) }</h3>
            { quality_advice(&props.record, &timed) }
            { speedup_chart(&[Series { name: "parallel map".into(), colour: "#0b63a8", points: points.clone() }], None, XAxis::Threads { cores: props.cores }) }
            if let Some(verdict) = past_the_cores(&points.iter().map(|p| (p.x, p.speedup)).collect::<Vec<_>>(), props.cores) {
                <p class="verdict" data-testid="oversubscription-verdict">{ verdict }</p>
            }
            <p class="legend">
                <span class="legend-item"><i class="line-measured"></i>{ "measured" }</span>
                <span class="legend-item"><i class="line-ideal"></i>{ "ideal (k×)" }</span>
                { for points.iter().map(|p| html! {
                    <span class="legend-item">{ format!("k = {}: {:.2}×{}", p.x, p.speedup, if p.correct { "" } else { " (output differs!)" }) }</span>
                }) }
            </p>
        </section>
    }
}

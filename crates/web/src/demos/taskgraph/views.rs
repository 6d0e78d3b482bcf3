//! The task graph's results: the table with work, span and Brent's bounds, the error a raising
//! task re-raises, the graph with its critical path, and the scheduled run's Gantt chart.

use parlab_kernels::params::group;
use parlab_kernels::stats;
use parlab_kernels::taskgraph::{RunOutcome, TaskGraph, TaskGraphReport, Variant};
use parlab_kernels::verdict::count;
use yew::prelude::*;

use super::drawing::{Picture, graph_svg};
use crate::platform::shared::Shared;
use crate::shell::charts::svg::{Fixed, Svg};
use crate::shell::charts::{drawing_width, format_ms, swatch, thread_colour};
use crate::shell::run_record::RunRecord;

/// A function, not a component: it redraws only when its run changes.
pub fn results(report: &Shared<TaskGraphReport>, record: RunRecord) -> Html {
    let c = report.config;
    let (run_start, run_end) = record.epoch_attributes();
    let timed: Vec<(&str, &[f64])> = report.rows.iter().map(|r| (r.variant.name(), &r.timing.samples_ms[..])).collect();
    let mut critical = vec![false; report.graph.len()];
    report.critical.iter().for_each(|&t| critical[t] = true);
    let mut ran_on = vec![None; report.graph.len()];
    report.last.records.iter().for_each(|r| ran_on[r.task] = Some(r.thread));
    let states: Vec<_> = report.last.states.iter().copied().zip(ran_on).collect();
    let threads = c.threads.get();
    let picture = Picture {
        graph: &report.graph,
        states: &states,
        critical: &critical,
        width: drawing_width(),
        label: format!(
            "the {} graph, {} by depth, coloured by the thread that ran each; the critical path of {} outlined",
            c.shape.name(),
            count(report.graph.len(), "task"),
            count(report.critical.len(), "task")
        ),
        tooltips: true,
    };
    let path: Vec<String> = report.critical.iter().map(|&t| report.graph.tasks[t].name.to_string()).collect();
    html! {
        <section class="results" data-testid="results" data-run-start={run_start} data-run-end={run_end}>
            <h3>{ format!("Results: {} of size {} ({}), cost {}, {}, {} (medians; a warm-up is not counted)", c.shape.name(), group(c.size), count(report.graph.len(), "task"), group(c.cost as usize), count(threads, "thread"), count(c.repeats.get(), "repeat")) }</h3>
            if let Err(failure) = report.result() {
                <p class="notice error" data-testid="error" role="alert" data-task={failure.name.to_string()}
                   data-cancelled={failure.cancelled.to_string()}>{ failure.message() }</p>
            }
            { record.verdict_line(report.verdict.clone(), &timed) }
            { table(report, record) }
            <p class="note">
                { "Work W: every task's time in the sequential runs (its fastest), added up. Span S: the longest chain of tasks each needing the one before, by the same times. No schedule on k threads beats max(W/k, S); one that never leaves a thread idle while a task is ready needs at most W/k + S (Brent's bound)." }
            </p>
            <h4>{ "The graph, one row per depth; the critical path outlined" }</h4>
            <figure class="graph-figure">
                { graph_svg(&picture, "task-graph") }
                <figcaption>
                    { legend(threads) }
                    <span class="critical-path">{ format!("Critical path ({}): {}", duration_of(report), shorten(&path)) }</span>
                </figcaption>
            </figure>
            <h4>{ "The last scheduled run: each task as a bar on the thread that ran it" }</h4>
            { gantt(&report.graph, &report.last, &critical, threads) }
        </section>
    }
}

fn duration_of(report: &TaskGraphReport) -> String {
    format!("S = {}", format_ms(report.span_ms))
}

/// A long path as its first and last few names.
fn shorten(names: &[String]) -> String {
    if names.len() <= 12 {
        names.join(" → ")
    } else {
        format!("{} → … {} more … → {}", names[..5].join(" → "), names.len() - 10, names[names.len() - 5..].join(" → "))
    }
}

fn legend(threads: usize) -> Html {
    html! {
        <span class="legend">
            { for (0..threads).map(|t| html! { <span class="legend-item">{ swatch(thread_colour(t)) }{ format!("thread {t}") }</span> }) }
            <span class="legend-item">{ "hollow: cancelled; red: raised" }</span>
        </span>
    }
}

fn table(report: &TaskGraphReport, record: RunRecord) -> Html {
    let baseline = report.row(Variant::Sequential).map(|r| r.timing.summary);
    let dash = || "–".to_owned();
    let cancelled = report.last.cancelled();
    html! {
        <div class="table-scroll" tabindex="0">
            <table>
                <thead><tr>
                    <th>{ "variant" }</th><th>{ "threads" }</th><th>{ "median" }</th><th>{ "speedup" }</th>
                    <th>{ "work W" }</th><th>{ "span S" }</th><th>{ "W/S" }</th><th>{ "Brent's bounds" }</th>
                    <th>{ "cancelled" }</th><th>{ "output" }</th><th>{ "timing" }</th>
                </tr></thead>
                <tbody>
                    { for report.rows.iter().map(|row| {
                        let s = &row.timing.summary;
                        let scheduled = row.variant == Variant::Scheduled;
                        let speedup = baseline.and_then(|b| stats::speedup(&b, s));
                        let quality = record.quality(&row.timing.samples_ms).name();
                        let correct = row.timing.correct;
                        let (output_class, output) = if correct { ("ok", "✓ equal") } else { ("bad", "✗ differs") };
                        let ms = |v: f64| format!("{v:.3}");
                        html! {
                            <tr data-testid="result-row" data-variant={row.variant.name()} data-threads={row.timing.threads.to_string()}
                                data-ms={ms(s.median_ms)} data-min-ms={ms(s.min_ms)} data-max-ms={ms(s.max_ms)}
                                data-runs={s.runs.to_string()} data-correct={correct.to_string()} data-quality={quality}
                                data-work-ms={scheduled.then(|| ms(report.work_ms))} data-span-ms={scheduled.then(|| ms(report.span_ms))}
                                data-bound-low-ms={scheduled.then(|| ms(report.bound_low_ms))} data-bound-high-ms={scheduled.then(|| ms(report.bound_high_ms))}
                                data-tasks={scheduled.then(|| report.graph.len().to_string())} data-cancelled={scheduled.then(|| cancelled.to_string())}>
                                <th scope="row">{ row.variant.name() }</th>
                                <td>{ row.timing.threads }</td>
                                <td class="num">{ format_ms(s.median_ms) }</td>
                                <td class="num">{ speedup.map_or_else(dash, |x| format!("{x:.2}×")) }</td>
                                <td class="num">{ format_ms(report.work_ms) }</td>
                                <td class="num">{ format_ms(report.span_ms) }</td>
                                <td class="num">{ format!("{:.2}", parlab_kernels::taskgraph::parallelism(report.work_ms, report.span_ms)) }</td>
                                <td class="num">{ if scheduled { format!("{} … {}", format_ms(report.bound_low_ms), format_ms(report.bound_high_ms)) } else { dash() } }</td>
                                <td class="num">{ cancelled }</td>
                                <td class={output_class}>{ output }</td>
                                <td class={classes!("quality", quality)}>{ quality }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// One lane per thread on the run's time axis; tasks that never ran have no bar.
fn gantt(graph: &TaskGraph, run: &RunOutcome, critical: &[bool], threads: usize) -> Html {
    const WIDTH: f64 = 1000.0;
    const LANE: f64 = 16.0;
    let end_ms = run.wall_ms.max(f64::MIN_POSITIVE);
    let height = LANE * threads.max(1) as f64;
    let mut svg = Svg::new();
    svg.open("svg")
        .attr("class", "task-lanes")
        .attr("viewBox", format!("0 0 {WIDTH} {height}"))
        .attr("preserveAspectRatio", "none")
        .attr("height", height)
        .attr("role", "img")
        .attr("aria-label", "each task that ran as a bar on its thread's lane, across the run's time")
        .start();
    for r in &run.records {
        let on_path = critical.get(r.task).copied().unwrap_or(false);
        svg.open("rect")
            .attr("x", Fixed(WIDTH * r.began_ms / end_ms, 2))
            .attr("y", Fixed(LANE * r.thread as f64 + 1.0, 1))
            .attr("width", Fixed((WIDTH * (r.ended_ms - r.began_ms) / end_ms).max(0.3), 2))
            .attr("height", Fixed(LANE - 2.0, 1))
            .attr("fill", thread_colour(r.thread))
            .attr("class", if on_path { "task critical" } else { "task" })
            .attr("data-task", graph.tasks[r.task].name.to_string())
            .attr("data-thread", r.thread)
            .attr("data-began-ms", Fixed(r.began_ms, 3))
            .attr("data-ended-ms", Fixed(r.ended_ms, 3))
            .empty();
    }
    svg.close("svg");
    html! {
        <figure class="task-gantt" data-testid="task-gantt" data-end-ms={format!("{end_ms:.3}")}>
            <div class="gantt-lanes">
                <span class="lane-names" aria-hidden="true">
                    { for (0..threads).map(|t| html! { <span>{ format!("thread {t}") }</span> }) }
                </span>
                { svg.into_html() }
            </div>
            <div class="lane-axis" aria-hidden="true"><span>{ "0" }</span><span>{ format_ms(end_ms) }</span></div>
            <figcaption>{ "Outlined bars: the critical path. A gap in a lane is a thread with no ready task." }</figcaption>
        </figure>
    }
}

//! The io demo's results: the table with each variant's wait share and loop lag, every lane of
//! the last run in three states, the ticker's lateness on the loops, and the wait-share sweep.

use parlab_kernels::io::{IoReport, Kind, Lanes, MAX_LANES, Variant};
use parlab_kernels::params::group;
use parlab_kernels::stats;
use parlab_kernels::verdict::{count, duration, times};
use yew::prelude::*;

use super::charts::lag_chart;
use crate::platform::shared::Shared;
use crate::shell::charts::svg::{Fixed, Svg};
use crate::shell::charts::{format_ms, swatch};
use crate::shell::run_record::RunRecord;

/// The lanes' three states, their classes (one colour each, in style.css) and their words: the
/// legend is drawn from this table, so it cannot disagree with the bars.
const STATES: [(Kind, &str); 3] = [
    (Kind::Compute, "computing"),
    (Kind::Wait, "waiting (asleep: no core used)"),
    (Kind::Ready, "ready but not running (waiting for the GIL, the loop or a pool thread)"),
];

/// One colour per variant in the charts (Okabe–Ito, as the thread colours).
pub(super) fn colour(variant: Variant) -> &'static str {
    match variant {
        Variant::Sequential => "#555555",
        Variant::Threads => "#0072B2",
        Variant::PythonThreads => "#E69F00",
        Variant::EventLoop => "#009E73",
        Variant::EventLoopBlocking => "#D55E00",
        Variant::LoopPool => "#CC79A7",
    }
}

pub(super) fn legend(variants: &[Variant], testid: &'static str) -> Html {
    html! {
        <p class="legend" data-testid={testid}>
            { for variants.iter().map(|&v| html! { <span class="legend-item">{ swatch(colour(v)) }{ v.name() }</span> }) }
        </p>
    }
}

/// A function, not a component: it redraws only when its run changes.
pub fn results(report: &Shared<IoReport>, record: RunRecord) -> Html {
    let c = report.config;
    let (run_start, run_end) = record.epoch_attributes();
    let timed: Vec<(&str, &[f64])> = report.rows.iter().map(|r| (r.variant.name(), &r.timing.samples_ms[..])).collect();
    html! {
        <section class="results" data-testid="results" data-run-start={run_start} data-run-end={run_end}>
            <h3>{ format!("Results: {} × ({} computing + {} waiting), k = {}, {} (medians)", count(c.tasks, "task"), duration(c.compute_us / 1e3), duration(c.wait_ms), c.threads, count(c.repeats.get(), "repeat")) }</h3>
            { record.verdict_line(report.verdict.clone(), &timed) }
            { table(report, record) }
            <p class="note">
                { "Threads: the variant's threads (python-threads: one per task, as many as the pool holds; loop+pool: the loop and its pool threads). Wait share: the share of those threads' time spent asleep or in a timed wait. Loop lag: how much later than asked the 10 ms ticker coroutine ran." }
            </p>
            <h4>{ "Every lane of the last timed run: threads, or a loop's coroutines (one time axis for all)" }</h4>
            { lanes(&report.lanes) }
            <h4>{ "How late the loop answered: the ticker's lag over the run" }</h4>
            { lag_chart(report) }
        </section>
    }
}

fn table(report: &IoReport, record: RunRecord) -> Html {
    // Speedups are over sequential, which a page without threads does not run.
    let baseline = report.rows.iter().find(|r| r.variant == Variant::Sequential).map(|r| r.timing.summary);
    let dash = || "–".to_owned();
    html! {
        <div class="table-scroll" tabindex="0">
            <table>
                <thead><tr>
                    <th>{ "variant" }</th><th>{ "threads" }</th><th>{ "median" }</th><th>{ "speedup" }</th>
                    <th>{ "wait share" }</th><th>{ "loop lag (max)" }</th><th>{ "output" }</th><th>{ "timing" }</th>
                </tr></thead>
                <tbody>
                    { for report.rows.iter().map(|row| {
                        let s = &row.timing.summary;
                        let speedup = baseline.and_then(|b| stats::speedup(&b, s));
                        let quality = record.quality(&row.timing.samples_ms).name();
                        let (output_class, output) = if row.correct { ("ok", "✓ equal") } else { ("bad", "✗ differs") };
                        html! {
                            <tr data-testid="result-row" data-variant={row.variant.name()} data-threads={row.timing.threads.to_string()}
                                data-ms={format!("{:.3}", s.median_ms)} data-min-ms={format!("{:.3}", s.min_ms)} data-max-ms={format!("{:.3}", s.max_ms)}
                                data-runs={s.runs.to_string()} data-correct={row.correct.to_string()} data-quality={quality}
                                data-wait-share={format!("{:.3}", row.wait_share)}
                                data-max-lag-ms={row.max_lag_ms.map(|lag| format!("{lag:.3}"))}>
                                <th scope="row">{ row.variant.name() }</th>
                                <td>{ row.timing.threads }</td>
                                <td class="num">{ format_ms(s.median_ms) }</td>
                                <td class="num">{ speedup.map_or_else(dash, times) }</td>
                                <td class="num">{ format!("{:.0} %", 100.0 * row.wait_share) }</td>
                                <td class="num">{ row.max_lag_ms.map_or_else(dash, format_ms) }</td>
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

/// One block of lanes per variant on one time axis: bars of the three states, lane labels and
/// the axis as page text (they read at any width), only the bars drawn and stretched.
fn lanes(all: &[Lanes]) -> Html {
    const W: f64 = 1000.0;
    let end = all.iter().map(|l| l.wall_ms).fold(0.0, f64::max).max(f64::MIN_POSITIVE);
    let x = |ms: f64| W * ms / end;
    let block = |lanes: &Lanes| {
        let shown = lanes.lanes.min(MAX_LANES);
        let name = if lanes.variant.has_loop() { "task" } else { "thread" };
        let lane = |lane: usize| {
            let mut svg = Svg::new();
            svg.open("svg")
                .attr("class", "lane-track")
                .attr("viewBox", format!("0 0 {W} 1"))
                .attr("preserveAspectRatio", "none")
                .attr("aria-hidden", "true")
                .start();
            for span in lanes.spans.iter().filter(|s| s.lane == lane) {
                svg.open("rect")
                    .attr("class", span.kind.name())
                    .attr("x", Fixed(x(span.began_ms), 2))
                    .attr("y", 0usize)
                    .attr("width", Fixed((x(span.ended_ms) - x(span.began_ms)).max(0.8), 2))
                    .attr("height", 1usize)
                    .attr("data-lane", lane)
                    .attr("data-kind", span.kind.name())
                    .attr("data-began-ms", Fixed(span.began_ms, 3))
                    .attr("data-ended-ms", Fixed(span.ended_ms, 3))
                    .empty();
            }
            svg.close("svg");
            html! {
                <div class="lane">
                    <span class="lane-label">{ format!("{name} {lane}") }</span>
                    { svg.into_html() }
                </div>
            }
        };
        let on = if lanes.variant.has_loop() {
            format!("{} on 1 thread", count(lanes.lanes, "coroutine"))
        } else {
            count(lanes.lanes, "thread")
        };
        html! { <>
            <p class="lane-title">{ format!("{} · {} · {on}", lanes.variant.name(), format_ms(lanes.wall_ms)) }
                if lanes.lanes > shown { { format!(" (the first {shown} shown)") } }
                if lanes.spans_total > lanes.spans.len() { { format!(" (the first {} of {} spans drawn)", group(lanes.spans.len()), group(lanes.spans_total)) } }
            </p>
            <figure class="lanes" data-variant={lanes.variant.name()} data-lanes={lanes.lanes.to_string()} role="img"
                    aria-label={format!("{}: what each {name} was doing, in three states", lanes.variant.name())}>
                { for (0..shown).map(lane) }
                <div class="lane-axis" aria-hidden="true"><span>{ "0" }</span><span>{ format_ms(end) }</span></div>
            </figure>
        </> }
    };
    html! {
        <div class="io-lanes" data-testid="io-lanes" data-end-ms={format!("{end:.3}")}>
            { for all.iter().map(block) }
            <p class="legend" data-testid="io-lanes-legend">
                { for STATES.iter().map(|(kind, words)| html! {
                    <span class="legend-item" data-kind={kind.name()}>
                        <svg class="swatch" viewBox="0 0 1 1" aria-hidden="true"><rect width="1" height="1" class={kind.name()} /></svg>
                        { *words }
                    </span>
                }) }
            </p>
        </div>
    }
}

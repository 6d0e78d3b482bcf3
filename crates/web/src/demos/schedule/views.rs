//! The scheduling lab's results: the table with imbalance, idle time and the lower bound, the
//! task-by-task timeline of every variant on one time axis, and the chunk sweep's U.

use parlab_kernels::params::group;
use parlab_kernels::schedule::{ChunkSweep, ScheduleConfig, ScheduleReport, Timeline};
use parlab_kernels::stats;
use parlab_kernels::verdict::count;
use yew::prelude::*;

use super::picture::FinalPicture;
use crate::platform::shared::Shared;
use crate::shell::charts::svg::{Fixed, Svg};
use crate::shell::charts::{drawing_width, format_ms, thread_colour};
use crate::shell::run_record::RunRecord;

/// A function, not a component: it redraws only when its run changes.
pub fn results(report: &Shared<ScheduleReport>, record: RunRecord) -> Html {
    let c = report.config;
    let (run_start, run_end) = record.epoch_attributes();
    let timed: Vec<(&str, &[f64])> = report.rows.iter().map(|r| (r.variant.name(), &r.timing.samples_ms[..])).collect();
    html! {
        <section class="results" data-testid="results" data-run-start={run_start} data-run-end={run_end}>
            <h3>{ format!("Results: {} {}, {}, chunk {}, {} (medians; a warm-up is not counted)", group(c.tasks), if c.work.name() == "mandelbrot" { "rows" } else { "tasks" }, count(c.threads.get(), "thread"), c.chunk, count(c.repeats.get(), "repeat")) }</h3>
            { record.verdict_line(report.verdict.clone(), &timed) }
            { table(report, record) }
            <p class="note">
                { "Lower bound: no schedule on k threads can beat the larger of (all the work ÷ k) and the largest single task, taken from the sequential run's task times. Imbalance: the busiest thread's working time ÷ the mean. Moved: tasks that ran on another thread than the one block would have given them." }
            </p>
            if report.picture.is_some() {
                <h4>{ "The image, each row coloured by the thread that computed it" }</h4>
                <FinalPicture report={report.clone()} />
            }
            <h4>{ "Every task of the last timed run, as a bar on the thread that ran it (one time axis for all)" }</h4>
            { timelines(&report.timelines) }
        </section>
    }
}

fn table(report: &ScheduleReport, record: RunRecord) -> Html {
    let baseline = report.rows.first().map(|r| r.timing.summary);
    let dash = || "–".to_owned();
    html! {
        <div class="table-scroll" tabindex="0">
            <table>
                <thead><tr>
                    <th>{ "variant" }</th><th>{ "threads" }</th><th>{ "median" }</th><th>{ "speedup" }</th>
                    <th>{ "imbalance" }</th><th>{ "idle" }</th><th>{ "× lower bound" }</th><th>{ "moved" }</th>
                    <th>{ "output" }</th><th>{ "timing" }</th>
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
                                data-imbalance={format!("{:.3}", row.imbalance)} data-idle-pct={format!("{:.1}", row.idle_pct)}
                                data-bound-ms={format!("{:.3}", row.bound_ms)} data-moved={row.moved.map(|m| m.to_string())}>
                                <th scope="row">{ row.variant.name() }</th>
                                <td>{ row.timing.threads }</td>
                                <td class="num">{ format_ms(s.median_ms) }</td>
                                <td class="num">{ speedup.map_or_else(dash, |x| format!("{x:.2}×")) }</td>
                                <td class="num">{ format!("{:.2}", row.imbalance) }</td>
                                <td class="num">{ format!("{:.0} %", row.idle_pct) }</td>
                                <td class="num">{ format!("{:.2}× of {}", row.bound_ratio, format_ms(row.bound_ms)) }</td>
                                <td class="num">{ row.moved.map_or_else(dash, |m| m.to_string()) }</td>
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

/// One block of lanes per variant, every block on the same time axis, so a variant that left
/// threads idle shows a shorter bar beside a long one, and a slower variant runs further right.
fn timelines(timelines: &[Timeline]) -> Html {
    const WIDTH: f64 = 1000.0;
    const LANE: f64 = 12.0;
    let end_ms = timelines.iter().map(|t| t.wall_ms).fold(0.0, f64::max).max(f64::MIN_POSITIVE);
    html! {
        <figure class="schedule-timeline" data-testid="schedule-timeline" data-end-ms={format!("{end_ms:.3}")}>
            { for timelines.iter().map(|timeline| {
                let height = LANE * timeline.threads.max(1) as f64;
                let mut svg = Svg::new();
                svg.open("svg")
                    .attr("class", "chart task-lanes")
                    .attr("viewBox", format!("0 0 {WIDTH} {height}"))
                    .attr("preserveAspectRatio", "none")
                    .attr("role", "img")
                    .attr("aria-label", format!("{}: each task as a bar on the thread that ran it", timeline.variant.name()))
                    .start();
                svg.open("g").attr("data-variant", timeline.variant.name()).start();
                for r in &timeline.tasks {
                    svg.open("rect")
                        .attr("x", Fixed(WIDTH * r.began_ms / end_ms, 2))
                        .attr("y", Fixed(LANE * r.thread as f64 + 1.0, 1))
                        .attr("width", Fixed((WIDTH * (r.ended_ms - r.began_ms) / end_ms).max(0.3), 2))
                        .attr("height", Fixed(LANE - 2.0, 1))
                        .attr("fill", thread_colour(r.thread))
                        .attr("class", if r.task % 2 == 0 { "task" } else { "task odd" })
                        .attr("data-thread", r.thread)
                        .attr("data-task", r.task)
                        .attr("data-began-ms", Fixed(r.began_ms, 3))
                        .attr("data-ended-ms", Fixed(r.ended_ms, 3))
                        .empty();
                }
                svg.close("g");
                svg.close("svg");
                html! {
                    <div class="variant-lanes">
                        <span class="lane-title">{ format!("{} · {} · {}", timeline.variant.name(), format_ms(timeline.wall_ms), count(timeline.threads, "thread")) }</span>
                        { svg.into_html() }
                    </div>
                }
            }) }
            <div class="lane-axis" aria-hidden="true"><span>{ "0" }</span><span>{ format_ms(end_ms) }</span></div>
        </figure>
    }
}

/// Dynamic's time against its chunk on a log axis: the U between hand-out cost (left) and
/// imbalance (right), its lowest point marked.
pub fn sweep_chart(config: &ScheduleConfig, sweep: &ChunkSweep) -> Html {
    let w = drawing_width().min(620.0);
    const H: f64 = 240.0;
    const LEFT: f64 = 56.0;
    const RIGHT: f64 = 16.0;
    const TOP: f64 = 14.0;
    const BOTTOM: f64 = 40.0;
    let points: Vec<(usize, f64, bool)> =
        sweep.points.iter().map(|p| (p.chunk, p.timing.summary.median_ms, p.timing.correct)).collect();
    let top_ms = points.iter().map(|p| p.1).fold(0.0, f64::max).max(f64::MIN_POSITIVE) * 1.1;
    let last = points.len().saturating_sub(1).max(1) as f64;
    let x = |i: usize| LEFT + (w - LEFT - RIGHT) * i as f64 / last;
    let y = |ms: f64| TOP + (H - TOP - BOTTOM) * (1.0 - ms / top_ms);
    let mut svg = Svg::new();
    svg.open("svg")
        .attr("class", "chart chunk-sweep")
        .attr("data-testid", "chunk-sweep-chart")
        .attr("data-best-chunk", sweep.best_chunk)
        .attr("viewBox", format!("0 0 {w:.0} {H}"))
        .attr("role", "img")
        .attr("aria-label", format!("dynamic's median time at each chunk size; the best is chunk {}", sweep.best_chunk))
        .start();
    svg.open("line")
        .attr("class", "axis")
        .attr("x1", LEFT)
        .attr("x2", Fixed(w - RIGHT, 1))
        .attr("y1", Fixed(H - BOTTOM, 1))
        .attr("y2", Fixed(H - BOTTOM, 1))
        .empty();
    svg.open("line")
        .attr("class", "axis")
        .attr("x1", LEFT)
        .attr("x2", LEFT)
        .attr("y1", TOP)
        .attr("y2", Fixed(H - BOTTOM, 1))
        .empty();
    svg.open("text").attr("x", Fixed(LEFT - 6.0, 1)).attr("y", Fixed(TOP + 4.0, 1)).attr("text-anchor", "end").start();
    svg.text(&format_ms(top_ms));
    svg.close("text");
    svg.open("text").attr("x", Fixed(LEFT - 6.0, 1)).attr("y", Fixed(H - BOTTOM, 1)).attr("text-anchor", "end").start();
    svg.text("0");
    svg.close("text");
    let label_every = points.len().div_ceil(6).max(1);
    let path: Vec<String> = points.iter().enumerate().map(|(i, p)| format!("{:.1},{:.1}", x(i), y(p.1))).collect();
    svg.open("polyline").attr("class", "series-line").attr("points", path.join(" ")).empty();
    for (i, &(chunk, ms, correct)) in points.iter().enumerate() {
        let best = chunk == sweep.best_chunk;
        svg.open("circle")
            .attr("class", if best { "point best" } else { "point" })
            .attr("cx", Fixed(x(i), 1))
            .attr("cy", Fixed(y(ms), 1))
            .attr("r", if best { 6usize } else { 4usize })
            .attr("data-chunk", chunk)
            .attr("data-ms", Fixed(ms, 3))
            .attr("data-correct", if correct { "true" } else { "false" })
            .start();
        svg.element("title", &format!("chunk {chunk}: {}", format_ms(ms)));
        svg.close("circle");
        if i % label_every == 0 || i + 1 == points.len() || best {
            svg.open("text")
                .attr("x", Fixed(x(i), 1))
                .attr("y", Fixed(H - BOTTOM + 16.0, 1))
                .attr("text-anchor", "middle")
                .start();
            svg.text(&group(chunk));
            svg.close("text");
        }
    }
    svg.open("text")
        .attr("x", Fixed((LEFT + w - RIGHT) / 2.0, 1))
        .attr("y", Fixed(H - 4.0, 1))
        .attr("text-anchor", "middle")
        .start();
    svg.text("chunk (tasks per hand-out, doubling)");
    svg.close("text");
    svg.close("svg");
    let best_ms = points.iter().find(|p| p.0 == sweep.best_chunk).map_or(0.0, |p| p.1);
    html! {
        <section class="results sweep" data-testid="sweep-results">
            <h3>{ format!("dynamic on {} tasks and {}, at every chunk", group(config.tasks), count(config.threads.get(), "thread")) }</h3>
            { svg.into_html() }
            <p class="verdict" data-testid="sweep-verdict">
                { format!("Fastest at chunk {} ({}). To its left each task costs a trip to the shared counter; to its right the last chunks leave threads idle.", group(sweep.best_chunk), format_ms(best_ms)) }
            </p>
        </section>
    }
}

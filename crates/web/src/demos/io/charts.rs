//! The io demo's two line charts: the ticker's lag on each loop over the run, and the wait-share
//! sweep's speedups.

use parlab_kernels::io::{IoReport, SWEEP_SHARES, SWEPT, TICK_MS, Variant, WaitSweep};
use parlab_kernels::verdict::{duration, times};
use yew::prelude::*;

use super::views::{colour, legend};
use crate::platform::shared::Shared;
use crate::shell::charts::drawing_width;
use crate::shell::charts::svg::{Fixed, Svg};

const H: f64 = 220.0;
const LEFT: f64 = 72.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 40.0;

/// Axes, the top value's label, and the x axis's title.
fn frame(svg: &mut Svg, w: f64, top: &str, x_title: &str) {
    for (x1, y1, x2, y2) in [(LEFT, H - BOTTOM, w - RIGHT, H - BOTTOM), (LEFT, TOP, LEFT, H - BOTTOM)] {
        svg.open("line")
            .attr("class", "axis")
            .attr("x1", Fixed(x1, 1))
            .attr("y1", Fixed(y1, 1))
            .attr("x2", Fixed(x2, 1))
            .attr("y2", Fixed(y2, 1))
            .empty();
    }
    for (y, label) in [(TOP + 4.0, top), (H - BOTTOM, "0")] {
        svg.open("text").attr("x", Fixed(LEFT - 6.0, 1)).attr("y", Fixed(y, 1)).attr("text-anchor", "end").start();
        svg.text(label).close("text");
    }
    svg.open("text")
        .attr("x", Fixed((LEFT + w - RIGHT) / 2.0, 1))
        .attr("y", Fixed(H - 4.0, 1))
        .attr("text-anchor", "middle")
        .start();
    svg.text(x_title).close("text");
}

/// Each loop's ticker lag against when it asked to run: flat near zero while the loop is free,
/// a tall tooth where one coroutine held it.
pub fn lag_chart(report: &IoReport) -> Html {
    let w = drawing_width().min(620.0);
    let rows: Vec<_> = report.rows.iter().filter(|r| r.variant.has_loop()).collect();
    let end =
        rows.iter().flat_map(|r| r.ticks.iter().map(|t| t.planned_ms + t.lag_ms)).fold(0.0, f64::max).max(TICK_MS);
    let top = rows.iter().filter_map(|r| r.max_lag_ms).fold(0.0, f64::max).max(1.0) * 1.1;
    let x = |ms: f64| LEFT + (w - LEFT - RIGHT) * ms / end;
    let y = |ms: f64| TOP + (H - TOP - BOTTOM) * (1.0 - ms / top);
    let mut svg = Svg::new();
    svg.open("svg")
        .attr("class", "chart loop-lag")
        .attr("data-testid", "loop-lag")
        .attr("viewBox", format!("0 0 {w:.0} {H}"))
        .attr("role", "img")
        .attr("aria-label", "how late each loop's 10 ms ticker ran, over the run")
        .start();
    frame(&mut svg, w, &duration(top), "time in the run (when the tick was due)");
    for row in &rows {
        svg.open("g")
            .attr("data-variant", row.variant.name())
            .attr("data-max-lag-ms", Fixed(row.max_lag_ms.unwrap_or(0.0), 3))
            .attr("data-ticks", row.ticks.len())
            .start();
        let points: Vec<String> =
            row.ticks.iter().map(|t| format!("{:.1},{:.1}", x(t.planned_ms), y(t.lag_ms))).collect();
        svg.open("polyline")
            .attr("class", "series-line")
            .attr("stroke", colour(row.variant))
            .attr("points", points.join(" "))
            .empty();
        // A loop that never let the ticker run has one tick: a point, where a line shows nothing.
        for tick in &row.ticks {
            svg.open("circle")
                .attr("class", "tick")
                .attr("fill", colour(row.variant))
                .attr("cx", Fixed(x(tick.planned_ms), 1))
                .attr("cy", Fixed(y(tick.lag_ms), 1))
                .attr("r", 2.5)
                .empty();
        }
        svg.close("g");
    }
    svg.open("text")
        .attr("class", "axis")
        .attr("x", Fixed(w - RIGHT, 1))
        .attr("y", Fixed(H - BOTTOM + 16.0, 1))
        .attr("text-anchor", "end")
        .start();
    svg.text(&duration(end)).close("text");
    svg.close("svg");
    let variants: Vec<Variant> = rows.iter().map(|r| r.variant).collect();
    html! { <>
        { svg.into_html() }
        { legend(&variants, "loop-lag-legend") }
    </> }
}

/// Speedup over sequential at each wait share, one line per swept variant: the threads flat at
/// about k, the GIL's threads and the loop climbing from 1× as the waiting grows.
pub fn sweep_chart(sweep: &Shared<WaitSweep>) -> Html {
    let w = drawing_width().min(620.0);
    let top = sweep.points.iter().map(|p| p.speedup).fold(1.0, f64::max) * 1.1;
    let last = (SWEEP_SHARES.len() - 1) as f64;
    let x = |share: u32| {
        let i = SWEEP_SHARES.iter().position(|&s| s == share).unwrap_or(0) as f64;
        LEFT + (w - LEFT - RIGHT) * i / last
    };
    let y = |speedup: f64| TOP + (H - TOP - BOTTOM) * (1.0 - speedup / top);
    let mut svg = Svg::new();
    svg.open("svg")
        .attr("class", "chart wait-sweep")
        .attr("data-testid", "wait-sweep-chart")
        .attr("viewBox", format!("0 0 {w:.0} {H}"))
        .attr("role", "img")
        .attr("aria-label", "speedup over sequential at each share of waiting")
        .start();
    frame(&mut svg, w, &times(top), "share of each task's time spent waiting");
    svg.open("line")
        .attr("class", "one")
        .attr("x1", LEFT)
        .attr("x2", Fixed(w - RIGHT, 1))
        .attr("y1", Fixed(y(1.0), 1))
        .attr("y2", Fixed(y(1.0), 1))
        .empty();
    for share in SWEEP_SHARES {
        svg.open("text")
            .attr("x", Fixed(x(share), 1))
            .attr("y", Fixed(H - BOTTOM + 16.0, 1))
            .attr("text-anchor", "middle")
            .start();
        svg.text(&format!("{share} %")).close("text");
    }
    for variant in SWEPT {
        let points: Vec<_> = sweep.points.iter().filter(|p| p.variant == variant).collect();
        svg.open("g").attr("data-variant", variant.name()).start();
        let line: Vec<String> = points.iter().map(|p| format!("{:.1},{:.1}", x(p.share_pct), y(p.speedup))).collect();
        svg.open("polyline")
            .attr("class", "series-line")
            .attr("stroke", colour(variant))
            .attr("points", line.join(" "))
            .empty();
        for p in points {
            svg.open("circle")
                .attr("class", "point")
                .attr("fill", colour(variant))
                .attr("cx", Fixed(x(p.share_pct), 1))
                .attr("cy", Fixed(y(p.speedup), 1))
                .attr("r", 4usize)
                .attr("data-variant", variant.name())
                .attr("data-wait-share", p.share_pct)
                .attr("data-speedup", Fixed(p.speedup, 3))
                .attr("data-correct", if p.correct { "true" } else { "false" })
                .start();
            svg.element("title", &format!("{} at {} % waiting: {}", variant.name(), p.share_pct, times(p.speedup)));
            svg.close("circle");
        }
        svg.close("g");
    }
    svg.close("svg");
    let at = |variant: Variant, share: u32| {
        sweep.points.iter().find(|p| p.variant == variant && p.share_pct == share).map_or(0.0, |p| p.speedup)
    };
    let (none, most) = (SWEEP_SHARES[0], SWEEP_SHARES[SWEEP_SHARES.len() - 1]);
    html! {
        <section class="results sweep" data-testid="sweep-results">
            <h3>{ format!("Each task {} in all, from all computing to {most} % waiting", duration(sweep.task_ms)) }</h3>
            { svg.into_html() }
            { legend(&SWEPT, "wait-sweep-legend") }
            <p class="verdict" data-testid="sweep-verdict">
                { format!(
                    "With no waiting the event loop ran {} and the Python threads {} (computing takes turns), the blocking threads {}; at {most} % waiting the loop ran {} and the Python threads {}, while the threads stayed at {}: only k of their waits overlap at once.",
                    times(at(Variant::EventLoop, none)), times(at(Variant::PythonThreads, none)), times(at(Variant::Threads, none)),
                    times(at(Variant::EventLoop, most)), times(at(Variant::PythonThreads, most)), times(at(Variant::Threads, most)),
                ) }
            </p>
        </section>
    }
}

use std::collections::BTreeMap;

use parlab_kernels::sort_merge::{Phase, Span};
use yew::prelude::*;

use super::svg::{Fixed, Svg};
use super::{format_ms, swatch, time_axis};

/// One variant's spans, drawn as a block of lanes.
#[derive(Clone, PartialEq)]
pub struct PhaseRow {
    pub label: String,
    pub spans: Vec<Span>,
}

pub fn phase_colour(phase: Phase) -> &'static str {
    const ROUNDS: [&str; 4] = ["#009E73", "#E69F00", "#CC79A7", "#56B4E9"];
    match phase {
        Phase::Sort => "#8a8f98",
        Phase::ChunkSort => "#0072B2",
        Phase::KwayMerge => "#D55E00",
        Phase::MergeRound(round) => ROUNDS[(round.max(1) as usize - 1) % ROUNDS.len()],
    }
}

pub fn phase_label(phase: Phase) -> String {
    match phase {
        Phase::Sort => "whole sort".into(),
        Phase::ChunkSort => "sort a chunk".into(),
        Phase::KwayMerge => "k-way heap merge (one thread)".into(),
        Phase::MergeRound(round) => format!("merge round {round}"),
    }
}

/// Per variant, one lane per thread with a bar per span, all on one time scale, so a long
/// single-threaded merge shows as exactly that: one long bar with the other lanes empty.
pub fn phase_timeline(rows: &[PhaseRow]) -> Html {
    let w = super::drawing_width();
    const LANE: f64 = 20.0;
    const TITLE: f64 = 22.0;
    // The lane labels' column, narrower on a phone.
    let label_width = (0.3 * w).min(150.0);
    let end = rows.iter().flat_map(|r| r.spans.iter()).map(|s| s.ended_ms).fold(0.0, f64::max).max(f64::MIN_POSITIVE);
    let x = |ms: f64| label_width + (w - label_width - 70.0) * ms / end;
    let mut top = 0.0;
    let mut blocks = Svg::new();
    let mut phases: Vec<Phase> = Vec::new();
    for row in rows {
        let mut lanes: BTreeMap<usize, Vec<&Span>> = BTreeMap::new();
        for span in &row.spans {
            lanes.entry(span.thread).or_default().push(span);
            if !phases.contains(&span.phase) {
                phases.push(span.phase);
            }
        }
        let total = row.spans.iter().map(|s| s.ended_ms).fold(0.0, f64::max);
        blocks.open("g").attr("class", "phase-row").attr("data-variant", &row.label).start();
        blocks.open("text").attr("class", "row-title").attr("x", 4usize).attr("y", top + 15.0).start();
        blocks.text(&row.label).close("text");
        blocks
            .open("text")
            .attr("class", "value")
            .attr("x", Fixed(x(total) + 6.0, 1))
            .attr("y", top + TITLE + 14.0)
            .start();
        blocks.text(&format_ms(total)).close("text");
        for (lane, (&thread, spans)) in lanes.iter().enumerate() {
            let lane_top = top + TITLE + lane as f64 * LANE;
            blocks.open("g").start();
            blocks.open("text").attr("class", "axis").attr("x", 16usize).attr("y", lane_top + 14.0).start();
            blocks.text(&format!("thread {thread}")).close("text");
            blocks
                .open("line")
                .attr("class", "lane")
                .attr("x1", Fixed(x(0.0), 1))
                .attr("x2", Fixed(x(end), 1))
                .attr("y1", lane_top + 10.0)
                .attr("y2", lane_top + 10.0)
                .empty();
            for s in spans {
                blocks
                    .open("rect")
                    .attr("x", Fixed(x(s.began_ms), 2))
                    .attr("y", lane_top + 2.0)
                    .attr("width", Fixed((x(s.ended_ms) - x(s.began_ms)).max(1.0), 2))
                    .attr("height", LANE - 4.0)
                    .attr("fill", phase_colour(s.phase))
                    .start();
                blocks.element(
                    "title",
                    &format!("{}: {} (thread {thread})", phase_label(s.phase), format_ms(s.ended_ms - s.began_ms)),
                );
                blocks.close("rect");
            }
            blocks.close("g");
        }
        blocks.close("g");
        top += TITLE + LANE * lanes.len().max(1) as f64 + 10.0;
    }
    let mut svg = Svg::new();
    svg.open("svg")
        .attr("class", "chart")
        .attr("viewBox", format!("0 0 {w} {}", top + 16.0))
        .attr("role", "img")
        .attr("aria-label", "what each thread did, per variant")
        .start();
    svg.append(blocks);
    time_axis(&mut svg, label_width, x(end), top + 10.0, end);
    svg.close("svg");
    html! {
        <figure class="phases" data-testid="phase-timeline" data-rows={rows.len().to_string()}>
            { svg.into_html() }
            <figcaption class="legend">
                { for phases.iter().map(|&p| html! { <span class="legend-item">{ swatch(phase_colour(p)) }{ phase_label(p) }</span> }) }
                <span class="legend-item">{ "gaps: the thread had nothing to do" }</span>
            </figcaption>
        </figure>
    }
}

use std::collections::BTreeMap;

use parlab_kernels::sort_merge::{Phase, Span};
use yew::prelude::*;

use super::{escape, format_ms};

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
    const W: f64 = 1000.0;
    const LANE: f64 = 20.0;
    const TITLE: f64 = 22.0;
    const LABEL: f64 = 150.0;
    let end = rows.iter().flat_map(|r| r.spans.iter()).map(|s| s.ended_ms).fold(0.0, f64::max).max(f64::MIN_POSITIVE);
    let x = |ms: f64| LABEL + (W - LABEL - 70.0) * ms / end;
    let mut top = 0.0;
    let mut blocks = String::new();
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
        let label = escape(&row.label);
        blocks += &format!(
            r#"<g class="phase-row" data-variant="{label}"><text class="row-title" x="4" y="{}">{label}</text><text class="value" x="{:.1}" y="{}">{}</text>"#,
            top + 15.0,
            x(total) + 6.0,
            top + TITLE + 14.0,
            format_ms(total)
        );
        for (lane, (&thread, spans)) in lanes.iter().enumerate() {
            let lane_top = top + TITLE + lane as f64 * LANE;
            blocks += &format!(
                r#"<g><text class="axis" x="16" y="{}">thread {thread}</text><line class="lane" x1="{:.1}" x2="{:.1}" y1="{}" y2="{}"/>"#,
                lane_top + 14.0,
                x(0.0),
                x(end),
                lane_top + 10.0,
                lane_top + 10.0
            );
            for s in spans {
                blocks += &format!(
                    r#"<rect x="{:.2}" y="{}" width="{:.2}" height="{}" fill="{}"><title>{}: {} (thread {thread})</title></rect>"#,
                    x(s.began_ms),
                    lane_top + 2.0,
                    (x(s.ended_ms) - x(s.began_ms)).max(1.0),
                    LANE - 4.0,
                    phase_colour(s.phase),
                    phase_label(s.phase),
                    format_ms(s.ended_ms - s.began_ms)
                );
            }
            blocks += "</g>";
        }
        blocks += "</g>";
        top += TITLE + LANE * lanes.len().max(1) as f64 + 10.0;
    }
    let svg = format!(
        r#"<svg class="chart" viewBox="0 0 {W} {}" role="img" aria-label="what each thread did, per variant">{blocks}<text class="axis" x="{LABEL}" y="{}">0</text><text class="axis" x="{:.1}" y="{}" text-anchor="end">{}</text></svg>"#,
        top + 16.0,
        top + 10.0,
        x(end),
        top + 10.0,
        format_ms(end)
    );
    let mut legend = String::from(r#"<figcaption class="legend">"#);
    for &p in &phases {
        legend +=
            &format!(r#"<span class="legend-item">{}{}</span>"#, super::swatch_markup(phase_colour(p)), phase_label(p));
    }
    legend += r#"<span class="legend-item">gaps: the thread had nothing to do</span></figcaption>"#;
    html! {
        <figure class="phases" data-testid="phase-timeline" data-rows={rows.len().to_string()}>
            { Html::from_html_unchecked(svg.into()) }
            { Html::from_html_unchecked(legend.into()) }
        </figure>
    }
}

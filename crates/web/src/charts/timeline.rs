use std::collections::BTreeMap;

use parlab_kernels::map::ChunkRecord;
use yew::prelude::*;

use super::{format_ms, thread_colour};

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub chunks: Vec<ChunkRecord>,
}

/// One lane per thread, one bar per chunk from its start to its end: when each thread was busy.
#[component]
pub fn Timeline(props: &TimelineProps) -> Html {
    const W: f64 = 1000.0;
    const LANE: f64 = 26.0;
    const LABEL: f64 = 90.0;
    let mut lanes: BTreeMap<usize, Vec<(f64, f64)>> = BTreeMap::new();
    for chunk in &props.chunks {
        lanes.entry(chunk.thread).or_default().push((chunk.began_ms, chunk.ended_ms));
    }
    let end = props.chunks.iter().map(|c| c.ended_ms).fold(0.0, f64::max).max(f64::MIN_POSITIVE);
    // Few chunks: one bar each, edges visible. Many: bars closer than a pixel merge.
    let merge_gap = if props.chunks.len() <= 400 { f64::NEG_INFINITY } else { end / W };
    let height = LANE * lanes.len() as f64 + 20.0;
    let x = |ms: f64| LABEL + (W - LABEL - 10.0) * ms / end;
    html! {
        <svg class="chart timeline" data-testid="timeline" viewBox={format!("0 0 {W} {height}")} role="img"
             aria-label="when each thread was busy">
            { for lanes.iter().enumerate().map(|(row, (&thread, spans))| {
                let top = row as f64 * LANE;
                let busy: f64 = spans.iter().map(|(a, b)| b - a).sum();
                html! {
                    <g>
                        <text x="4" y={(top + 17.0).to_string()}>{ format!("thread {thread}") }</text>
                        { for merge(spans, merge_gap).into_iter().map(|(a, b)| html! {
                            <rect x={x(a).to_string()} y={(top + 4.0).to_string()} width={(x(b) - x(a)).max(0.8).to_string()}
                                  height={(LANE - 8.0).to_string()} fill={thread_colour(thread)}>
                                <title>{ format!("thread {thread} busy {}", format_ms(busy)) }</title>
                            </rect>
                        }) }
                    </g>
                }
            }) }
            <text class="axis" x={LABEL.to_string()} y={(height - 4.0).to_string()}>{ "0" }</text>
            <text class="axis" x={(W - 10.0).to_string()} y={(height - 4.0).to_string()} text-anchor="end">{ format_ms(end) }</text>
        </svg>
    }
}

fn merge(spans: &[(f64, f64)], gap: f64) -> Vec<(f64, f64)> {
    let mut sorted = spans.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut merged: Vec<(f64, f64)> = Vec::new();
    for (a, b) in sorted {
        match merged.last_mut() {
            Some(last) if a - last.1 <= gap => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    merged
}

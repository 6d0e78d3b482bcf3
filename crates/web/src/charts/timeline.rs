use std::collections::BTreeMap;

use parlab_kernels::map::Span;
use parlab_kernels::ordering::{f64_key, sort_by_u64_key};
use yew::prelude::*;

use super::{format_ms, thread_colour};

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub spans: Vec<Span>,
    /// The `data-testid`.
    #[prop_or(AttrValue::Static("timeline"))]
    pub testid: AttrValue,
    /// Whether bars closer than a pixel may merge (past 400 bars). Off where the gaps between
    /// bars are the lesson, as in the GIL's hand-overs.
    #[prop_or(true)]
    pub merge_close: bool,
    #[prop_or(AttrValue::Static("when each thread was busy"))]
    pub label: AttrValue,
    /// Times a thread waited for the others (a barrier), drawn grey in its lane as
    /// `rect.wait` with the same data attributes.
    #[prop_or_default]
    pub waits: Vec<Span>,
}

/// One lane per thread, one bar per span from its start to its end: when each thread was busy.
/// Every bar carries `data-thread`, `data-began-ms` and `data-ended-ms`; waits, if any, are
/// grey bars of class `wait` in the same lanes.
#[component]
pub fn Timeline(props: &TimelineProps) -> Html {
    const W: f64 = 1000.0;
    const LANE: f64 = 26.0;
    const LABEL: f64 = 90.0;
    let mut lanes: BTreeMap<usize, Lane> = BTreeMap::new();
    for span in &props.spans {
        lanes.entry(span.thread).or_default().busy.push((span.began_ms, span.ended_ms));
    }
    for wait in &props.waits {
        lanes.entry(wait.thread).or_default().waits.push((wait.began_ms, wait.ended_ms));
    }
    let end = props.spans.iter().chain(&props.waits).map(|s| s.ended_ms).fold(0.0, f64::max).max(f64::MIN_POSITIVE);
    // Few spans: one bar each, edges visible. Many: bars closer than a pixel merge.
    let merge_gap = if props.spans.len() <= 400 || !props.merge_close { f64::NEG_INFINITY } else { end / W };
    let height = LANE * lanes.len() as f64 + 20.0;
    let x = |ms: f64| LABEL + (W - LABEL - 10.0) * ms / end;
    html! {
        <svg class="chart timeline" data-testid={props.testid.clone()} viewBox={format!("0 0 {W} {height}")} role="img"
             aria-label={props.label.clone()}>
            { for lanes.iter().enumerate().map(|(row, (&thread, Lane { busy: spans, waits }))| {
                let top = row as f64 * LANE;
                let busy: f64 = spans.iter().map(|(a, b)| b - a).sum();
                let waited: f64 = waits.iter().map(|(a, b)| b - a).sum();
                html! {
                    <g>
                        <text x="4" y={(top + 17.0).to_string()}>{ format!("thread {thread}") }</text>
                        { for merge(spans, merge_gap).into_iter().map(|(a, b)| html! {
                            <rect x={x(a).to_string()} y={(top + 4.0).to_string()} width={(x(b) - x(a)).max(0.8).to_string()}
                                  height={(LANE - 8.0).to_string()} fill={thread_colour(thread)}
                                  data-thread={thread.to_string()} data-began-ms={format!("{a:.3}")} data-ended-ms={format!("{b:.3}")}>
                                <title>{ format!("thread {thread} busy {}", format_ms(busy)) }</title>
                            </rect>
                        }) }
                        { for waits.iter().map(|&(a, b)| html! {
                            <rect class="wait" x={x(a).to_string()} y={(top + 4.0).to_string()} width={(x(b) - x(a)).max(0.8).to_string()}
                                  height={(LANE - 8.0).to_string()}
                                  data-thread={thread.to_string()} data-began-ms={format!("{a:.3}")} data-ended-ms={format!("{b:.3}")}>
                                <title>{ format!("thread {thread} waited {} in all", format_ms(waited)) }</title>
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

/// One thread's bars, (start, end) in ms.
#[derive(Default)]
struct Lane {
    busy: Vec<(f64, f64)>,
    waits: Vec<(f64, f64)>,
}

fn merge(spans: &[(f64, f64)], gap: f64) -> Vec<(f64, f64)> {
    let mut sorted = spans.to_vec();
    sort_by_u64_key(&mut sorted, |span| f64_key(span.0));
    let mut merged: Vec<(f64, f64)> = Vec::new();
    for (a, b) in sorted {
        match merged.last_mut() {
            Some(last) if a - last.1 <= gap => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    merged
}

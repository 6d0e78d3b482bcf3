use std::collections::BTreeMap;

use parlab_kernels::map::Span;
use parlab_kernels::ordering::{f64_key, sort_by_u64_key};
use yew::prelude::*;

use super::svg::{Fixed, Svg};
use super::{format_ms, thread_colour};

/// One lane per thread: the spans each thread was busy, and what it waited for. Built with
/// [`Timeline::new`] and drawn by [`Timeline::view`].
pub struct Timeline {
    pub spans: Vec<Span>,
    /// The `data-testid` (`timeline` by default).
    pub testid: &'static str,
    /// Whether bars closer than a pixel may merge (past 400 bars). Off where the gaps between
    /// bars are the lesson, as in the GIL's hand-overs.
    pub merge_close: bool,
    pub label: &'static str,
    /// Times a thread waited, drawn in its lane as `rect.wait` with the same data attributes
    /// and the kind of wait as a class and `data-kind`.
    pub waits: Vec<Wait>,
    /// Each lane's label, by thread number; `thread N` where missing.
    pub names: Vec<AttrValue>,
    /// Where the time axis ends, when charts of one run share it; by default the last span's end.
    pub end_ms: Option<f64>,
    /// The kinds of wait this chart can show and what each means, `(kind, words)`. When given,
    /// busy bars are one colour (`rect.work`): threads are told apart by lane and label, so no
    /// thread's colour can be mistaken for a wait's. The legend is drawn from this same table.
    pub states: &'static [(&'static str, &'static str)],
}

/// A stretch of time a thread waited, and what for (`barrier`, `waiting-full`, …).
#[derive(Clone, Copy, PartialEq)]
pub struct Wait {
    pub span: Span,
    pub kind: &'static str,
}

impl Timeline {
    /// Busy bars only, merged where closer than a pixel, under the default test id and label.
    pub fn new(spans: Vec<Span>) -> Self {
        Timeline {
            spans,
            testid: "timeline",
            merge_close: true,
            label: "when each thread was busy",
            waits: Vec::new(),
            names: Vec::new(),
            end_ms: None,
            states: &[],
        }
    }

    /// When the last span or wait ended.
    pub fn last_end_ms(&self) -> f64 {
        self.spans.iter().chain(self.waits.iter().map(|w| &w.span)).map(|s| s.ended_ms).fold(0.0, f64::max)
    }

    /// One lane per thread, one bar per span from its start to its end: when each thread was
    /// busy. Every bar carries `data-thread`, `data-began-ms` and `data-ended-ms`; waits, if
    /// any, are bars of class `wait` in the same lanes. The lane labels and the time axis are
    /// page text beside and under the drawing, not text scaled with it, so they read at any
    /// width. (A function, not a component: its demo redraws only when a run starts or ends.)
    pub fn view(&self) -> Html {
        const W: f64 = 1000.0;
        let mut lanes: BTreeMap<usize, Lane> = BTreeMap::new();
        for span in &self.spans {
            lanes.entry(span.thread).or_default().busy.push((span.began_ms, span.ended_ms));
        }
        for wait in &self.waits {
            lanes.entry(wait.span.thread).or_default().waits.push((wait.span.began_ms, wait.span.ended_ms, wait.kind));
        }
        let end = self.end_ms.unwrap_or_else(|| self.last_end_ms()).max(f64::MIN_POSITIVE);
        // Few spans: one bar each, edges visible. Many: bars closer than a pixel merge.
        let merge_gap = if self.spans.len() <= 400 || !self.merge_close { f64::NEG_INFINITY } else { end / W };
        let x = |ms: f64| W * ms / end;
        let states = !self.states.is_empty();
        let lane = |(&thread, Lane { busy: spans, waits }): (&usize, &Lane)| {
            let busy: f64 = spans.iter().map(|(a, b)| b - a).sum();
            let waited: f64 = waits.iter().map(|(a, b, _)| b - a).sum();
            let name = self.names.get(thread).map_or_else(|| format!("thread {thread}"), |name| name.to_string());
            // One tooltip for the lane, not one per bar: a lane may hold hundreds of bars.
            let waited = if waits.is_empty() { String::new() } else { format!(", waited {}", format_ms(waited)) };
            let tooltip = format!("{name} busy {}{waited}", format_ms(busy));
            // Text through the SVG builder, not a tree of elements: cheaper in wasm and in
            // main-thread time for hundreds of bars.
            let mut svg = Svg::new();
            svg.open("svg")
                .attr("class", "lane-track")
                .attr("viewBox", format!("0 0 {W} 1"))
                .attr("preserveAspectRatio", "none")
                .attr("aria-hidden", "true")
                .start();
            svg.element("title", &tooltip);
            let mut bar = |kind: Option<&'static str>, (a, b): (f64, f64)| {
                let class = match kind {
                    Some(kind) => Some(format!("wait {kind}")),
                    None => states.then(|| "work".to_owned()),
                };
                svg.open("rect")
                    .attr_if("class", class)
                    .attr_if("data-kind", kind)
                    .attr("x", Fixed(x(a), 2))
                    .attr("y", 0usize)
                    .attr("width", Fixed((x(b) - x(a)).max(0.8), 2))
                    .attr("height", 1usize)
                    .attr_if("fill", (!states && kind.is_none()).then(|| thread_colour(thread)))
                    .attr("data-thread", thread)
                    .attr("data-began-ms", Fixed(a, 3))
                    .attr("data-ended-ms", Fixed(b, 3))
                    .empty();
            };
            for span in merge(spans, merge_gap) {
                bar(None, span);
            }
            for &(a, b, kind) in waits {
                bar(Some(kind), (a, b));
            }
            svg.close("svg");
            html! {
                <div class="lane">
                    <span class="lane-label" title={tooltip}>{ name }</span>
                    { svg.into_html() }
                </div>
            }
        };
        html! {
            <>
                <figure class="lanes" data-testid={self.testid}
                        data-end-ms={format!("{end:.3}")} role="img" aria-label={self.label}>
                    { for lanes.iter().map(lane) }
                    <div class="lane-axis" aria-hidden="true"><span>{ "0" }</span><span>{ format_ms(end) }</span></div>
                </figure>
                { self.legend() }
            </>
        }
    }
}

impl Timeline {
    /// Working, and each kind of wait drawn, from [`Timeline::states`]: the swatches carry the
    /// same classes as the bars, so they take the same colours.
    fn legend(&self) -> Html {
        if self.states.is_empty() {
            return Html::default();
        }
        let drawn = |kind: &str| self.waits.iter().any(|w| w.kind == kind);
        let entries = std::iter::once(("work", "working"))
            .chain(self.states.iter().copied().filter(|(kind, _)| drawn(kind)))
            .map(|(kind, words)| {
                let class = if kind == "work" { kind.to_owned() } else { format!("wait {kind}") };
                html! {
                    <span class="legend-item" data-kind={kind}>
                        <svg class="swatch" viewBox="0 0 1 1" aria-hidden="true"><rect width="1" height="1" class={class} /></svg>
                        { words }
                    </span>
                }
            });
        html! { <p class="legend" data-testid={format!("{}-legend", self.testid)}>{ for entries }</p> }
    }
}

/// One thread's bars, (start, end) in ms.
#[derive(Default)]
struct Lane {
    busy: Vec<(f64, f64)>,
    waits: Vec<(f64, f64, &'static str)>,
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

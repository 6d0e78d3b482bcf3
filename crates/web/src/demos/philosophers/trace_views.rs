//! Views of one dinner's trace: the round table, replayable, and a lane per philosopher.

use crate::platform::shared::Shared;

use parlab_kernels::params::group;
use parlab_kernels::philosophers::{DinnerConfig, Event as DinnerEvent, EventKind, Waiting};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::shell::charts::svg::{Fixed, Svg, Tag};
use crate::shell::charts::{drawing_width, format_ms, swatch, time_axis};

/// What each philosopher was doing at one point of a trace.
#[derive(Clone, Copy, PartialEq)]
enum Doing {
    Thinking,
    Hungry,
    Eating,
    Done,
}

fn doing_colour(doing: Doing) -> &'static str {
    match doing {
        Doing::Thinking => "#8a8f98",
        Doing::Hungry => "#E69F00",
        Doing::Eating => "#009E73",
        Doing::Done => "#56B4E9",
    }
}

/// The table after the first `upto` events: what each philosopher does, who holds each
/// chopstick, and how many meals each has eaten.
fn replay(config: &DinnerConfig, trace: &[DinnerEvent], upto: usize) -> (Vec<Doing>, Vec<Option<usize>>, Vec<usize>) {
    let n = config.philosophers;
    let mut doing = vec![Doing::Thinking; n];
    let mut holder = vec![None; n];
    let mut meals = vec![0; n];
    for event in &trace[..upto.min(trace.len())] {
        let p = event.philosopher;
        match event.kind {
            EventKind::Think => doing[p] = Doing::Thinking,
            EventKind::Hungry => doing[p] = Doing::Hungry,
            EventKind::Eat => {
                doing[p] = Doing::Eating;
                meals[p] += 1;
            }
            EventKind::PickUp(stick) => holder[stick] = Some(p),
            EventKind::PutDown(stick) => {
                holder[stick] = None;
                if doing[p] == Doing::Eating {
                    doing[p] = Doing::Hungry;
                }
            }
            EventKind::Done => doing[p] = Doing::Done,
        }
    }
    (doing, holder, meals)
}

#[derive(Properties, PartialEq)]
pub struct DinnerRingProps {
    pub config: DinnerConfig,
    pub trace: Shared<Vec<DinnerEvent>>,
    /// Where a stopped dinner stopped: the ring opens there, showing the deadlock as it was.
    pub stopped_at: Option<usize>,
    pub cycle: Vec<Waiting>,
}

/// The round table, replayable: play / pause and a scrubber over the events.
#[component]
pub fn DinnerRing(props: &DinnerRingProps) -> Html {
    let total = props.trace.len();
    let moment = props.stopped_at.unwrap_or(total).min(total);
    let position = use_state(|| moment);
    let playing = use_state(|| false);
    {
        let (position, playing_now) = (position.clone(), *playing);
        let playing = playing.clone();
        let step = (total / 300).max(1);
        use_effect_with(playing_now, move |&on| {
            // Dropped (and so stopped) when playing ends or the ring goes away.
            let timer = on.then(|| {
                let mut position_now = if *position >= total { 0 } else { *position };
                gloo_timers::callback::Interval::new(40, move || {
                    position_now = (position_now + step).min(total);
                    position.set(position_now);
                    if position_now >= total {
                        playing.set(false);
                    }
                })
            });
            move || drop(timer)
        });
    }
    let config = &props.config;
    let n = config.philosophers;
    let at = (*position).min(total);
    let (doing, holder, meals) = replay(config, &props.trace, at);
    let in_cycle = |p: usize| at == moment && props.cycle.iter().any(|w| w.philosopher == p);
    let angle = |slot: f64| std::f64::consts::TAU * slot / n as f64 - std::f64::consts::FRAC_PI_2;
    let point = |slot: f64, radius: f64| (200.0 + radius * angle(slot).cos(), 200.0 + radius * angle(slot).sin());
    let t_ms = at.checked_sub(1).and_then(|i| props.trace.get(i)).map_or(0.0, |e| e.t_ms);
    let toggle = {
        let playing = playing.clone();
        Callback::from(move |_: MouseEvent| playing.set(!*playing))
    };
    let scrub = {
        let (position, playing) = (position.clone(), playing.clone());
        Callback::from(move |e: InputEvent| {
            playing.set(false);
            position.set(e.target_unchecked_into::<HtmlInputElement>().value().parse().unwrap_or(0));
        })
    };
    // Text through the SVG builder, not a tree of elements (wasm size); redrawn at each
    // replay step.
    let mut ring = Svg::new();
    ring.open("svg")
        .attr("class", "chart ring-svg")
        .attr("viewBox", "0 0 400 400")
        .attr("role", "img")
        .attr("aria-label", "the table")
        .start();
    ring.open("circle").attr("cx", 200usize).attr("cy", 200usize).attr("r", 110usize).attr("class", "tabletop").empty();
    fn line<'a>(ring: &'a mut Svg, class: &'static str, ((x1, y1), (x2, y2)): ((f64, f64), (f64, f64))) -> Tag<'a> {
        ring.open("line")
            .attr("class", class)
            .attr("x1", Fixed(x1, 1))
            .attr("y1", Fixed(y1, 1))
            .attr("x2", Fixed(x2, 1))
            .attr("y2", Fixed(y2, 1))
    }
    // A chopstick lies between its two philosophers, or beside the one holding it.
    for (stick, held_by) in holder.iter().enumerate() {
        let slot = match held_by {
            None => stick as f64 + 0.5,
            Some(p) if *p == stick => stick as f64 + 0.22,
            Some(_) => stick as f64 + 0.78,
        };
        let class = if held_by.is_some() { "chopstick held" } else { "chopstick" };
        line(&mut ring, class, (point(slot, 62.0), point(slot, 104.0))).attr("data-stick", stick).empty();
    }
    for w in props.cycle.iter().filter(|_| at == moment) {
        line(&mut ring, "wait-edge", (point(w.philosopher as f64, 132.0), point(w.held_by as f64, 132.0)))
            .attr("marker-end", "url(#arrow)")
            .empty();
    }
    ring.open("defs").start();
    ring.open("marker")
        .attr("id", "arrow")
        .attr("viewBox", "0 0 10 10")
        .attr("refX", 9usize)
        .attr("refY", 5usize)
        .attr("markerWidth", 6usize)
        .attr("markerHeight", 6usize)
        .attr("orient", "auto-start-reverse")
        .start();
    ring.open("path").attr("d", "M 0 0 L 10 5 L 0 10 z").attr("fill", "#b42318").empty();
    ring.close("marker").close("defs");
    for p in 0..n {
        let (x, y) = point(p as f64, 150.0);
        ring.open("g")
            .attr("class", if in_cycle(p) { "philosopher in-cycle" } else { "philosopher" })
            .attr("data-philosopher", p)
            .start();
        ring.open("circle")
            .attr("cx", Fixed(x, 1))
            .attr("cy", Fixed(y, 1))
            .attr("r", 22usize)
            .attr("fill", doing_colour(doing[p]))
            .empty();
        ring.open("text")
            .attr("x", Fixed(x, 1))
            .attr("y", Fixed(y + 5.0, 1))
            .attr("text-anchor", "middle")
            .attr("class", "label")
            .start();
        ring.text(&p.to_string()).close("text");
        ring.open("text")
            .attr("x", Fixed(x, 1))
            .attr("y", Fixed(y + 38.0, 1))
            .attr("text-anchor", "middle")
            .attr("class", "meals")
            .start();
        ring.text(&format!("{} meals", meals[p])).close("text");
        ring.close("g");
    }
    ring.close("svg");
    html! {
        <div class="ring" data-testid="dinner-ring">
            { ring.into_html() }
            <div class="replay">
                <button data-testid="replay-play" onclick={toggle}>{ if *playing { "Pause" } else { "Play" } }</button>
                <input data-testid="replay-scrubber" type="range" aria-label="replay position (event)" min="0" max={total.to_string()} value={at.to_string()} oninput={scrub} />
                <span class="replay-at">{ format!("event {} of {}, {}", group(at), group(total), format_ms(t_ms)) }</span>
                if props.stopped_at.is_some() {
                    <span class="replay-at">{ format!("the watchdog stopped the dinner at event {}; the rest is the threads letting go", group(moment)) }</span>
                }
            </div>
            <p class="legend">
                { for [(Doing::Thinking, "thinking"), (Doing::Hungry, "hungry"), (Doing::Eating, "eating"), (Doing::Done, "done")]
                    .into_iter()
                    .map(|(doing, name)| html! { <span class="legend-item">{ swatch(doing_colour(doing)) }{ name }</span> }) }
                <span class="legend-item">{ "dark chopstick: held (beside its holder)" }</span>
                if !props.cycle.is_empty() {
                    <span class="legend-item"><i class="line-model"></i>{ "waits for (the deadlock cycle)" }</span>
                }
            </p>
        </div>
    }
}

pub struct DinnerTimelineProps {
    pub config: DinnerConfig,
    pub trace: Shared<Vec<DinnerEvent>>,
}

/// One lane per philosopher: hungry and eating stretches over time (thinking is the gaps).
pub fn dinner_timeline(props: &DinnerTimelineProps) -> Html {
    let w = drawing_width();
    const LANE: f64 = 18.0;
    const LABEL: f64 = 110.0;
    let n = props.config.philosophers;
    let end = props.trace.last().map_or(0.0, |e| e.t_ms).max(f64::MIN_POSITIVE);
    let x = |ms: f64| LABEL + (w - LABEL - 10.0) * ms / end;
    // Per philosopher: (start, end, eating?) stretches, merged when closer than a pixel.
    let mut lanes: Vec<Vec<(f64, f64, bool)>> = vec![Vec::new(); n];
    let mut since: Vec<Option<(f64, bool)>> = vec![None; n];
    for event in props.trace.iter() {
        let p = event.philosopher;
        let close = |lane: &mut Vec<(f64, f64, bool)>, from: Option<(f64, bool)>| {
            if let Some((start, eating)) = from {
                match lane.last_mut() {
                    Some(last) if last.2 == eating && start - last.1 < end / w => last.1 = event.t_ms,
                    _ => lane.push((start, event.t_ms, eating)),
                }
            }
        };
        match event.kind {
            EventKind::Hungry => since[p] = Some((event.t_ms, false)),
            EventKind::Eat => {
                close(&mut lanes[p], since[p].take());
                since[p] = Some((event.t_ms, true));
            }
            EventKind::PutDown(_) if since[p].is_some_and(|(_, eating)| eating) => {
                close(&mut lanes[p], since[p].take());
            }
            _ => {}
        }
    }
    // Still hungry (or eating) when the trace ends: a deadlock looks like exactly that.
    for (lane, open) in lanes.iter_mut().zip(since) {
        if let Some((start, eating)) = open {
            lane.push((start, end, eating));
        }
    }
    let height = LANE * n as f64 + 18.0;
    // Text through the SVG builder, not a tree of elements (a lane may hold hundreds of bars).
    let mut svg = Svg::new();
    svg.open("svg")
        .attr("class", "chart timeline")
        .attr("data-testid", "dinner-timeline")
        .attr("viewBox", format!("0 0 {w} {height}"))
        .attr("role", "img")
        .attr("aria-label", "each philosopher's hungry and eating times")
        .start();
    for (p, stretches) in lanes.iter().enumerate() {
        let top = p as f64 * LANE;
        svg.open("g").start();
        svg.open("text").attr("x", 4usize).attr("y", top + 13.0).start();
        svg.text(&format!("philosopher {p}")).close("text");
        for &(a, b, eating) in stretches {
            svg.open("rect")
                .attr("x", Fixed(x(a), 2))
                .attr("y", top + 3.0)
                .attr("width", Fixed((x(b) - x(a)).max(0.8), 2))
                .attr("height", LANE - 6.0)
                .attr("fill", doing_colour(if eating { Doing::Eating } else { Doing::Hungry }))
                .empty();
        }
        svg.close("g");
    }
    time_axis(&mut svg, LABEL, w - 10.0, height - 3.0, end);
    svg.close("svg");
    svg.into_html()
}

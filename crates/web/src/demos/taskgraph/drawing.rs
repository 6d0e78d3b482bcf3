//! The task graph as a picture: one row per depth (a task's row is one below its deepest
//! input), a node per task coloured by its state and thread, the edges as one path, the
//! critical path marked. Drawn at the width it is shown, so its labels stay their CSS size.

use parlab_kernels::taskgraph::{State, TaskGraph};
use yew::prelude::*;

use crate::shell::charts::svg::{Fixed, Svg};
use crate::shell::charts::thread_colour;

/// Names are written beside the nodes only when every row's nodes have this much room.
const LABEL_ROOM: f64 = 64.0;
/// ...and the graph has at most this many tasks...
const LABELLED_TASKS: usize = 48;
/// ...in at most this many rows (a labelled row is 44 px tall).
const LABELLED_ROWS: usize = 12;
/// Edges are drawn up to this many; past it they are a grey blur that hides the nodes.
const DRAWN_EDGES: usize = 2_500;
/// The drawing's height without labels: deep graphs share it among their rows.
const HEIGHT: f64 = 420.0;
const PAD: f64 = 10.0;

/// What to draw: each task's state and thread, and whether it is on the critical path.
pub struct Picture<'a> {
    pub graph: &'a TaskGraph,
    pub states: &'a [(State, Option<usize>)],
    pub critical: &'a [bool],
    pub width: f64,
    pub label: String,
    /// A tooltip per node: left out of the live drawing, which changes too often to hover.
    pub tooltips: bool,
}

/// Each task's place: (x, y) in the drawing.
fn layout(graph: &TaskGraph, width: f64) -> (Vec<(f64, f64)>, f64, f64, bool) {
    let depths = graph.depths();
    let levels = depths.iter().max().map_or(1, |d| d + 1);
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); levels];
    for (task, &depth) in depths.iter().enumerate() {
        rows[depth].push(task);
    }
    let widest = rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let column = (width - 2.0 * PAD) / widest as f64;
    let labelled = graph.len() <= LABELLED_TASKS && levels <= LABELLED_ROWS && column >= LABEL_ROOM;
    let row = if labelled { 44.0 } else { (HEIGHT / levels as f64).clamp(3.0, 40.0) };
    let radius = (column.min(row) * 0.35).clamp(1.5, 8.0);
    let mut at = vec![(0.0, 0.0); graph.len()];
    for (level, tasks) in rows.iter().enumerate() {
        // Each row's nodes spread over the whole width, centred in equal slots.
        let slot = (width - 2.0 * PAD) / tasks.len().max(1) as f64;
        for (i, &task) in tasks.iter().enumerate() {
            at[task] = (PAD + slot * (i as f64 + 0.5), PAD + radius + row * level as f64);
        }
    }
    let height = 2.0 * PAD + 2.0 * radius + row * (levels - 1) as f64 + if labelled { 16.0 } else { 0.0 };
    (at, height, radius, labelled)
}

/// The `task-graph` drawing (or the live one, with `testid`).
pub fn graph_svg(p: &Picture<'_>, testid: &'static str) -> Html {
    let (at, height, radius, labelled) = layout(p.graph, p.width);
    let mut svg = Svg::new();
    svg.open("svg")
        .attr("class", "chart task-graph")
        .attr("data-testid", testid)
        .attr("data-tasks", p.graph.len())
        .attr("viewBox", format!("0 0 {:.0} {:.0}", p.width, height))
        .attr("role", "img")
        .attr("aria-label", p.label.clone())
        .start();
    let edges: usize = p.graph.tasks.iter().map(|t| t.inputs.len()).sum();
    if edges <= DRAWN_EDGES {
        let (mut plain, mut critical) = (String::new(), String::new());
        for (task, t) in p.graph.tasks.iter().enumerate() {
            for &input in &t.inputs {
                let on_path =
                    p.critical.get(task).copied().unwrap_or(false) && p.critical.get(input).copied().unwrap_or(false);
                let (x1, y1) = at[input];
                let (x2, y2) = at[task];
                let path = if on_path { &mut critical } else { &mut plain };
                path.push_str(&format!("M{x1:.1} {y1:.1}L{x2:.1} {y2:.1}"));
            }
        }
        svg.open("path").attr("class", "edges").attr("d", plain).empty();
        svg.open("path").attr("class", "edges critical").attr("d", critical).empty();
    }
    for (task, t) in p.graph.tasks.iter().enumerate() {
        let (state, thread) = p.states.get(task).copied().unwrap_or((State::Pending, None));
        let critical = p.critical.get(task).copied().unwrap_or(false);
        let name = t.name.to_string();
        let (x, y) = at[task];
        svg.open("g")
            .attr("class", if critical { "task critical" } else { "task" })
            .attr("data-task", name.as_str())
            .attr("data-state", state.name())
            .attr_if("data-thread", thread)
            .start();
        svg.open("circle")
            .attr("cx", Fixed(x, 1))
            .attr("cy", Fixed(y, 1))
            .attr("r", Fixed(radius, 1))
            .attr("fill", fill(state, thread))
            .empty();
        if p.tooltips {
            svg.element("title", &title(&name, state, thread));
        }
        if labelled {
            svg.open("text")
                .attr("x", Fixed(x, 1))
                .attr("y", Fixed(y + radius + 13.0, 1))
                .attr("text-anchor", "middle")
                .start();
            svg.text(&name);
            svg.close("text");
        }
        svg.close("g");
    }
    svg.close("svg");
    svg.into_html()
}

/// A node's fill: its thread's colour once it runs, red if it failed, hollow before.
fn fill(state: State, thread: Option<usize>) -> &'static str {
    match (state, thread) {
        (State::Running | State::Done, Some(thread)) => thread_colour(thread),
        (State::Failed, _) => "#b42318",
        _ => "none",
    }
}

/// A node's tooltip.
fn title(name: &str, state: State, thread: Option<usize>) -> String {
    format!("{name}: {}{}", state.name(), thread.map_or(String::new(), |t| format!(", thread {t}")))
}

/// Brings the nodes of a drawing made by [`graph_svg`] (without tooltips) to `states`,
/// touching only the tasks whose state differs from `drawn` (what the drawing shows now,
/// updated here).
///
/// The live drawing is drawn once and then patched: drawing a graph of a thousand tasks again
/// every poll made the browser parse and lay out thousands of elements, 35–60 ms of the page's
/// thread each time (measured 2026-12-05, wavefront), over the 50 ms a task may take.
pub fn patch_states(
    svg: &web_sys::Element,
    drawn: &mut Vec<(State, Option<usize>)>,
    states: &[(State, Option<usize>)],
) {
    drawn.resize(states.len(), (State::Pending, None));
    let nodes = std::iter::successors(svg.first_element_child(), web_sys::Element::next_element_sibling)
        .filter(|node| node.tag_name() == "g");
    for (node, (shown, &now)) in nodes.zip(drawn.iter_mut().zip(states)) {
        if *shown == now {
            continue;
        }
        *shown = now;
        let (state, thread) = now;
        // Setting attributes cannot fail on an element of this document.
        let _ = node.set_attribute("data-state", state.name());
        let _ = match thread {
            Some(thread) => node.set_attribute("data-thread", &thread.to_string()),
            None => node.remove_attribute("data-thread"),
        };
        if let Some(circle) = node.first_element_child() {
            let _ = circle.set_attribute("fill", fill(state, thread));
        }
    }
}

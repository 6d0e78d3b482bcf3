//! The graph while it runs: every task's state read from shared memory like the progress
//! counter, redrawn when it changes; and, after a Cancel, what the Cancel stopped.

use std::sync::Arc;

use gloo_timers::callback::Interval;
use parlab_kernels::taskgraph::{CancelCounts, LiveStates, State, TaskGraph, TaskGraphConfig};
use parlab_kernels::verdict::count;
use yew::prelude::*;

use super::drawing::{Picture, graph_svg, patch_states};
use crate::shell::charts::drawing_width;

/// How often the drawing reads the states: often enough to watch tasks turn ready and run,
/// rare enough that the page's thread stays idle while the workers compute.
const POLL_MS: u32 = 100;

/// The run's graph. Always equal: a live drawing lives for one run (it is drawn only while a
/// run is busy), so there is never another run's graph to compare.
#[derive(Clone)]
pub struct Graph(pub Arc<TaskGraph>);

impl PartialEq for Graph {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// The run's states; equal for the same reason.
#[derive(Clone)]
pub struct States(pub LiveStates);

impl PartialEq for States {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

#[derive(Properties, PartialEq)]
pub struct LiveGraphProps {
    pub graph: Graph,
    pub states: States,
    pub config: TaskGraphConfig,
}

/// Which run of the click pass `pass` is, in words.
fn pass_name(pass: usize, config: &TaskGraphConfig) -> String {
    let repeats = config.repeats.get();
    match pass {
        0 => "the warm-up (sequential, not timed)".to_owned(),
        p if p % 2 == 1 => format!("sequential run {} of {repeats}", p.div_ceil(2)),
        p => format!("scheduled run {} of {repeats} on {}", p / 2, count(config.threads.get(), "thread")),
    }
}

/// The graph with each task's state now; every run of the click (warm-up, sequential and
/// scheduled repeats) starts again from pending. Drawn once, all pending, then patched where
/// states change ([`patch_states`]).
#[component]
pub fn LiveGraph(props: &LiveGraphProps) -> Html {
    // `_eq`: the poll's closure holds the first render's handles, so it cannot tell whether a
    // value changed; the state skips a render when it did not.
    let snapshot = use_state_eq(|| (props.states.0.pass(), props.states.0.snapshot()));
    // The drawing first appears at the first poll, not in the click's own task: the two
    // together took over 50 ms of the page's thread with a thousand tasks.
    let ticked = use_state_eq(|| false);
    {
        let (snapshot, states, ticked) = (snapshot.clone(), props.states.0.clone(), ticked.clone());
        use_effect_with((), move |()| {
            let interval = Interval::new(POLL_MS, move || {
                ticked.set(true);
                snapshot.set((states.pass(), states.snapshot()));
            });
            move || drop(interval)
        });
    }
    let figure = use_node_ref();
    let drawn = use_mut_ref(Vec::new);
    {
        let (figure, drawn) = (figure.clone(), drawn.clone());
        use_effect_with((*ticked, snapshot.1.clone()), move |(_, states)| {
            if let Some(svg) = figure.cast::<web_sys::Element>().and_then(|f| f.first_element_child()) {
                patch_states(&svg, &mut drawn.borrow_mut(), states);
            }
        });
    }
    let graph = &props.graph.0;
    let drawing = {
        let graph = graph.clone();
        use_memo(*ticked, move |&ticked| {
            if !ticked {
                return Html::default();
            }
            let picture = Picture {
                graph: &graph,
                states: &[],
                critical: &[],
                width: drawing_width(),
                label: format!("the graph's {} by state while the run goes on", count(graph.len(), "task")),
                tooltips: false,
            };
            graph_svg(&picture, "live-task-graph")
        })
    };
    let (pass, states) = &*snapshot;
    let tally = |state: State| states.iter().filter(|(s, _)| *s == state).count();
    let summary: Vec<String> = State::ALL.iter().map(|&s| format!("{} {}", tally(s), s.name())).collect();
    html! {
        <figure ref={figure} class="live-graph" data-testid="live-graph" data-pass={pass.to_string()} data-done={tally(State::Done).to_string()}
                data-running={tally(State::Running).to_string()} data-cancelled={tally(State::Cancelled).to_string()}>
            { (*drawing).clone() }
            <figcaption>{ format!("Now {}: {}. Filled: done or running, in its thread's colour; hollow: waiting.", pass_name(*pass, &props.config), summary.join(", ")) }</figcaption>
        </figure>
    }
}

/// What the last Cancel did: the tasks it stopped before they started, and the running ones
/// it let finish.
pub fn cancel_note(counts: CancelCounts) -> Html {
    let finished = match counts.finished {
        0 => "no task was running".to_owned(),
        1 => "the 1 task that was running finished first".to_owned(),
        n => format!("the {n} tasks that were running finished first"),
    };
    html! {
        <p class="notice info" data-testid="cancel-counts" data-cancelled={counts.cancelled.to_string()}
           data-finished={counts.finished.to_string()}>
            { format!("Cancel stopped {} that had not started ({} never ran); {finished}.", count(counts.cancelled, "task"), if counts.cancelled == 1 { "it" } else { "they" }) }
        </p>
    }
}

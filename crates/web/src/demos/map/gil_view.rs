//! The map demo's Python-threads view: who held the GIL when, and why Python's Pool is not held
//! back by it.

use parlab_kernels::map;
use parlab_kernels::params::group;
use parlab_kernels::stats;
use parlab_kernels::verdict::count;
use yew::prelude::*;

use crate::shell::charts::Timeline;

/// The threads taking turns under the GIL, and why Python's Pool is not held back by it.
pub(super) fn gil_view(
    seq: &stats::Summary,
    python: &stats::VariantTiming,
    spans: &[map::Span],
    switch_ms: u32,
) -> Html {
    let k = python.threads;
    let reading = match stats::speedup(seq, &python.summary) {
        Some(s) => format!(
            "{s:.2}× the sequential speed on {} under the GIL: the threads took turns, so together they did no more than one thread alone.",
            count(k, "thread")
        ),
        None => "Too fast to time: try a larger n.".to_owned(),
    };
    let handovers = spans.windows(2).filter(|pair| pair[0].thread != pair[1].thread).count();
    html! {
        <>
            <h4>{ format!("Python threads: who held the GIL when (last repeat; {} hand-overs, switch interval {switch_ms} ms)", group(handovers)) }</h4>
            { Timeline { testid: "gil-timeline", label: "when each thread held the GIL", merge_close: false, ..Timeline::new(spans.to_vec()) }.view() }
            <p class="gil-reading" data-testid="gil-reading">{ format!("{reading} In CPython a thread runs Python code only while it holds the global interpreter lock, and hands it over every switch interval (sys.getswitchinterval(), 5 ms) when another thread waits. multiprocessing.Pool escapes this: each worker is its own process with its own interpreter and its own GIL, so k processes do compute at once; the price is pickling every input and result between processes. Python threads still pay off for waiting (files, network), and for code that releases the GIL, such as NumPy's large operations.") }</p>
        </>
    }
}

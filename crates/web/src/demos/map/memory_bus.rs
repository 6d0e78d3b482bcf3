//! Square's GB/s beside what the memory itself moves (STREAM's triad, measured after the run).

use parlab_kernels::bandwidth;
use parlab_kernels::map::{self, MapReport};
use parlab_kernels::verdict::count;
use yew::prelude::*;

/// `square` beside what the memory moves: the threads share one memory bus, and this is its
/// measured speed (STREAM's triad) at the same k.
pub fn memory_bus(report: &MapReport) -> Html {
    let (Some(memory), Some(parallel)) = (report.bandwidth, &report.parallel) else {
        return Html::default();
    };
    let moved = bandwidth::square_gbs(report.config.n, parallel.summary.median_ms);
    let share = bandwidth::square_bus_share(moved, memory.triad_gbs);
    let reading = if share >= map::BUS_FULL {
        "the threads share one memory bus, and square kept it nearly full: more cores cannot move bytes faster than it does"
    } else {
        "the bus had room left, so something else held square back (the verdict above says what)"
    };
    html! {
        <p class="note" data-testid="bandwidth" data-square-gbs={format!("{moved:.2}")} data-triad-gbs={format!("{:.2}", memory.triad_gbs)}
           data-copy-gbs={format!("{:.2}", memory.copy_gbs)} data-threads={memory.threads.to_string()}>
            { format!(
                "square moved {moved:.1} GB/s on {} (12 bytes an element: a u32 read, a u64 written); this device's memory gives about {:.1} GB/s at the same k (STREAM's triad, measured just after the run; copy {:.1} GB/s). Counting what both really put on the bus (a written line is first read into the cache: 20 bytes an element for square, 32 for triad's 24), square kept it {:.0} % as busy: {reading}.",
                count(parallel.threads, "thread"),
                memory.triad_gbs,
                memory.copy_gbs,
                100.0 * share,
            ) }
        </p>
    }
}

//! What map and sort share for `sweep=n`: the control that picks what Sweep varies, the
//! button's words, and the crossover results.

use parlab_kernels::params::{ParamEdit, group};
use parlab_kernels::scaling::{SMALLEST_SWEEP_N, SizeSweep, SweepAxis, break_even, crossover_verdict};
use yew::prelude::*;

use super::fields::select_field;
use super::run_record::{RunRecord, quality_advice};
use crate::shell::charts::{Series, SpeedupPoint, XAxis, speedup_chart};

/// `sweep`: threads (speedup against k) or n (speedup against problem size).
pub fn sweep_axis_field(axis: SweepAxis, busy: bool, on_edit: &Callback<ParamEdit>) -> Html {
    let options = [("threads", "threads k"), ("n", "problem size n")];
    select_field("Sweep varies", "sweep", &options, axis.name(), false, busy, on_edit)
}

/// The Sweep button's text and title for `sweep=n`; `None` keeps the thread sweep's.
pub fn size_sweep_button(axis: SweepAxis, n: usize, threads: usize) -> (Option<AttrValue>, AttrValue) {
    match axis {
        SweepAxis::Size => (
            Some(format!("Sweep n = {}…{}", group(SMALLEST_SWEEP_N.min(n)), group(n)).into()),
            format!("Time both versions with k = {threads} for n from {} up to {}", group(SMALLEST_SWEEP_N), group(n))
                .into(),
        ),
        SweepAxis::Threads => (None, "Time the parallel version for k = 1 … pool size".into()),
    }
}

/// A finished size sweep: its quality advice, the crossover chart and the verdict.
pub fn size_sweep_view(sweep: &SizeSweep, record: &RunRecord, what: &str) -> Html {
    let (run_start, run_end) = record.epoch_attributes();
    let speedups = sweep.speedups();
    let points = sweep
        .points
        .iter()
        .filter_map(|p| {
            let speedup = p.speedup()?;
            let correct = p.sequential.correct && p.parallel.correct;
            Some(SpeedupPoint { x: p.n, speedup, ms: p.parallel.summary.median_ms, correct })
        })
        .collect();
    let series = [Series { name: what.to_owned(), colour: "#0b63a8", points }];
    let timed: Vec<(String, Vec<f64>)> = sweep
        .points
        .iter()
        .flat_map(|p| {
            [
                (format!("sequential, n = {}", group(p.n)), p.sequential.samples_ms.clone()),
                (format!("{what}, n = {}", group(p.n)), p.parallel.samples_ms.clone()),
            ]
        })
        .collect();
    html! {
        <section class="sweep" data-testid="size-sweep-results" data-correct={sweep.correct().to_string()}
                 data-run-start={run_start} data-run-end={run_end}>
            <h3>{ format!("Speedup vs problem size ({what}, k = {})", sweep.threads) }</h3>
            { quality_advice(record, &timed) }
            { speedup_chart(&series, None, XAxis::Size { break_even_n: break_even(&speedups) }) }
            <p class="verdict" data-testid="crossover-verdict">{ crossover_verdict(&speedups, sweep.threads.get()) }</p>
            if !sweep.correct() {
                <p class="notice error">{ "Some parallel output differed from the sequential one: the points marked red." }</p>
            }
        </section>
    }
}

//! The schedule verdict on a table of synthetic reports, each with the sentence it must give.

use parlab_kernels::schedule::{Evidence, RowEvidence, Variant, Work, verdict};

/// Rows with these medians (sequential first, then block, cyclic, dynamic, guided, stealing)
/// and block's imbalance; every other row balanced.
fn evidence(work: Work, tasks: usize, chunk: usize, medians: [f64; 6], block_imbalance: f64) -> Evidence {
    let total_ms = medians[0];
    let bound_ms = total_ms / 2.0;
    let rows = Variant::ALL
        .iter()
        .zip(medians)
        .map(|(&variant, median_ms)| RowEvidence {
            variant,
            median_ms,
            imbalance: if variant == Variant::Block { block_imbalance } else { 1.02 },
            bound_ratio: median_ms / if variant == Variant::Sequential { total_ms } else { bound_ms },
            correct: true,
            busiest: 1,
        })
        .collect();
    Evidence { work, tasks, threads: 2, chunk, total_ms, largest_ms: total_ms / tasks as f64, bound_ms, rows }
}

fn table() -> Vec<(&'static str, Evidence, &'static str)> {
    vec![
        (
            "mandelbrot: block lopsided, cyclic wins",
            evidence(Work::Mandelbrot, 256, 1, [100.0, 83.0, 51.0, 52.0, 53.0, 52.5], 1.67),
            "cyclic won in 51.0 ms, 1.02× the lower bound of 50.0 ms. block took 1.66× the bound because its thread 1 got the rows through the dense part of the set (imbalance 1.67) while the others waited; cyclic deals the tasks round-robin, so every thread gets some of every region.",
        ),
        (
            "triangle: dynamic with one task per hand-out wins",
            evidence(Work::Triangle, 256, 1, [100.0, 75.0, 52.0, 51.0, 53.0, 52.0], 1.5),
            "dynamic won in 51.0 ms, 1.02× the lower bound of 50.0 ms. block took 1.50× the bound because its thread 1 got the last tasks, the largest (imbalance 1.50) while the others waited; dynamic gives the next 1 task to whichever thread is free.",
        ),
        (
            "heavy tail: dynamic with chunks wins (plural)",
            evidence(Work::HeavyTail, 256, 4, [100.0, 70.0, 60.0, 54.0, 56.0, 55.0], 1.4),
            "dynamic won in 54.0 ms, 1.08× the lower bound of 50.0 ms. block took 1.40× the bound because its thread 1 got the largest tasks (imbalance 1.40) while the others waited; dynamic gives the next 4 tasks to whichever thread is free.",
        ),
        (
            "uniform at chunk = 1 with tiny tasks: the hand-outs cost",
            evidence(Work::Uniform, 100_000, 1, [100.0, 51.0, 52.0, 80.0, 53.0, 54.0], 1.01),
            "block won in 51.0 ms, 1.02× the lower bound of 50.0 ms. dynamic took 1.57× as long: with tasks of about 1 µs each, its 100,000 hand-outs from the shared counter cost more than the balance they bought. Larger chunks pay it less often (the chunk sweep shows how much).",
        ),
        (
            "uniform, even: everyone close",
            evidence(Work::Uniform, 256, 1, [100.0, 51.0, 51.5, 52.0, 52.0, 53.0], 1.01),
            "block won in 51.0 ms, 1.02× the lower bound of 50.0 ms: the tasks split evenly (block's imbalance 1.01), so handing them out at run time had nothing to fix.",
        ),
        (
            "uniform, large tasks, dynamic slower: not the hand-outs; no speedup: crowded",
            evidence(Work::Uniform, 256, 1, [100.0, 99.0, 99.5, 120.0, 100.0, 101.0], 1.01),
            "block won in 99.0 ms, 1.98× the lower bound of 50.0 ms: the tasks split evenly (block's imbalance 1.01), yet the threads ran them slower together than one thread alone: another program or shared cores took their time.",
        ),
        (
            "one giant: the bound is the giant",
            Evidence {
                largest_ms: 60.0,
                bound_ms: 60.0,
                ..evidence(Work::OneGiant, 8, 1, [100.0, 70.0, 62.0, 61.0, 61.0, 61.0], 1.4)
            },
            "dynamic won in 61.0 ms, 1.02× the lower bound of 60.0 ms: one task alone takes 60.0 ms of the 100.0 ms of work, so no schedule can end before it does; only cutting that task up would help.",
        ),
        (
            "one thread",
            Evidence { threads: 1, ..evidence(Work::Uniform, 256, 1, [100.0; 6], 1.0) },
            "On 1 thread every scheduler runs the tasks one after another, so all take about the sequential time: take k > 1 to see them differ.",
        ),
        (
            "a wrong result",
            Evidence {
                rows: evidence(Work::Uniform, 256, 1, [100.0; 6], 1.0)
                    .rows
                    .into_iter()
                    .map(|r| RowEvidence { correct: r.variant != Variant::Guided, ..r })
                    .collect(),
                ..evidence(Work::Uniform, 256, 1, [100.0; 6], 1.0)
            },
            "guided's results differ from the sequential run's: this is a bug, please report it.",
        ),
        ("too fast", evidence(Work::Uniform, 256, 1, [0.0; 6], 1.0), "Too fast to time: try more tasks."),
    ]
}

#[test]
fn each_report_gives_its_sentence() {
    for (case, evidence, expected) in table() {
        assert_eq!(verdict(&evidence), expected, "case: {case}");
    }
}

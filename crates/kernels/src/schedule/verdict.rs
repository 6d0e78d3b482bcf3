//! The schedule demo's verdict: which scheduler won on this workload, and why the others did
//! not: a fixed split that gave one thread the costly tasks, hand-outs that cost more than they
//! balanced, or one task so large that no schedule could do better. Pure, so every sentence is
//! tested natively on synthetic reports.

use super::metrics::busy_per_thread;
use super::{ScheduleReport, Variant, Work};
use crate::verdict::{count, duration, times};

/// Block's imbalance from which its split is called lopsided.
pub const LOPSIDED: f64 = 1.2;
/// How much slower than the winner dynamic must be for its hand-outs to be blamed.
const HAND_OUT_SLOWDOWN: f64 = 1.1;
/// A chunk holding less work than this costs about as much to hand out (an atomic add, two
/// clock readings, a record per task) as to compute; above it a slower dynamic is not the
/// hand-outs' doing.
pub const TINY_CHUNK_MS: f64 = 0.01;
/// A balanced winner this far above the bound ran slower on k threads than alone.
const CROWDED: f64 = 1.5;

/// What the verdict reads of one row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RowEvidence {
    pub variant: Variant,
    pub median_ms: f64,
    pub imbalance: f64,
    pub bound_ratio: f64,
    pub correct: bool,
    /// The thread with the most time in tasks in the last run.
    pub busiest: usize,
}

/// Everything the verdict reads, built from a report by [`Evidence::of`] or written out in tests.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub work: Work,
    pub tasks: usize,
    /// k, the threads asked for.
    pub threads: usize,
    pub chunk: usize,
    /// The sequential run's time in tasks, and its largest task.
    pub total_ms: f64,
    pub largest_ms: f64,
    /// The lower bound on k threads.
    pub bound_ms: f64,
    pub rows: Vec<RowEvidence>,
}

impl Evidence {
    pub fn of(report: &ScheduleReport) -> Self {
        let config = report.config;
        let rows = report
            .rows
            .iter()
            .zip(&report.timelines)
            .map(|(row, timeline)| {
                let busy = busy_per_thread(&timeline.tasks, timeline.threads);
                let busiest = (0..busy.len()).max_by(|&a, &b| busy[a].total_cmp(&busy[b])).unwrap_or(0);
                RowEvidence {
                    variant: row.variant,
                    median_ms: row.timing.summary.median_ms,
                    imbalance: row.imbalance,
                    bound_ratio: row.bound_ratio,
                    correct: row.correct,
                    busiest,
                }
            })
            .collect();
        Self {
            work: config.work,
            tasks: config.tasks,
            threads: config.threads.get(),
            chunk: config.chunk.get(),
            total_ms: report.task_ms.iter().sum(),
            largest_ms: report.task_ms.iter().copied().fold(0.0, f64::max),
            bound_ms: report.rows.iter().find(|r| r.variant == Variant::Block).map_or(0.0, |r| r.bound_ms),
            rows,
        }
    }
}

/// The verdict on a whole report; see [`verdict`].
pub fn verdict_of(report: &ScheduleReport) -> String {
    verdict(&Evidence::of(report))
}

/// One or two sentences on who won and why.
pub fn verdict(e: &Evidence) -> String {
    if let Some(bad) = e.rows.iter().find(|r| !r.correct) {
        return format!(
            "{}'s results differ from the sequential run's: this is a bug, please report it.",
            bad.variant.name()
        );
    }
    let k = e.threads;
    if k == 1 {
        return "On 1 thread every scheduler runs the tasks one after another, so all take about the sequential time: take k > 1 to see them differ.".into();
    }
    let row = |variant: Variant| e.rows.iter().find(|r| r.variant == variant);
    let winner =
        e.rows.iter().filter(|r| r.variant != Variant::Sequential).min_by(|a, b| a.median_ms.total_cmp(&b.median_ms));
    let Some(winner) = winner.filter(|w| w.median_ms > 0.0 && e.bound_ms > 0.0) else {
        return "Too fast to time: try more tasks.".into();
    };
    let lead = format!(
        "{} won in {}, {} the lower bound of {}",
        winner.variant.name(),
        duration(winner.median_ms),
        times(winner.median_ms / e.bound_ms),
        duration(e.bound_ms)
    );
    if e.largest_ms >= e.total_ms / k as f64 {
        return format!(
            "{lead}: one task alone takes {} of the {} of work, so no schedule can end before it does; only cutting that task up would help.",
            duration(e.largest_ms),
            duration(e.total_ms)
        );
    }
    if let Some(block) = row(Variant::Block).filter(|b| b.imbalance >= LOPSIDED && winner.variant != Variant::Block) {
        return format!(
            "{lead}. block took {} the bound because its thread {} got {} (imbalance {:.2}) while the others waited; {}.",
            times(block.bound_ratio),
            block.busiest,
            costly(e.work),
            block.imbalance,
            how(winner.variant, e.chunk)
        );
    }
    let chunk_ms = e.total_ms * e.chunk as f64 / e.tasks.max(1) as f64;
    let dynamic = row(Variant::Dynamic)
        .filter(|d| d.median_ms > HAND_OUT_SLOWDOWN * winner.median_ms && chunk_ms < TINY_CHUNK_MS);
    if let (Some(dynamic), Variant::Block | Variant::Cyclic) = (dynamic, winner.variant) {
        let advice = if e.chunk < e.tasks / k {
            " Larger chunks pay it less often (the chunk sweep shows how much)."
        } else {
            ""
        };
        return format!(
            "{lead}. dynamic took {} as long: with tasks of about {} each, its {} from the shared counter cost more than the balance they bought.{advice}",
            times(dynamic.median_ms / winner.median_ms),
            duration(e.total_ms / e.tasks.max(1) as f64),
            count(e.tasks.div_ceil(e.chunk.max(1)), "hand-out")
        );
    }
    let even = row(Variant::Block).map_or(String::new(), |b| format!(" (block's imbalance {:.2})", b.imbalance));
    if winner.bound_ratio >= CROWDED {
        return format!(
            "{lead}: the tasks split evenly{even}, yet the threads ran them slower together than one thread alone: another program or shared cores took their time."
        );
    }
    format!("{lead}: the tasks split evenly{even}, so handing them out at run time had nothing to fix.")
}

/// What block's busiest thread got, in the workload's terms.
fn costly(work: Work) -> &'static str {
    match work {
        Work::Mandelbrot => "the rows through the dense part of the set",
        Work::Triangle => "the last tasks, the largest",
        Work::HeavyTail | Work::Uniform | Work::OneGiant => "the largest tasks",
    }
}

/// How the winner avoids block's fate.
fn how(winner: Variant, chunk: usize) -> String {
    match winner {
        Variant::Cyclic => "cyclic deals the tasks round-robin, so every thread gets some of every region".into(),
        Variant::Dynamic => format!("dynamic gives the next {} to whichever thread is free", count(chunk, "task")),
        Variant::Guided => "guided hands out large pieces first and smaller ones as the work runs out".into(),
        Variant::Stealing => "with stealing, an idle thread takes half of a busy one's remaining tasks".into(),
        Variant::Sequential | Variant::Block => "the winner shared the costly tasks out".into(),
    }
}

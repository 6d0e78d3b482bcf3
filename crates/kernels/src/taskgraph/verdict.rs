//! The task-graph verdict: where the measured T_k fell against Brent's bounds, and what limits
//! it: the span (a chain of tasks no number of threads shortens) or the work shared by k.
//! Pure, so every sentence is tested natively on written-out evidence.

use super::{TaskGraphReport, Variant};
use crate::verdict::{count, duration, pace, times};

/// Tasks this much slower in the scheduled run than alone are blamed for a time over the bound.
const SLOWER_TOGETHER: f64 = 1.15;

/// What the verdict reads, built from a report by [`Evidence::of`] or written out in tests.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub tasks: usize,
    pub threads: usize,
    pub sequential_ms: f64,
    /// T_k, the scheduled run's median.
    pub scheduled_ms: f64,
    pub work_ms: f64,
    /// The last scheduled run's tasks' times added up: W again, unless running side by side
    /// slowed the tasks themselves.
    pub busy_ms: f64,
    pub span_ms: f64,
    /// Tasks on the critical path.
    pub critical_tasks: usize,
    pub correct: bool,
    /// The task that raised and how many never ran because of it.
    pub failure: Option<(String, usize)>,
}

impl Evidence {
    pub fn of(report: &TaskGraphReport) -> Self {
        let median = |v| report.row(v).map_or(0.0, |r| r.timing.summary.median_ms);
        Self {
            tasks: report.graph.len(),
            threads: report.config.threads.get(),
            sequential_ms: median(Variant::Sequential),
            scheduled_ms: median(Variant::Scheduled),
            work_ms: report.work_ms,
            busy_ms: report.last.records.iter().map(|r| r.ended_ms - r.began_ms).sum(),
            span_ms: report.span_ms,
            critical_tasks: report.critical.len(),
            correct: report.rows.iter().all(|r| r.timing.correct),
            failure: report.failure.map(|f| (f.name.to_string(), f.cancelled)),
        }
    }
}

pub fn verdict_of(report: &TaskGraphReport) -> String {
    verdict(&Evidence::of(report))
}

/// One or two sentences: T_k against max(W/k, S) … W/k + S, and what limits it.
pub fn verdict(e: &Evidence) -> String {
    if !e.correct {
        return "A run's results differ from the sequential run's (a task ran twice, ran before an input was done, or computed another value): this is a bug, please report it.".into();
    }
    let lead = e.failure.as_ref().map_or(String::new(), |(task, cancelled)| match cancelled {
        0 => format!("{task} raised; no task needed it. "),
        n => format!("{task} raised, so {} never ran; these times are of the tasks that did. ", count(*n, "task")),
    });
    if e.scheduled_ms <= 0.0 || e.work_ms <= 0.0 || e.span_ms <= 0.0 {
        return format!("{lead}Too fast to time: raise cost or size.");
    }
    let k = e.threads;
    let share = e.work_ms / k as f64;
    let (low, high) = (share.max(e.span_ms), share + e.span_ms);
    let parallelism = e.work_ms / e.span_ms;
    let t = e.scheduled_ms;
    let place = if t < low {
        format!(
            "below Brent's lower bound max(W/k, S) = {}: the tasks ran faster than in the sequential run that gave their times",
            duration(low)
        )
    } else if t > high {
        let slower = e.busy_ms / e.work_ms;
        let why = if slower >= SLOWER_TOGETHER {
            format!(
                "its tasks took {} as long side by side as alone (another program, or threads sharing a core), which the bound leaves out",
                times(slower)
            )
        } else {
            format!("handing out {} (a lock and a wake-up each) and waiting for them cost it", count(e.tasks, "task"))
        };
        format!("above the greedy bound W/k + S = {} by {}: {why}", duration(high), duration(t - high))
    } else {
        format!("within Brent's bounds {} … {}", duration(low), duration(high))
    };
    let speed =
        if e.sequential_ms > 0.0 { format!(", {} than sequential", pace(e.sequential_ms / t)) } else { String::new() };
    let head = format!("{lead}On {} it took {}{speed}, {place}.", count(k, "thread"), duration(t));
    if k == 1 {
        return format!(
            "{head} On one thread T₁ is the work W = {}: take k > 1 to see the span matter.",
            duration(e.work_ms)
        );
    }
    if e.span_ms >= share {
        let path = count(e.critical_tasks, "task");
        if parallelism < 1.2 {
            return format!(
                "{head} The span limits it: the critical path of {path} holds almost all the work (S = {} of W = {}, parallelism {:.2}), so the tasks run one after another whatever k is.",
                duration(e.span_ms),
                duration(e.work_ms),
                parallelism
            );
        }
        return format!(
            "{head} The span limits it: S = {} (a critical path of {path}) is more than W/k = {}, so more threads cannot help; only a shorter critical path would (parallelism W/S = {}).",
            duration(e.span_ms),
            duration(share),
            times(parallelism)
        );
    }
    format!(
        "{head} The work limits it: W/k = {} is more than S = {}; the graph's parallelism W/S = {} says threads help up to about {} of them.",
        duration(share),
        duration(e.span_ms),
        times(parallelism),
        parallelism.floor()
    )
}

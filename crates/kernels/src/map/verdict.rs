//! The map demo's verdict: one sentence from the whole report — the timings with their spread,
//! who did which chunk and when, the threads asked for, the measured parallelism and the quality
//! mark. It never praises a split that one thread did alone, says “slower” for a ratio under 1
//! and names the cost that dominated, calls a speedup above the ideal what it is, and never
//! advises what the parameters already do.

use super::{ChunkRecord, ChunkSize, MapFunction, MapReport, Workload};
use crate::params::group;
use crate::quality::Quality;
use crate::stats::{Summary, speedup};
use crate::verdict::{count, duration, efficiency_percent, half_range, pace, times};

/// A chunk holding less work than this (sequential time ÷ chunks) costs about as much to hand
/// out (a lock, two clock readings, a record) as to compute: its bookkeeping inside the chunk
/// counts as hand-out cost too.
pub const TINY_CHUNK_MS: f64 = 0.01;

/// What the chunk records of the last parallel repeat say. Times are thread-milliseconds, summed
/// over the `k` threads asked for, from the run's start to the last chunk's end (`span_ms`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ChunkSummary {
    pub chunks: usize,
    /// Threads that processed at least one chunk.
    pub threads_used: usize,
    /// The largest share of the elements one thread processed (1.0: all of them).
    pub top_share: f64,
    pub span_ms: f64,
    /// Before each thread's first chunk (waking it), and the whole span of a thread that came
    /// too late to find a chunk left.
    pub startup_ms: f64,
    /// Between one thread's chunks: taking the next chunk from the queue.
    pub between_ms: f64,
    /// Inside chunks.
    pub busy_ms: f64,
    /// After each thread's last chunk, waiting for the others; and the whole span of a thread
    /// that got nothing because there were fewer chunks than threads.
    pub tail_ms: f64,
}

impl ChunkSummary {
    /// From the records of one run on `threads` threads (`span_ms` counts from 0, when the run
    /// began).
    pub fn of(records: &[ChunkRecord], threads: usize) -> Self {
        let span_ms = records.iter().map(|c| c.ended_ms).fold(0.0, f64::max);
        // (thread, elements, first began, last ended, busy)
        let mut per: Vec<(usize, usize, f64, f64, f64)> = Vec::new();
        for c in records {
            let busy = c.ended_ms - c.began_ms;
            match per.iter_mut().find(|p| p.0 == c.thread) {
                Some(p) => *p = (p.0, p.1 + c.len, p.2.min(c.began_ms), p.3.max(c.ended_ms), p.4 + busy),
                None => per.push((c.thread, c.len, c.began_ms, c.ended_ms, busy)),
            }
        }
        let elements: usize = per.iter().map(|p| p.1).sum();
        let idle_threads = threads.saturating_sub(per.len()) as f64 * span_ms;
        let late = records.len() >= threads;
        let sum = |f: fn(&(usize, usize, f64, f64, f64)) -> f64| per.iter().map(f).sum::<f64>();
        Self {
            chunks: records.len(),
            threads_used: per.len(),
            top_share: per.iter().map(|p| p.1).max().map_or(0.0, |top| top as f64 / elements.max(1) as f64),
            span_ms,
            startup_ms: sum(|p| p.2) + if late { idle_threads } else { 0.0 },
            between_ms: sum(|p| (p.3 - p.2 - p.4).max(0.0)),
            busy_ms: sum(|p| p.4),
            tail_ms: per.iter().map(|p| span_ms - p.3).sum::<f64>() + if late { 0.0 } else { idle_threads },
        }
    }
}

/// Everything the verdict reads, built from a report by [`Evidence::of`] or written out in tests.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evidence {
    pub workload: MapFunction,
    pub n: usize,
    /// k, the threads asked for.
    pub threads: usize,
    pub chunk_len: usize,
    pub sequential: Summary,
    /// `None` where the page has no pool.
    pub parallel: Option<Summary>,
    /// Both outputs checked out.
    pub correct: bool,
    pub chunks: ChunkSummary,
    /// The device's measured parallelism, once known.
    pub cores: Option<usize>,
    /// The worst quality mark of the run's rows.
    pub quality: Quality,
    /// `square` on threads with the memory measured after it: square's GB/s over what the
    /// memory moved at the same k (STREAM's triad).
    pub bus_share: Option<f64>,
}

impl Evidence {
    pub fn of(report: &MapReport, cores: Option<usize>, quality: Quality) -> Self {
        let config = report.config;
        let threads = report.parallel.as_ref().map_or(config.threads.get(), |p| p.threads);
        Self {
            workload: config.workload,
            n: config.n,
            threads,
            chunk_len: config.chunk_len().get(),
            sequential: report.sequential.summary,
            parallel: report.parallel.as_ref().map(|p| p.summary),
            correct: report.sequential.correct && report.parallel.as_ref().is_none_or(|p| p.correct),
            chunks: ChunkSummary::of(&report.chunks, threads),
            cores,
            quality,
            bus_share: report.bandwidth.zip(report.parallel.as_ref()).map(|(memory, parallel)| {
                let square = crate::bandwidth::square_gbs(config.n, parallel.summary.median_ms);
                crate::bandwidth::square_bus_share(square, memory.triad_gbs)
            }),
        }
    }
}

/// The verdict on a whole report; see [`verdict`].
pub fn verdict_of(report: &MapReport, cores: Option<usize>, quality: Quality) -> String {
    verdict(&Evidence::of(report, cores, quality))
}

/// From this share of the measured bandwidth up, square is said to have kept the bus full (as
/// the page's memory-bus note says too).
pub const BUS_FULL: f64 = 0.8;

/// The cost that took most of the threads' time beyond the work itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cost {
    StartUp,
    HandOuts,
    Imbalance,
    /// The same work took longer on k threads: memory bandwidth or shared cores.
    Contention,
}

/// One sentence on what the numbers mean.
pub fn verdict(e: &Evidence) -> String {
    let Some(par) = e.parallel else {
        return "Only the sequential variant ran: this page has no thread pool (see the banner above).".into();
    };
    if !e.correct {
        return "The parallel output differs from the sequential one: this is a bug, please report it.".into();
    }
    let Some(s) = speedup(&e.sequential, &par) else { return "Too fast to time: try a larger n.".into() };
    let k = e.threads.max(1);
    let used = e.chunks.threads_used.clamp(1, k);
    let ideal = k.min(used).min(e.cores.unwrap_or(k).max(1));
    let lead = format!("{} on {} ({} efficiency)", pace(s), count(k, "thread"), efficiency_percent(s, k));
    if s > 1.02 * ideal as f64 {
        return format!("{lead}{}", beyond_ideal(e, &par, s, ideal));
    }
    if k == 1 {
        return format!(
            "{lead}: one thread does the sequential work plus {}, so it can at best match the sequential run; take k > 1 to share the work.",
            count(e.chunks.chunks, "hand-out")
        );
    }
    if s >= 0.9 * ideal as f64 && used == k {
        let lopsided = e.chunks.top_share > 1.25 / k as f64;
        return match e.cores.filter(|&c| c < k) {
            Some(c) => format!(
                "{lead}: close to the ideal {ideal}× of the {} measured on this device; the other threads only took turns on them.",
                count(c, "core")
            ),
            None if lopsided => format!(
                "{lead}: close to the ideal {k}×, though one thread did {:.0} % of the elements (its elements cost less).",
                100.0 * e.chunks.top_share
            ),
            None => format!("{lead}: close to the ideal {k}×, the work split cleanly."),
        };
    }
    format!("{lead}: {}", reason(e, dominant(e), k, used))
}

/// A speedup above `ideal`: noise, a cache effect, or too few repeats to tell.
fn beyond_ideal(e: &Evidence, par: &Summary, s: f64, ideal: usize) -> String {
    let who = if e.chunks.threads_used < e.threads {
        format!(", yet one thread did {:.0} % of the elements, so the ideal was {ideal}×", 100.0 * e.chunks.top_share)
    } else if ideal < e.threads {
        format!(", yet this device measured {}, so the ideal was {ideal}×", count(ideal, "core"))
    } else {
        String::new()
    };
    let Some(spread) = half_range(&e.sequential) else {
        return format!(
            "{who}. Faster than ideal means the sequential run was slowed (a busy machine) or a cache effect, and with {} there is no min–max spread to tell which: rerun with more repeats.",
            count(e.sequential.runs, "repeat")
        );
    };
    let best = if par.min_ms > 0.0 { e.sequential.min_ms / par.min_ms } else { s };
    if best <= 1.02 * ideal as f64 || e.quality != Quality::Clean {
        return format!(
            "{who}. Faster than ideal: the sequential run was slowed (its fastest repeat gives {}); the min–max spread is ±{:.0} %; rerun.",
            times(best),
            100.0 * spread
        );
    }
    match e.workload {
        // What the chunks measured: the threads' time inside them against one thread's for the
        // same elements. Less means each element cost the threads less than the sequential run.
        MapFunction::BuiltIn(Workload::Square)
            if e.chunks.busy_ms > 0.0 && e.chunks.busy_ms < e.sequential.median_ms =>
        {
            format!(
                "{who}. Faster than ideal on the fastest repeats too (±{:.0} % spread): the threads spent {} inside their chunks in all, against {} for the same elements on one thread, so each element cost them less. A cache effect: the data sat in the caches differently for them than for the one sequential thread.",
                100.0 * spread,
                duration(e.chunks.busy_ms),
                duration(e.sequential.median_ms)
            )
        }
        MapFunction::BuiltIn(Workload::Square) => format!(
            "{who}. Faster than ideal on the fastest repeats too (±{:.0} % spread), though the threads spent as long inside their chunks as one thread on all the elements: something slowed every sequential repeat alike (another program, or the processor's clock); rerun.",
            100.0 * spread
        ),
        MapFunction::BuiltIn(Workload::Collatz | Workload::Matvec) => format!(
            "{who}. Faster than ideal on the fastest repeats too (±{:.0} % spread), though this work barely touches memory: something slowed every sequential repeat alike (another program, or the processor's clock); rerun.",
            100.0 * spread
        ),
        MapFunction::Custom => format!(
            "{who}. Faster than ideal on the fastest repeats too (±{:.0} % spread): if your f reads little memory, something slowed every sequential repeat alike (another program, or the processor's clock); rerun.",
            100.0 * spread
        ),
    }
}

/// The largest cost beyond the work, or contention when none stands out.
fn dominant(e: &Evidence) -> Cost {
    let c = &e.chunks;
    let tiny = c.chunks > 0 && e.sequential.median_ms / (c.chunks as f64) < TINY_CHUNK_MS;
    let in_chunks = (c.busy_ms - e.sequential.median_ms).max(0.0);
    let costs = [
        (Cost::StartUp, c.startup_ms),
        (Cost::HandOuts, c.between_ms + if tiny { in_chunks } else { 0.0 }),
        (Cost::Imbalance, c.tail_ms),
        (Cost::Contention, if tiny { 0.0 } else { in_chunks }),
    ];
    let total = c.span_ms * e.threads.max(1) as f64;
    match costs.into_iter().max_by(|a, b| a.1.total_cmp(&b.1)) {
        Some((cost, ms)) if ms > 0.1 * total => cost,
        _ => Cost::Contention,
    }
}

fn reason(e: &Evidence, cost: Cost, k: usize, used: usize) -> String {
    let c = &e.chunks;
    let share = |ms: f64| 100.0 * ms / (c.span_ms * k as f64).max(f64::MIN_POSITIVE);
    match cost {
        Cost::HandOuts => {
            let auto = ChunkSize::Auto.resolve(e.n, k);
            let advice = if e.chunk_len < auto {
                format!(" Larger chunks (auto takes {}) pay it less often.", group(auto))
            } else {
                String::new()
            };
            format!(
                "the cost was the {}, not the work: each chunk of {} held about {} of work, less than handing it out costs.{advice}",
                count(c.chunks, "hand-out"),
                count(e.chunk_len, "element"),
                duration(e.sequential.median_ms / c.chunks.max(1) as f64)
            )
        }
        Cost::Imbalance if used < k && e.chunk_len == 1 => format!(
            "only {} of the {k} threads got work: there {} for {}.",
            used,
            if e.n == 1 { "was 1 element".to_owned() } else { format!("were {}", count(e.n, "element")) },
            count(k, "thread")
        ),
        Cost::Imbalance if used < k => format!(
            "only {used} of the {k} threads got a chunk: there {}. Use smaller chunks, so there are more chunks than threads.",
            if c.chunks == 1 { "was 1 chunk".to_owned() } else { format!("were {}", count(c.chunks, "chunk")) }
        ),
        Cost::Imbalance if e.chunk_len == 1 => format!(
            "the threads sat idle {:.0} % of the run waiting for the last chunk (see the timeline), though the chunks are already of 1 element: some elements cost far more than others.",
            share(c.tail_ms)
        ),
        Cost::Imbalance => format!(
            "the threads sat idle {:.0} % of the run waiting for the last chunk (see the timeline). Smaller chunks balance the load better, at the cost of more hand-outs: Pool.map's chunksize trade-off.",
            share(c.tail_ms)
        ),
        Cost::StartUp => format!(
            "the cost was start-up: the threads waited {:.0} % of the run for their first chunk, against {} of work in all. Too little work to share; threads pay off at larger n (a size sweep shows where).",
            share(c.startup_ms),
            duration(e.sequential.median_ms)
        ),
        Cost::Contention => match (e.workload, e.cores.filter(|&c| c < k)) {
            (MapFunction::BuiltIn(Workload::Square), _) => match e.bus_share {
                Some(share) if share < BUS_FULL => format!(
                    "the threads were evenly loaded yet slower together than alone, and not for want of memory: square kept the memory bus {:.0} % as busy as the memory's own measured best at the same k (below). Shared caches, another program, or two logical cores on one physical core.",
                    100.0 * share
                ),
                Some(share) => format!(
                    "squaring is one multiply per 12 bytes of memory traffic, and square kept the shared memory bus nearly full ({:.0} % as busy as the memory's own measured best at the same k, below): the bus, not the cores, set the pace. Try the collatz workload.",
                    100.0 * share
                ),
                None => "squaring is one multiply per 12 bytes of memory traffic, so the shared memory bus, not the cores, set the pace. Try the collatz workload.".into(),
            },
            (_, Some(cores)) => format!(
                "this device measured {}, so the {k} threads took turns on them.",
                count(cores, "core")
            ),
            _ => "the threads were evenly loaded, so the cores themselves were slower together than alone (shared caches, another program, or two logical cores on one physical core).".into(),
        },
    }
}

/// A student's f: is it heavy enough, at this n, to be worth the pool? From the run's own
/// per-element time and speedup; where the answer depends on n, the size sweep (`sweep=n`)
/// finds the crossover.
pub fn worth_the_pool(report: &MapReport) -> String {
    let n = report.config.n.max(1);
    let per_element_ns = report.sequential.summary.median_ms * 1e6 / n as f64;
    let cost = format!("f took {per_element_ns:.1} ns per element on one thread");
    let Some(par) = &report.parallel else {
        return format!("{cost}; this page has no thread pool, so whether f is worth one is not measured here.");
    };
    let Some(s) = speedup(&report.sequential.summary, &par.summary) else {
        return format!("{cost}: too fast to time at n = {}; take a larger n.", group(n));
    };
    let k = par.threads;
    if s >= 0.8 * k as f64 {
        format!(
            "{cost}: heavy enough. At n = {} the pool of {} ran {}, near its ideal {k}×.",
            group(n),
            count(k, "thread"),
            pace(s)
        )
    } else if s > 1.1 {
        format!(
            "{cost}: worth the pool at n = {} ({} on {}), short of the ideal {k}×: the chart and the verdict above say where the rest went. Sweep over n to see how the gain grows with n.",
            group(n),
            pace(s),
            count(k, "thread")
        )
    } else {
        format!(
            "{cost}: not worth the pool at n = {} ({} on {}): handing out the work cost about as much as it saved. A larger n or a heavier f pays for it; sweep over n (sweep = n) to find where the pool starts to pay.",
            group(n),
            pace(s),
            count(k, "thread")
        )
    }
}

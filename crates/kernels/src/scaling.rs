//! What a sweep's numbers teach: whether threads past the cores helped (oversubscription), and
//! the problem size above which the parallel version beats the sequential one (the crossover).

use std::num::NonZeroUsize;

use crate::params::group;
use crate::stats::{Timings, VariantTiming, speedup};

/// What Sweep varies on map and sort (`sweep=threads|n`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SweepAxis {
    /// k = 1 … the pool, at the chosen n: speedup against threads.
    Threads,
    /// n = 1 000 … the chosen n, at the chosen k: speedup against problem size.
    Size,
}

impl SweepAxis {
    pub const ALL: [SweepAxis; 2] = [SweepAxis::Threads, SweepAxis::Size];

    pub fn name(self) -> &'static str {
        match self {
            SweepAxis::Threads => "threads",
            SweepAxis::Size => "n",
        }
    }
}

/// The thread counts a thread sweep times on a pool of `pool` threads: every k up to 16, then
/// every eighth, and the pool itself, so a sweep to 64 threads stays 22 points long.
pub fn sweep_thread_counts(pool: NonZeroUsize) -> Vec<NonZeroUsize> {
    let pool = pool.get();
    (1..=pool).filter(|&k| k <= 16 || k % 8 == 0 || k == pool).filter_map(NonZeroUsize::new).collect()
}

/// What the measured points say past the cores, in words (`None` when the sweep stayed within
/// them). `points` are (threads, speedup) in thread order.
pub fn past_the_cores(points: &[(usize, f64)], cores: usize) -> Option<String> {
    let best =
        |within: bool| points.iter().filter(|p| (p.0 <= cores) == within).copied().max_by(|a, b| a.1.total_cmp(&b.1));
    let ((k_in, s_in), (k_out, s_out)) = (best(true)?, best(false)?);
    let &(k_last, s_last) = points.last()?;
    // Within a few percent is noise on a shared machine, not a gain.
    let text = if s_out > s_in * 1.05 {
        format!(
            "More threads than the {cores} cores helped here: {s_out:.2}× at k = {k_out} against {s_in:.2}× at k = {k_in}. \
             Threads that wait (for memory, for each other) leave a core idle that another thread can use; \
             or this device has more cores than it was counted to have."
        )
    } else if s_last < s_in * 0.95 {
        format!(
            "Past the {cores} cores, more threads cost time: the best was {s_in:.2}× at k = {k_in}; at k = {k_last}, \
             {s_last:.2}×. The threads take turns on the cores, and each switch and each extra chunk to hand out costs."
        )
    } else {
        format!(
            "Past the {cores} cores the speedup stayed flat: {s_in:.2}× at k = {k_in}, {s_last:.2}× at k = {k_last}. \
             Threads beyond the cores only take turns on them."
        )
    };
    Some(text)
}

/// One problem size of a size sweep: the sequential and the parallel timing at that n.
#[derive(Debug, Clone, PartialEq)]
pub struct SizePoint {
    pub n: usize,
    pub sequential: VariantTiming,
    pub parallel: VariantTiming,
}

impl SizePoint {
    pub fn speedup(&self) -> Option<f64> {
        speedup(&self.sequential.summary, &self.parallel.summary)
    }
}

/// A size sweep (`sweep=n`): the sequential and the parallel version at fixed threads, for n
/// from 1 000 up to the chosen n.
#[derive(Debug, Clone, PartialEq)]
pub struct SizeSweep {
    pub threads: NonZeroUsize,
    /// What the parallel side is (`parallel`, `chunks+kway`).
    pub parallel_name: &'static str,
    pub points: Vec<SizePoint>,
}

impl SizeSweep {
    /// (n, speedup) of every point with both timings.
    pub fn speedups(&self) -> Vec<(usize, f64)> {
        self.points.iter().filter_map(|p| Some((p.n, p.speedup()?))).collect()
    }

    pub fn correct(&self) -> bool {
        self.points.iter().all(|p| p.sequential.correct && p.parallel.correct)
    }
}

/// The smallest n a size sweep starts at.
pub const SMALLEST_SWEEP_N: usize = 1_000;

/// The fewest elements one timed sample of a size sweep covers: a call on 1,000 elements
/// takes microseconds, near the browser's timer resolution (5 µs in Chromium, more elsewhere),
/// and once read 8.9× on 2 threads. Small sizes are therefore called several times per sample,
/// as `timeit` does, and the sample is the time per call.
pub const MIN_SAMPLE_ELEMENTS: usize = 200_000;

/// How many calls on `n` elements make one timed sample.
pub fn calls_per_sample(n: usize) -> usize {
    MIN_SAMPLE_ELEMENTS.div_ceil(n.max(1))
}

/// A timing of single calls made `calls` at a time turned into one sample per group: the
/// group's mean time per call. Every call's check counts.
pub fn per_call(timing: VariantTiming, calls: usize) -> VariantTiming {
    let calls = calls.max(1);
    let samples_ms =
        timing.samples_ms.chunks(calls).map(|group| group.iter().sum::<f64>() / group.len() as f64).collect();
    Timings { samples_ms, correct: timing.correct }.finish(timing.threads)
}

/// The problem sizes of a size sweep up to `max_n`: 1, 2 and 5 of each power of ten from
/// 1 000, and `max_n` itself.
pub fn sweep_sizes(max_n: usize) -> Vec<usize> {
    let mut sizes = Vec::new();
    let mut decade = SMALLEST_SWEEP_N;
    'decades: loop {
        for step in [1, 2, 5] {
            let n = decade.saturating_mul(step);
            if n >= max_n {
                break 'decades;
            }
            sizes.push(n);
        }
        decade = decade.saturating_mul(10);
    }
    sizes.push(max_n.max(1));
    sizes
}

/// The break-even size: the n above which the parallel version was faster at every measured
/// size, where the speedup crosses 1 (interpolated on a log scale of n between the two points
/// either side). `None` when it never crosses to stay above 1: parallel never paid off, or
/// paid off already at the smallest n (then there is no crossing to find). A dip below 1 after
/// a crossing (noise, or a size that no longer fits a cache) moves the break-even past it.
/// `points` are (n, speedup) in increasing n.
pub fn break_even(points: &[(usize, f64)]) -> Option<f64> {
    let last_loss = points.iter().rposition(|p| p.1 < 1.0)?;
    let (below, above) = (points[last_loss], *points.get(last_loss + 1)?);
    let (x0, x1) = ((below.0.max(1) as f64).ln(), (above.0.max(1) as f64).ln());
    let t = (1.0 - below.1) / (above.1 - below.1);
    Some((x0 + t * (x1 - x0)).exp())
}

/// What the size sweep says, in words.
pub fn crossover_verdict(points: &[(usize, f64)], threads: usize) -> String {
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return "No size was timed.".to_owned();
    };
    match break_even(points) {
        Some(n) => format!(
            "With {threads} threads the parallel version paid off above about n = {} on this device: below it, \
             starting the threads, handing out chunks and merging cost more than the threads saved.",
            group(n.round() as usize)
        ),
        None if first.1 >= 1.0 => format!(
            "With {threads} threads the parallel version was faster already at n = {}, the smallest size timed: \
             the break-even is below it.",
            group(first.0)
        ),
        None => format!(
            "With {threads} threads the parallel version never paid off up to n = {}: its best was {:.2}×. \
             Try a heavier workload, a larger n, or more cores.",
            group(last.0),
            points.iter().map(|p| p.1).fold(0.0, f64::max)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweep_sizes_go_from_a_thousand_to_n() {
        assert_eq!(
            sweep_sizes(1_000_000),
            [1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000]
        );
        assert_eq!(sweep_sizes(3_000), [1_000, 2_000, 3_000]);
        assert_eq!(sweep_sizes(500), [500]);
    }

    #[test]
    fn small_sizes_are_timed_several_calls_per_sample() {
        assert_eq!(calls_per_sample(1_000), 200);
        assert_eq!(calls_per_sample(1_000_000), 1);
        let calls = Timings { samples_ms: vec![1.0, 3.0, 2.0, 2.0, 10.0, 20.0], correct: true }.finish(2);
        let samples = per_call(calls, 2);
        assert_eq!(samples.samples_ms, [2.0, 2.0, 15.0]);
        assert_eq!((samples.summary.median_ms, samples.summary.runs, samples.threads), (2.0, 3, 2));
    }

    #[test]
    fn thread_counts_are_every_k_then_every_eighth() {
        let counts =
            |pool| sweep_thread_counts(NonZeroUsize::new(pool).unwrap()).iter().map(|k| k.get()).collect::<Vec<_>>();
        assert_eq!(counts(8), (1..=8).collect::<Vec<_>>());
        assert_eq!(counts(64).len(), 22);
        assert_eq!(counts(30).last(), Some(&30));
    }

    #[test]
    fn past_the_cores_reads_flat_falling_and_rising() {
        let flat = [(1, 1.0), (2, 1.9), (3, 1.85), (4, 1.9), (8, 1.88)];
        assert!(past_the_cores(&flat, 2).unwrap().contains("stayed flat"));
        let falling = [(1, 1.0), (2, 1.9), (4, 1.7), (8, 1.4)];
        assert!(past_the_cores(&falling, 2).unwrap().contains("cost time"));
        let rising = [(1, 1.0), (2, 1.9), (4, 3.5)];
        assert!(past_the_cores(&rising, 2).unwrap().contains("helped"));
        assert_eq!(past_the_cores(&[(1, 1.0), (2, 1.9)], 2), None);
    }
}
